"""The report as Word (python-docx): real heading styles (Heading 1-3, so the region can restyle it with
its own template), charts as images with their text alternative, tables as Word tables."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from styrkedja.reports.assemble import GoalFigures, Report
from styrkedja.reports.assemble.words import number
from styrkedja.reports.render import figures as fx
from styrkedja.reports.render.images import chart_png
from styrkedja.reports.render.labels import label


def _table(doc: Any, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    rows = list(rows)
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _repeat_header(row: Any) -> None:
    """Mark the first row as a header row (repeats on each page; screen readers read it as headers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _picture(doc: Any, g: GoalFigures) -> None:
    from docx.shared import Cm

    if g.chart is None:
        return
    shape = doc.add_picture(chart_png(g.chart), width=Cm(16))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", g.chart.alt)  # the text alternative, read by screen readers
    doc_pr.set("title", g.chart.title)
    doc.add_paragraph(g.chart.caption, style="Caption")


def _goal(doc: Any, g: GoalFigures, lang: str) -> None:
    doc.add_heading(g.goal.name, level=3)
    if not g.targets:
        doc.add_paragraph(f"– {label('no_data_yet', lang)}")
    for t in g.targets:
        p = doc.add_paragraph()
        if t.target_text:
            p.add_run(f"{label('target', lang)}: {t.target_text} · ")
        p.add_run(fx.status_line(t, lang)).bold = True
        facts = [f"{label('latest', lang)}: {fx.latest_text(g, t, lang)}"]
        if t.benchmark_value is not None:
            facts.append(f"{label('benchmark', lang)}: {fx.benchmark_text(g, t, lang)}")
        if fc := fx.forecast_text(g, t, lang):
            facts.append(fc)
        doc.add_paragraph(" · ".join(facts))
        if t.explanation:
            doc.add_paragraph(t.explanation)
    if ranks := fx.rank_texts(g, lang):
        doc.add_paragraph(" · ".join(ranks))
    _picture(doc, g)
    if g.assessment is not None:
        a = g.assessment
        doc.add_paragraph(f"{label('assessment', lang)} {a.year}: {a.rating_label}", style="Intense Quote")
        doc.add_paragraph(a.text)
    if g.initiatives:
        doc.add_paragraph(f"{label('initiatives', lang)}: {', '.join(i.name for i in g.initiatives)}")


def _summary(doc: Any, report: Report, lang: str) -> None:
    doc.add_heading(label("summary", lang), level=1)
    doc.add_paragraph(label("summary_lead", lang))
    for s in report.summaries:
        doc.add_heading(s.strategy.name, level=2)
        rows = [(text, str(n)) for _c, text, n in s.counts] + [(label("total", lang), str(s.total))]
        _table(doc, [label("status", lang), label("count", lang)], rows)
        for p in s.problems:
            doc.add_paragraph(f"{p.goal_name} ({p.status_text}): {p.reason}", style="List Bullet")


def _chain(doc: Any, report: Report, lang: str) -> None:
    for key, sections in (("rus", report.rus), ("subs", report.subs)):
        doc.add_heading(label(key, lang), level=1)
        for s in sections:
            doc.add_heading(s.strategy.name, level=2)
            for g in s.goals:
                _goal(doc, g, lang)
    if report.matrix:
        _landscape(doc, True)  # six text columns do not fit a portrait page without breaking every word
        doc.add_heading(label("matrix", lang), level=2)
        keys = ("goal", "challenges", "priorities", "sub_indicators", "indicator", "rus_goals")
        _table(doc, [label(k, lang) for k in keys], [
            (m.goal, "; ".join(m.challenges), "; ".join(m.priorities), "; ".join(m.sub_indicators), m.indicator,
             "; ".join(m.rus_goals)) for m in report.matrix
        ])  # fmt: skip
        _landscape(doc, False)


def _a4(section: Any) -> None:
    """A4 with 2 cm margins: python-docx's blank template is US Letter, which Swedish printers do not hold."""
    from docx.shared import Cm

    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)


def _landscape(doc: Any, on: bool) -> None:
    """Start a new section on a new page, turned to landscape (`on`) or back to portrait."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    last = doc.sections[-1]
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    short, long = sorted((last.page_width, last.page_height))
    section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if on else (short, long)


def _money(v: float | None, lang: str) -> str:
    return number(v, 0, lang) if v is not None else "–"


def _portfolio(doc: Any, report: Report, lang: str) -> None:
    p = report.portfolio
    doc.add_heading(label("portfolio", lang), level=1)
    if p.rows:
        _table(doc, [label(k, lang) for k in ("initiative", "kind", "budget", "hours", "serves")], [
            (r.initiative.name, r.initiative.kind_label, _money(r.initiative.budget, lang),
             _money(r.initiative.hours, lang), "; ".join(g.name for g in r.goals) or "–") for r in p.rows
        ])  # fmt: skip
    else:
        doc.add_paragraph(label("no_ongoing", lang))
    doc.add_heading(label("unserved", lang), level=2)
    for g in p.unserved:
        doc.add_paragraph(g.name, style="List Bullet")
    if not p.unserved:
        doc.add_paragraph(label("all_served", lang))
    if report.edition == "intern":
        doc.add_heading(label("finished", lang), level=1)
        for ini in report.finished:
            doc.add_heading(ini.name, level=2)
            doc.add_paragraph(f"{ini.kind_label} · {ini.start or ''}–{ini.end or ''}")
            cols = [label(k, lang) for k in ("project_goal", "target", "reported", "period")]
            _table(doc, cols, [(r.name, r.target_text or "–", r.reported or "–", r.period or "–")
                               for r in ini.goal_results])  # fmt: skip
        if not report.finished:
            doc.add_paragraph(label("no_finished", lang))


def _sources(doc: Any, report: Report, lang: str) -> None:
    for x in report.extra:
        doc.add_heading(x.title, level=1)
        if x.lead:
            doc.add_paragraph(x.lead)
        _table(doc, x.columns, x.rows)
    doc.add_heading(label("sources", lang), level=1)
    _table(doc, [label(k, lang) for k in ("indicator", "source", "table", "batch", "retrieved")], [
        (s.indicator, s.source, s.ref or "–", ", ".join(f"#{b}" for b in s.batches) or "–",
         ", ".join(d.isoformat() for d in s.retrieved) or "–") for s in report.sources
    ])  # fmt: skip
    doc.add_heading(label("methods", lang), level=2)
    for p in report.methods:
        doc.add_paragraph(p)


def _set_language(doc: Any, tag: str) -> None:
    """The proofing language of all text (docDefaults), so Word and screen readers use Swedish or English."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), tag)


def render_docx(report: Report) -> bytes:
    from docx import Document

    lang = report.language
    doc = Document()
    props = doc.core_properties
    props.title = fx.title(report)
    props.author = report.region_name
    props.language = "en-GB" if lang.startswith("en") else "sv-SE"
    _set_language(doc, props.language)
    _a4(doc.sections[0])
    doc.add_heading(fx.title(report), level=0)
    doc.add_paragraph(fx.subtitle(report), style="Subtitle")
    doc.add_paragraph(fx.date_text(report))
    _summary(doc, report, lang)
    _chain(doc, report, lang)
    _portfolio(doc, report, lang)
    _sources(doc, report, lang)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
