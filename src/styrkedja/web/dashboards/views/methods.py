"""The methods page: how the probabilities are assessed, and how often they came true."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from styrkedja.analytics.text import format_number_en, format_number_sv
from styrkedja.demo import backtest_result
from styrkedja.reports import charts

from .. import queries as q
from .common import _guard

POPULATION_PANEL = "population_31dec"


def _labels() -> dict[str, str]:
    return {
        "level": _("Levels and counts"),
        "money": _("Money"),
        "share": _("Shares and rates"),
        "volatile": _("Volatile series (tourism)"),
        "above_median": _("Above the median county"),
        "above_riket": _("Above Riket"),
        "rank_le_10": _("Among the ten best"),
        "textbook": _("Textbook"),
        "shipped": _("Previous"),
        "new": _("Current"),
    }


def _num(x: float, decimals: int, unit: str | None = None) -> str:
    fmt = format_number_en if q.is_english() else format_number_sv
    return fmt(x, decimals, unit=unit)


def _coverage_rows(s: dict[str, Any], lab: dict[str, str]) -> list[dict[str, Any]]:
    by: dict[tuple[str, float], dict[str, dict[str, Any]]] = {}
    for r in s["coverage"]:
        by.setdefault((r["family"], r["level"]), {})[r["method"]] = r
    rows = []
    for (family, level), m in sorted(by.items()):
        new = m["new"]
        rows.append(
            {
                "family": lab[family],
                "level": _num(level * 100, 0, "%"),
                "n": _num(new["n"], 0),
                "cells": [_num(m[k]["coverage"] * 100, 0, "%") for k in s["methods"]],
                "range": f"{_num(new['origin_min'] * 100, 0, '%')}–{_num(new['origin_max'] * 100, 0, '%')}",
                "worst": new["worst_origin"],
            }
        )
    return rows


def _brier_rows(rows: list[dict[str, Any]], methods: list[str], lab: dict[str, str]) -> list[dict[str, Any]]:
    by: dict[str, dict[str, float]] = {}
    n: dict[str, int] = {}
    for r in rows:
        by.setdefault(r["event"], {})[r["method"]] = r["brier"]
        n[r["event"]] = r["n"]
    return [{"event": lab[e], "n": _num(n[e], 0), "cells": [_num(by[e][k], 3) for k in methods]} for e in sorted(by)]


def probability_methods(request: HttpRequest) -> HttpResponse:
    """Så bedömer vi sannolikheten: the method, the back-test figures and a reliability chart."""
    if (denied := _guard(request)) is not None:
        return denied
    s = backtest_result.load()
    lab = _labels()
    methods = s["methods"]
    population = [r for r in s["brier"] if r["panel"] == POPULATION_PANEL]
    order = {k: i for i, k in enumerate(methods)}
    above = sorted((r for r in s["reliability"] if r["event"] == "above_median"), key=lambda r: order[r["method"]])
    rel = [(lab[r["method"]], r["mean_p"], r["observed"], r["n"]) for r in above]
    meta = charts.Meta(
        title=_("How often “above the median” came true"),
        source=_("back-tests on Eurostat, SCB and Kolada county statistics"),
        processed_by=None,
        lang="en" if q.is_english() else "sv",
    )
    context = {
        "methods": [lab[k] for k in methods],
        "coverage": _coverage_rows(s, lab),
        "brier_all": _brier_rows(s["brier_pooled"], methods, lab),
        "brier_population": _brier_rows(population, methods, lab),
        "panels": len(s["panels"]),
        "chart": charts.reliability(rel, meta),
    }
    return render(request, "dashboards/methods.html", context)
