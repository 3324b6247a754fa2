"""The influence index's section of the yearly report (registered with the report; it imports nothing here).

One table per published strategy's latest index run made by the report's as-of date: every county's
index score, rank and 5–95 % rank interval from the Monte Carlo, as stored (never recomputed)."""

from __future__ import annotations

import datetime as dt

from styrkedja.analytics.text import format_number_en, format_number_sv
from styrkedja.reports.assemble.inputs import ExtraSectionIn

from .models import IndexRun
from .queries import area_rows


def _in(language: str, sv: str, en: str) -> str:
    return en if language.startswith("en") else sv


def index_sections(as_of: dt.date, language: str) -> list[ExtraSectionIn]:
    fmt = format_number_en if language.startswith("en") else format_number_sv
    out = []
    runs = IndexRun.objects.filter(strategy__published=True, as_of__lte=as_of).select_related("strategy__area")
    seen: set[int] = set()
    for run in runs.order_by("-as_of", "-started_at", "-pk"):
        if run.strategy_id in seen:
            continue
        seen.add(run.strategy_id)
        region = run.strategy.area.code if run.strategy.area else ""
        rows = tuple(
            (("▶ " if a["area"] == region else "") + a["name"], fmt(a["index"]["score"], 1),
             str(a["index"]["rank"]), f"{fmt(a['index']['rank_p05'], 0)}–{fmt(a['index']['rank_p95'], 0)}")
            for a in area_rows(run) if a["index"] and a["index"]["rank"] is not None
        )  # fmt: skip
        out.append(
            ExtraSectionIn(
                key=f"influence-{run.strategy.key}",
                title=_in(language, f"Påverkansfaktorer {run.year}", f"Influence factors {run.year}"),
                columns=(_in(language, "Län", "County"), _in(language, "Index (0–100)", "Index (0–100)"),
                         _in(language, "Rang", "Rank"), _in(language, "Rang, 5–95 %", "Rank, 5–95 %")),
                rows=rows, internal=False,
                lead=_in(language, "Regionens attraktivitet som sammansatt index av påverkansfaktorerna, med "
                         "rangens osäkerhet (Monte Carlo över metodvalen). Samband, inte orsak.",
                         "The region's attractiveness as a composite index of the influence factors, with the "
                         "rank's uncertainty (Monte Carlo over the method choices). Association, not cause."),
            )
        )  # fmt: skip
    return out
