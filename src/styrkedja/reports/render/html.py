"""The report as one HTML document (print CSS): what the PDF is made from. Headings in order, a table of
contents with page numbers, every chart an image with its text alternative and source caption."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape

from styrkedja.reports.assemble import GoalFigures, Report, StrategySection
from styrkedja.reports.assemble.words import number
from styrkedja.reports.render import figures as fx
from styrkedja.reports.render.labels import label

CSS = """
@page { size: A4; margin: 22mm 20mm 24mm 20mm;
  @bottom-center { content: counter(page) " (" counter(pages) ")"; font-size: 9pt; color: #444; } }
@page :first { @bottom-center { content: none; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; color: #1a1a1a; }
h1 { font-size: 22pt; margin: 60mm 0 6mm; color: #0b5394; }
h2 { font-size: 16pt; color: #0b5394; break-before: page; margin-top: 0; }
h3 { font-size: 13pt; margin: 8mm 0 2mm; break-after: avoid; }
h4 { font-size: 11pt; margin: 5mm 0 1mm; break-after: avoid; }
.cover p { font-size: 12pt; margin: 1mm 0; }
nav ol { list-style: none; padding: 0; }
nav li { margin: 2mm 0; }
nav a { color: inherit; text-decoration: none; }
nav a::after { content: leader('.') target-counter(attr(href), page); }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9pt; }
th, td { border-bottom: 0.5pt solid #999; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
thead th { border-bottom: 1pt solid #333; }
/* Many text columns (the traceability matrix): equal widths, and long Swedish compounds hyphenated
   rather than pushing the table off the page. */
table.fixed { table-layout: fixed; font-size: 8pt; }
table.fixed th, table.fixed td { hyphens: auto; overflow-wrap: anywhere; }
td.num { text-align: right; white-space: nowrap; }
figure { margin: 3mm 0 5mm; break-inside: avoid; }
figure img { width: 160mm; }
figcaption { font-size: 8.5pt; color: #333; }
.status { font-weight: bold; }
.muted { color: #555; }
.goal { break-inside: auto; }
.assessment { border-left: 2pt solid #0b5394; padding-left: 3mm; }
"""


def _e(text: object) -> str:
    return escape(str(text))


def _table(
    columns: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: Sequence[int] = (), fixed: bool = False
) -> str:
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if i == 0:
                cells.append(f'<th scope="row">{_e(cell)}</th>')
            else:
                cls = ' class="num"' if i in numeric else ""
                cells.append(f"<td{cls}>{_e(cell)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    layout = ' class="fixed"' if fixed else ""
    return f"<table{layout}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _chart(g: GoalFigures) -> str:
    if g.chart is None:
        return ""
    data = base64.b64encode(g.chart.svg.encode("utf-8")).decode("ascii")
    return (
        f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{_e(g.chart.alt)}">'
        f"<figcaption>{_e(g.chart.caption)}</figcaption></figure>"
    )


def _goal(g: GoalFigures, language: str, level: int) -> str:
    h = f"h{level}"
    out = [f'<section class="goal"><{h}>{_e(g.goal.name)}</{h}>']
    if not g.targets:
        out.append(f'<p class="status">– {_e(label("no_data_yet", language))}</p>')
    for t in g.targets:
        target = f"{_e(label('target', language))}: {_e(t.target_text)} · " if t.target_text else ""
        out.append(f'<p>{target}<span class="status">{_e(fx.status_line(t, language))}</span></p>')
        facts = [f"{label('latest', language)}: {fx.latest_text(g, t, language)}"]
        if t.benchmark_value is not None:
            facts.append(f"{label('benchmark', language)}: {fx.benchmark_text(g, t, language)}")
        if (fc := fx.forecast_text(g, t, language)) != "":
            facts.append(fc)
        out.append(f'<p class="muted">{_e(" · ".join(facts))}</p>')
        if t.explanation:
            out.append(f"<p>{_e(t.explanation)}</p>")
    ranks = fx.rank_texts(g, language)
    if ranks:
        out.append(f'<p class="muted">{_e(" · ".join(ranks))}</p>')
    out.append(_chart(g))
    if g.assessment is not None:
        a = g.assessment
        out.append(
            f'<div class="assessment"><p><strong>{_e(label("assessment", language))} {a.year}: '
            f"{_e(a.rating_label)}</strong></p><p>{_e(a.text)}</p></div>"
        )
    if g.initiatives:
        names = ", ".join(i.name for i in g.initiatives)
        out.append(f"<p>{_e(label('initiatives', language))}: {_e(names)}</p>")
    out.append("</section>")
    return "".join(out)


def _summary(report: Report) -> str:
    lang = report.language
    out = [f'<h2 id="summary">{_e(label("summary", lang))}</h2><p>{_e(label("summary_lead", lang))}</p>']
    for s in report.summaries:
        out.append(f"<h3>{_e(s.strategy.name)}</h3>")
        rows = [(text, str(n)) for _code, text, n in s.counts] + [(label("total", lang), str(s.total))]
        out.append(_table([label("status", lang), label("count", lang)], rows, numeric=[1]))
        if s.problems:
            items = "".join(f"<li><strong>{_e(p.goal_name)}</strong> ({_e(p.status_text)}): {_e(p.reason)}</li>"
                            for p in s.problems)  # fmt: skip
            out.append(f"<ul>{items}</ul>")
    return "".join(out)


def _sections(report: Report, sections: Sequence[StrategySection], anchor: str, key: str) -> str:
    lang = report.language
    out = [f'<h2 id="{anchor}">{_e(label(key, lang))}</h2>']
    if not sections:
        out.append(f"<p>{_e(label('no_goals', lang))}</p>")
    for s in sections:
        out.append(f"<h3>{_e(s.strategy.name)}</h3>")
        out.extend(_goal(g, lang, 4) for g in s.goals)
        if not s.goals:
            out.append(f"<p>{_e(label('no_goals', lang))}</p>")
    return "".join(out)


def _matrix(report: Report) -> str:
    lang = report.language
    if not report.matrix:
        return ""
    cols = [label(k, lang) for k in ("goal", "challenges", "priorities", "sub_indicators", "indicator", "rus_goals")]
    rows = [
        (m.goal, "; ".join(m.challenges), "; ".join(m.priorities), "; ".join(m.sub_indicators), m.indicator,
         "; ".join(m.rus_goals))
        for m in report.matrix
    ]  # fmt: skip
    return f'<h3 id="matrix">{_e(label("matrix", lang))}</h3>{_table(cols, rows, fixed=True)}'


def _money(value: float | None, lang: str) -> str:
    return number(value, 0, lang) if value is not None else "–"


def _portfolio(report: Report) -> str:
    lang, p = report.language, report.portfolio
    out = [f'<h2 id="portfolio">{_e(label("portfolio", lang))}</h2>']
    if p.rows:
        cols = [label(k, lang) for k in ("initiative", "kind", "budget", "hours", "serves")]
        rows = [
            (r.initiative.name, r.initiative.kind_label, _money(r.initiative.budget, lang),
             _money(r.initiative.hours, lang), "; ".join(g.name for g in r.goals) or "–")
            for r in p.rows
        ]  # fmt: skip
        out.append(_table(cols, rows, numeric=[2, 3]))
    else:
        out.append(f"<p>{_e(label('no_ongoing', lang))}</p>")
    out.append(f"<h3>{_e(label('unserved', lang))}</h3>")
    if p.unserved:
        out.append("<ul>" + "".join(f"<li>{_e(g.name)}</li>" for g in p.unserved) + "</ul>")
    else:
        out.append(f"<p>{_e(label('all_served', lang))}</p>")
    return "".join(out)


def _finished(report: Report) -> str:
    lang = report.language
    if report.edition != "intern":
        return ""
    out = [f'<h2 id="finished">{_e(label("finished", lang))}</h2>']
    for ini in report.finished:
        period = f"{ini.start or ''}–{ini.end or ''}"
        out.append(f"<h3>{_e(ini.name)}</h3><p class='muted'>{_e(ini.kind_label)} · {_e(period)}</p>")
        cols = [label(k, lang) for k in ("project_goal", "target", "reported", "period")]
        rows = [(r.name, r.target_text or "–", r.reported or "–", r.period or "–") for r in ini.goal_results]
        out.append(_table(cols, rows))
    if not report.finished:
        out.append(f"<p>{_e(label('no_finished', lang))}</p>")
    return "".join(out)


def _extra(report: Report) -> str:
    out = []
    for x in report.extra:
        out.append(f'<h2 id="extra-{_e(x.key)}">{_e(x.title)}</h2>')
        if x.lead:
            out.append(f"<p>{_e(x.lead)}</p>")
        out.append(_table(x.columns, x.rows))
    return "".join(out)


def _sources(report: Report) -> str:
    lang = report.language
    cols = [label(k, lang) for k in ("indicator", "source", "table", "batch", "retrieved")]
    rows = [
        (s.indicator, s.source, s.ref or "–", ", ".join(f"#{b}" for b in s.batches) or "–",
         ", ".join(d.isoformat() for d in s.retrieved) or "–")
        for s in report.sources
    ]  # fmt: skip
    methods = "".join(f"<p>{_e(p)}</p>" for p in report.methods)
    return (
        f'<h2 id="sources">{_e(label("sources", lang))}</h2>{_table(cols, rows)}'
        f"<h3>{_e(label('methods', lang))}</h3>{methods}"
    )


def _toc(report: Report) -> str:
    lang = report.language
    entries = [("summary", label("summary", lang)), ("rus", label("rus", lang)), ("subs", label("subs", lang)),
               ("portfolio", label("portfolio", lang))]  # fmt: skip
    if report.edition == "intern":
        entries.append(("finished", label("finished", lang)))
    entries += [(f"extra-{x.key}", x.title) for x in report.extra]
    entries.append(("sources", label("sources", lang)))
    items = "".join(f'<li><a href="#{_e(k)}">{_e(t)}</a></li>' for k, t in entries)
    return f'<nav aria-labelledby="toc"><h2 id="toc">{_e(label("contents", lang))}</h2><ol>{items}</ol></nav>'


def render_html(report: Report) -> str:
    lang = "en" if report.language.startswith("en") else "sv"
    cover = (
        f'<section class="cover"><h1>{_e(fx.title(report))}</h1><p>{_e(fx.subtitle(report))}</p>'
        f"<p>{_e(fx.date_text(report))}</p></section>"
    )
    body = "".join([
        cover, _toc(report), _summary(report), _sections(report, report.rus, "rus", "rus"),
        _sections(report, report.subs, "subs", "subs"), _matrix(report), _portfolio(report), _finished(report),
        _extra(report), _sources(report),
    ])  # fmt: skip
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{_e(fx.title(report))}</title>'
        f'<meta name="author" content="{_e(report.region_name)}"><style>{CSS}</style></head>'
        f"<body>{body}</body></html>"
    )
