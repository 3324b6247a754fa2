"""Sources and methods: every table and KPI the report uses with its retrieval dates, and how the
figures are made (probabilities, "preliminary")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from styrkedja.reports.assemble.inputs import ReportInput
from styrkedja.reports.assemble.words import lang_of


@dataclass(frozen=True, slots=True)
class SourceLine:
    indicator_key: str
    indicator: str
    source: str  # publisher
    ref: str  # table or KPI id
    batches: tuple[int, ...]
    retrieved: tuple[dt.date, ...]  # distinct retrieval dates of the batches used


METHODS = {
    "sv": (
        "Varje mål utvärderas på de uppgifter som gällde vid datumet ovan: ett värde räknas från den dag "
        "det hämtades tills en senare hämtning ersatte det. Samma datum ger därför samma siffror.",
        "Innan målåret har statistik bygger statusen på en prognos. Serien framskrivs med sin genomsnittliga "
        "förändring (drift) och en osäkerhet som skattas ur seriens egna avvikelser; för relativa mål "
        "framskrivs även varje jämförelseområde. Sannolikheten är andelen av 1 000 simuleringar där målet nås. "
        "På väg: minst 70 %; osäkert: 30–70 %; inte på väg: under 30 %.",
        "När målårets siffror inte är publicerade än säger statusraden det, och vilket år de senaste siffrorna "
        "gäller: statusen bygger då på dem eller på prognosen och kan ändras när målårets siffror kommer.",
        "Rangordningar räknas av utvärderingen bland jämförelseområdena (plats 1 är bäst, lika värden delar "
        "den bättre platsen). Utveckling för andelar mäts i procentenheter, för övriga mått i procent.",
    ),
    "en": (
        "Every goal is evaluated on the figures current at the date above: a value counts from the day it was "
        "retrieved until a later retrieval replaced it. The same date therefore gives the same figures.",
        "Before the target year has statistics, the status comes from a forecast. The series is projected with "
        "its average change (drift) and an uncertainty estimated from its own deviations; for relative targets "
        "every peer is projected too. The probability is the share of 1,000 simulations in which the target "
        "is met. On track: at least 70 %; at risk: 30–70 %; off track: below 30 %.",
        "While the target year's figures are not published, the status line says so, and which year the latest "
        "figures are for: the status then rests on them or on the forecast and may change when they arrive.",
        "Ranks are computed by the evaluation among the peers (1 is best; ties share the better place). Growth "
        "of shares is measured in percentage points, of other measures in percent.",
    ),
}


def methods(language: str) -> tuple[str, ...]:
    return METHODS[lang_of(language)]


def source_lines(data: ReportInput, indicator_keys: Iterable[str], language: str) -> tuple[SourceLine, ...]:
    batches = {b.id: b for b in data.batches}
    out = []
    for key in sorted(set(indicator_keys)):
        ind = data.indicators.get(key)
        if ind is None:
            continue
        used = tuple(sorted(b for b in data.batches_by_indicator.get(key, ()) if b in batches))
        dates = tuple(sorted({batches[b].retrieved.date() for b in used}))
        name = ind.name_en if lang_of(language) == "en" and ind.name_en else ind.name
        # the tables the values really came from (a batch's table); a computed series keeps the indicator's
        tables = sorted({batches[b].table for b in used if batches[b].source != "computed" and batches[b].table})
        out.append(SourceLine(key, name, ind.source or "–", ", ".join(tables) or ind.source_ref, used, dates))
    return tuple(out)
