"""Reads of a stored index run for the page, the command and the API (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from ..followup.models import InfluenceFactor
from .models import IndexRun, IndexScore


def latest_run(strategy_key: str | None = None) -> IndexRun | None:
    runs = IndexRun.objects.select_related("strategy", "strategy__area")
    if strategy_key:
        runs = runs.filter(strategy__key=strategy_key)
    return runs.first()


def framework_rows(run: IndexRun) -> list[dict[str, Any]]:
    """The strategy's factors with their theory and every indicator, marked used or left out (and why)."""
    out = []
    for factor in InfluenceFactor.objects.filter(strategy=run.strategy).prefetch_related("indicators"):
        cov = run.coverage.get(factor.key, {"used": [], "left_out": []})
        reasons = dict(tuple(x) for x in cov["left_out"])
        indicators = [
            {
                "key": i.key,
                "name": i.name,
                "name_en": i.name_en,
                "direction": i.direction,
                "used": i.key in cov["used"],
                "reason": reasons.get(i.key, ""),
                "source_note": i.source_note,
            }
            for i in sorted(factor.indicators.all(), key=lambda i: (i.position, i.key))
        ]
        out.append(
            {
                "key": factor.key,
                "name": factor.name,
                "theory": factor.theory,
                "weight": factor.weight,
                "indicators": indicators,
                "used": len(cov["used"]),
                "total": len(indicators),
            }
        )
    return out


def area_rows(run: IndexRun) -> list[dict[str, Any]]:
    """One entry per area, sorted by its index rank: index, factor and indicator figures as stored."""
    by_area: dict[str, dict[str, Any]] = {}
    for s in IndexScore.objects.filter(run=run).select_related("area").order_by("area__code", "level", "id"):
        entry = by_area.setdefault(
            s.area.code, {"area": s.area.code, "name": s.area.name, "index": None, "factors": {}, "indicators": {}}
        )
        if s.level == 3:
            entry["index"] = {
                "score": s.score,
                "rank": s.rank,
                "median_rank": s.median_rank,
                "rank_p05": s.rank_p05,
                "rank_p95": s.rank_p95,
            }
        elif s.level == 2:
            entry["factors"][s.code] = {"score": s.score, "rank": s.rank}
        else:
            entry["indicators"][s.code] = {
                "value": s.value,
                "score": s.score,
                "rank": s.rank,
                "contribution": s.contribution,
            }
    return sorted(by_area.values(), key=lambda e: (e["index"]["rank"] or 10**6, e["area"]))


def run_document(run: IndexRun) -> dict[str, Any]:
    """The documented JSON form of a run (command `--json` and the API)."""
    return {
        "run": run.pk,
        "strategy": run.strategy.key,
        "area": run.strategy.area.code,
        "year": run.year,
        "as_of": run.as_of.isoformat(),
        "batches": run.batches,
        "method": run.method,
        "sensitivity": run.sensitivity,
        "links": run.links,
        "framework": framework_rows(run),
        "areas": area_rows(run),
    }
