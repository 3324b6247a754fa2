"""The report as Excel (openpyxl): one sheet per section, every number a number (not text) with its
source, table, import batches and retrieval dates beside it, so any figure can be traced and reused."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from styrkedja.reports.assemble import GoalFigures, Report, SourceLine, StrategySection
from styrkedja.reports.render.labels import label

GOAL_COLUMNS = (
    "strategy", "goal", "target", "status", "probability", "latest", "period", "data_through", "preliminary",
    "benchmark", "rank", "forecast_point", "forecast_lo", "forecast_hi", "indicator", "source", "table", "batch",
    "retrieved",
)  # fmt: skip
HEAD = {
    "sv": {"latest": "Senaste värde", "period": "Period", "forecast_point": "Prognos", "forecast_lo": "Prognos, nedre",
           "forecast_hi": "Prognos, övre", "preliminary": "Preliminärt", "rank": "Plats"},
    "en": {"latest": "Latest value", "period": "Period", "forecast_point": "Forecast", "forecast_lo": "Forecast, lower",
           "forecast_hi": "Forecast, upper", "preliminary": "Preliminary", "rank": "Rank"},
}  # fmt: skip


def _head(key: str, lang: str) -> str:
    own = HEAD["en" if lang.startswith("en") else "sv"]
    return own.get(key) or label(key, lang)


def _sheet(wb: Any, title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    from openpyxl.styles import Font

    ws = wb.create_sheet(title=title[:31])
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = "A2"
    for col in ws.columns:
        width = max((len(str(c.value)) for c in col if c.value is not None), default=8)
        ws.column_dimensions[col[0].column_letter].width = min(max(width + 2, 8), 60)
    return ws


def _goal_rows(report: Report, sections: Sequence[StrategySection]) -> list[list[Any]]:
    sources = {s.indicator_key: s for s in report.sources}
    rows: list[list[Any]] = []
    for s in sections:
        for g in s.goals:
            src = sources.get(g.goal.indicator_key or "")
            rows.extend(_target_rows(s.strategy.name, g, src))
    return rows


def _provenance(src: SourceLine | None) -> list[str]:
    if src is None:
        return ["", "", "", "", ""]
    batches = ", ".join(f"#{b}" for b in src.batches)
    return [src.indicator, src.source, src.ref, batches, ", ".join(d.isoformat() for d in src.retrieved)]


def _target_rows(strategy: str, g: GoalFigures, src: SourceLine | None) -> list[list[Any]]:
    prov = _provenance(src)
    if not g.targets:
        return [[strategy, g.goal.name, "", "no_data", *[None] * 10, *prov]]
    out = []
    for t in g.targets:
        f = t.forecast
        rank = f"{t.rank.rank}/{t.rank.n}" if t.rank else None
        out.append([
            strategy, g.goal.name, t.target_text, t.status_text, t.probability, t.latest_value, t.latest_period or None,
            t.data_through or None, t.preliminary, t.benchmark_value, rank, f.point if f else None,
            f.lo if f else None, f.hi if f else None, *prov,
        ])  # fmt: skip
    return out


def render_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    lang = report.language
    wb = Workbook()
    for ws in list(wb.worksheets):
        wb.remove(ws)
    summary = [(s.strategy.name, text, n) for s in report.summaries for _c, text, n in s.counts]
    _sheet(wb, label("summary", lang), [label("strategy", lang), label("status", lang), label("count", lang)], summary)
    cols = [_head(c, lang) for c in GOAL_COLUMNS]
    for key, sections in (("rus", report.rus), ("subs", report.subs)):
        ws = _sheet(wb, label(f"sheet_{key}", lang), cols, _goal_rows(report, sections))
        for cell in ws["E"][1:]:
            cell.number_format = "0%"
    keys = ("goal", "challenges", "priorities", "sub_indicators", "indicator", "rus_goals")
    _sheet(wb, label("sheet_matrix", lang), [label(k, lang) for k in keys], [
        (m.goal, "; ".join(m.challenges), "; ".join(m.priorities), "; ".join(m.sub_indicators), m.indicator,
         "; ".join(m.rus_goals)) for m in report.matrix
    ])  # fmt: skip
    ini_cols = [label(k, lang) for k in ("initiative", "kind", "budget", "hours", "serves")]
    _sheet(wb, label("sheet_portfolio", lang), ini_cols, [
        (r.initiative.name, r.initiative.kind_label, r.initiative.budget if report.edition == "intern" else None,
         r.initiative.hours if report.edition == "intern" else None, "; ".join(g.name for g in r.goals))
        for r in report.portfolio.rows
    ])  # fmt: skip
    if report.edition == "intern":
        cols2 = [label(k, lang) for k in ("initiative", "project_goal", "target", "reported", "period")]
        _sheet(wb, label("finished", lang), cols2, [
            (ini.name, r.name, r.target_text, r.reported, r.period) for ini in report.finished for r in ini.goal_results
        ])  # fmt: skip
    for x in report.extra:
        _sheet(wb, x.title, x.columns, x.rows)
    src_cols = [label(k, lang) for k in ("indicator", "source", "table", "batch", "retrieved")]
    _sheet(wb, label("sources", lang), src_cols, [
        (s.indicator, s.source, s.ref, ", ".join(f"#{b}" for b in s.batches),
         ", ".join(d.isoformat() for d in s.retrieved)) for s in report.sources
    ])  # fmt: skip
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
