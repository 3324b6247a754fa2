"""The report as slides (python-pptx) for the region days: a title slide, one slide per RUS goal with its
status, chart and a three-line explanation, one per sub-strategy, one for the portfolio mapping, and one
per section other parts of the product contribute (influence index, contribution analyses, actions)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from styrkedja.reports.assemble import GoalFigures, Report, StrategySection
from styrkedja.reports.assemble.inputs import ExtraSectionIn
from styrkedja.reports.assemble.summary import first_sentence
from styrkedja.reports.render import figures as fx
from styrkedja.reports.render.images import chart_png
from styrkedja.reports.render.labels import label
from styrkedja.reports.render.summary import three_lines

TITLE, TITLE_ONLY, TITLE_CONTENT = 0, 5, 1


def _text(frame: Any, lines: list[str], size: int = 16) -> None:
    from pptx.util import Pt

    frame.word_wrap = True
    for i, line in enumerate(lines):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.text = line
        p.font.size = Pt(size)


def _titled(prs: Any, title: str) -> Any:
    """A title-only slide whose title spans the 16:9 width (the default layouts are drawn for 4:3)."""
    from pptx.util import Cm, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    t = slide.shapes.title
    t.left, t.top, t.width, t.height = Cm(1.2), Cm(0.6), Cm(31.4), Cm(2.6)
    t.text = title
    for p in t.text_frame.paragraphs:
        p.font.size = Pt(28)
    return slide


def _goal_slide(prs: Any, g: GoalFigures, lang: str) -> None:
    from pptx.util import Cm, Pt

    slide = _titled(prs, g.goal.name)
    box = slide.shapes.add_textbox(Cm(1.2), Cm(3.6), Cm(12), Cm(13))
    _text(box.text_frame, three_lines(g, lang), 14)
    # Three separate statements: space between them and the status in bold, or they read as one block.
    for i, p in enumerate(box.text_frame.paragraphs):
        p.space_after = Pt(12)
        p.font.bold = i == 0
    if g.chart is not None:
        pic = slide.shapes.add_picture(chart_png(g.chart), Cm(13.6), Cm(3.6), width=Cm(19.4))
        pic._element.nvPicPr.cNvPr.set("descr", g.chart.alt)  # the text alternative
        pic.name = g.chart.title
        cap = slide.shapes.add_textbox(Cm(13.6), pic.top + pic.height + Cm(0.2), Cm(19.4), Cm(1))
        _text(cap.text_frame, [g.chart.caption], 10)


MAX_ROWS = 12  # rows that fit a slide at a readable size; the rest is counted, and is in the document


def _strategy_slide(prs: Any, s: StrategySection, lang: str) -> None:
    from pptx.util import Cm

    slide = _titled(prs, s.strategy.name)
    none = f"– {label('no_data_yet', lang)}"
    rows = [(g.goal.name, f"{g.targets[0].icon} {g.targets[0].status_text}" if g.targets else none) for g in s.goals]
    if len(rows) > MAX_ROWS:
        rest = len(rows) - MAX_ROWS + 1
        rows = [*rows[: MAX_ROWS - 1], (label("more_goals", lang, n=rest), "")]
    _table(slide, [label("goal", lang), label("status", lang)], rows, Cm(1.2), Cm(3.4), Cm(31.4))


def _table(slide: Any, columns: list[str], rows: Sequence[Sequence[str]], x: Any, y: Any, width: Any) -> None:
    from pptx.util import Cm, Pt

    shape = slide.shapes.add_table(len(rows) + 1, len(columns), x, y, width, Cm(0.9) * (len(rows) + 1))
    table = shape.table
    for j, c in enumerate(columns):
        table.cell(0, j).text = c
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    for cell in (table.cell(i, j) for i in range(len(rows) + 1) for j in range(len(columns))):
        for p in cell.text_frame.paragraphs:
            p.font.size = Pt(12)


def _portfolio_slide(prs: Any, report: Report, lang: str) -> None:
    from pptx.util import Cm

    slide = _titled(prs, label("portfolio_slide", lang))
    p = report.portfolio
    if p.rows:
        rows = [(r.initiative.name, "; ".join(g.name for g in r.goals) or "–") for r in p.rows[:10]]
        _table(slide, [label("initiative", lang), label("serves", lang)], rows, Cm(1.2), Cm(3.4), Cm(31.4))
        return
    box = slide.shapes.add_textbox(Cm(1.2), Cm(3.6), Cm(31), Cm(14))
    lines = [label("no_ongoing", lang), f"{label('unserved', lang)}: {len(p.unserved)}"]
    _text(box.text_frame, lines + [f"• {g.name}" for g in p.unserved[:10]], 16)


LONG_CELL = 140  # characters; a longer cell keeps its first sentence on a slide (the document has it all)


def _extra_slide(prs: Any, x: ExtraSectionIn, lang: str) -> None:
    from pptx.util import Cm

    slide = _titled(prs, x.title)
    rows = [tuple(first_sentence(c) if len(c) > LONG_CELL else c for c in row) for row in x.rows]
    if len(rows) > MAX_ROWS:
        rest = len(rows) - MAX_ROWS + 1
        rows = [*rows[: MAX_ROWS - 1], (label("more_rows", lang, n=rest), *[""] * (len(x.columns) - 1))]
    _table(slide, list(x.columns), rows, Cm(1.2), Cm(3.4), Cm(31.4))


def render_pptx(report: Report) -> bytes:
    from pptx import Presentation
    from pptx.util import Cm

    lang = report.language
    prs = Presentation()
    prs.slide_width, prs.slide_height = Cm(33.867), Cm(19.05)  # 16:9
    prs.core_properties.title = fx.title(report)
    prs.core_properties.language = "en-GB" if lang.startswith("en") else "sv-SE"
    first = prs.slides.add_slide(prs.slide_layouts[TITLE])
    title, sub = first.shapes.title, first.placeholders[1]
    title.left, title.top, title.width, title.height = Cm(2), Cm(4.5), Cm(29.9), Cm(5)
    sub.left, sub.top, sub.width, sub.height = Cm(2), Cm(10), Cm(29.9), Cm(4)
    title.text = fx.title(report)
    sub.text = f"{fx.subtitle(report)}\n{fx.date_text(report)}"
    for s in report.rus:
        for g in s.goals:
            _goal_slide(prs, g, lang)
    for s in report.subs:
        _strategy_slide(prs, s, lang)
    _portfolio_slide(prs, report, lang)
    for x in report.extra:
        _extra_slide(prs, x, lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
