"""The back-test report as plain data (JSON-ready) and as markdown tables, for the bench and the
methods page. The figures are computed by `backtest.run`; this module only arranges them."""

from __future__ import annotations

from typing import Any

import polars as pl

from styrkedja.analytics import backtest as bt

EVENT_ORDER = bt.EVENTS


def summary(report: bt.Report) -> dict[str, Any]:
    """Coverage (pooled with per-origin range, and per horizon), Brier scores per panel and pooled,
    reliability per decile bin: one dict of row lists, every figure from `report`."""
    return {
        "methods": list(bt.METHODS),
        "panels": sorted(report.hits["panel"].unique().to_list()),
        "coverage": bt.coverage_pooled(report).to_dicts(),
        "coverage_by_horizon": bt.coverage(report).to_dicts(),
        "coverage_by_outcome": bt.coverage_by_outcome(report).to_dicts(),
        "brier": bt.brier(report).to_dicts(),
        "brier_pooled": bt.brier(report, by=()).to_dicts(),
        "reliability": bt.reliability(report).to_dicts(),
        "scales": report.scales.sort("kind", "family", "origin").to_dicts(),
    }


def _pivot(rows: list[dict[str, Any]], keys: list[str], fmt: str) -> list[str]:
    """Rows keyed by `keys`, one column per method."""
    table: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:
        table.setdefault(tuple(r[k] for k in keys), {})[r["method"]] = r
    out = []
    for key, by_method in table.items():
        cells = [format(by_method[mth]["_v"], fmt) if mth in by_method else "" for mth in bt.METHODS]
        out.append("| " + " | ".join(str(k) for k in key) + " | " + " | ".join(cells) + " |")
    return out


def markdown(s: dict[str, Any]) -> str:
    """The tables of `summary` as markdown, methods side by side."""
    head = " | ".join(bt.METHODS)
    lines = ["## Coverage of the central intervals (horizons 1-5, pooled over origins and panels)", ""]
    lines += [f"| family | level | n | {head} | per-origin range (new) |", "|---|---|---|---|---|---|---|"]
    cov: dict[tuple[str, float], dict[str, dict[str, Any]]] = {}
    for r in s["coverage"]:
        cov.setdefault((r["family"], r["level"]), {})[r["method"]] = r
    for (family, level), by in sorted(cov.items()):
        new = by.get(bt.NEW, {})
        rng = f"{new.get('origin_min', 0):.2f}-{new.get('origin_max', 0):.2f} (worst {new.get('worst_origin')})"
        cells = " | ".join(f"{by[mth]['coverage']:.3f}" for mth in bt.METHODS if mth in by)
        lines.append(f"| {family} | {level:.0%} | {next(iter(by.values()))['n']} | {cells} | {rng} |")
    lines += ["", "## Coverage per horizon", "", f"| family | level | horizon | {head} |", "|---|---|---|---|---|---|"]
    lines += _pivot(
        [{**r, "_v": r["coverage"]} for r in s["coverage_by_horizon"]], ["family", "level", "horizon"], ".3f"
    )
    lines += ["", "## Coverage of the 80 % interval per outcome year (where shock years miss)", ""]
    lines += [f"| family | outcome year | {head} |", "|---|---|---|---|---|"]
    lines += _pivot(
        [{**r, "_v": r["coverage"]} for r in s.get("coverage_by_outcome", [])], ["family", "outcome"], ".3f"
    )
    lines += ["", "## Brier score (lower is better)", "", f"| panel | event | {head} |", "|---|---|---|---|---|"]
    lines += _pivot([{**r, "_v": r["brier"]} for r in s["brier"]], ["panel", "event"], ".4f")
    lines += _pivot(
        [{**r, "panel": "**all panels**", "_v": r["brier"]} for r in s["brier_pooled"]], ["panel", "event"], ".4f"
    )
    lines += ["", "## Reliability (predicted-probability decile: mean predicted / observed frequency, n)", ""]
    lines += [f"| event | decile | {head} |", "|---|---|---|---|---|"]
    rel = [{**r, "_v": f"{r['mean_p']:.2f} / {r['observed']:.2f} ({r['n']})"} for r in s["reliability"]]
    lines += _pivot(rel, ["event", "bin"], "s")
    return "\n".join(lines)


def worst_reliability_gap(s: dict[str, Any], method: str, min_n: int = 30) -> float:
    """The largest |observed - mean predicted| over the decile bins with at least `min_n` events."""
    gaps = [abs(r["observed"] - r["mean_p"]) for r in s["reliability"] if r["method"] == method and r["n"] >= min_n]
    return max(gaps) if gaps else float("nan")


def as_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows)
