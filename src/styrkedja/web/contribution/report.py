"""The contribution analyses' section of the yearly report (registered with the report; it imports nothing here).

Per goal the latest synthetic control and per project the latest difference-in-differences made by the
report's as-of date, with the engine's own reading, p-value and fit, as stored (never recomputed). The
analyses are the analysts' working material, so the section belongs to the internal edition only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from styrkedja.analytics.text import format_number_en, format_number_sv
from styrkedja.reports.assemble.inputs import ExtraSectionIn

from ..projects.models import Initiative
from .models import ContributionRun

LEAD = {
    "sv": "Hur hade regionen utvecklats utan insatserna? En syntetisk kontroll väger samman andra län som följde "
    "samma bana före startåret; skillnaden efteråt skattar förändringen, och p-värdet säger hur ofta ett "
    "annat län visar en lika stor skillnad. Skillnad-i-skillnader jämför ett projekts deltagare med en "
    "jämförelsegrupp före och efter. Båda visar samband med insatserna, inte säkra orsaker.",
    "en": "How would the region have developed without the initiatives? A synthetic control combines other "
    "counties that followed the same path before the start year; the difference afterwards estimates the "
    "change, and the p-value says how often another county shows as large a difference. "
    "Difference-in-differences compares a project's participants with a comparison group before and after. "
    "Both show association with the initiatives, not certain causes.",
}
WORDS = {
    "sv": ("Bidragsanalyser", "Mål eller projekt", "Metod", "Från", "Resultat", "p-värde", "Analys",
           "syntetisk kontroll", "skillnad-i-skillnader", "Skattad effekt {est} (standardfel {se})."),
    "en": ("Contribution analyses", "Goal or project", "Method", "From", "Result", "p-value", "Analysis",
           "synthetic control", "difference-in-differences", "Estimated effect {est} (standard error {se})."),
}  # fmt: skip


def _latest(runs: list[ContributionRun], key: Any) -> list[ContributionRun]:
    """The newest run per goal or project (runs come newest first)."""
    seen: dict[Any, ContributionRun] = {}
    for run in runs:
        seen.setdefault(key(run), run)
    return list(seen.values())


def _scm_row(run: ContributionRun, lang: str, words: tuple[str, ...]) -> tuple[str, ...]:
    fmt = format_number_en if lang == "en" else format_number_sv
    r = run.result
    reading = r["reading"][lang]
    text = " ".join([reading["text"], *reading.get("warnings", [])])
    name = run.goal.name if run.goal is not None else ""
    return (name, words[7], str(run.parameters["start_year"]), text, fmt(r["p_value"], 2),
            f"#{run.pk}, {run.created_at.date().isoformat()}")  # fmt: skip


def _did_row(run: ContributionRun, names: dict[str, str], lang: str, words: tuple[str, ...]) -> tuple[str, ...]:
    fmt = format_number_en if lang == "en" else format_number_sv
    reg = run.result["regression"]
    text = words[9].format(est=fmt(reg["did"], 2), se=fmt(reg["se"], 2))
    return (names.get(run.project_key, run.project_key), words[8], str(run.parameters["start"]), text,
            fmt(reg["p_value"], 2), f"#{run.pk}, {run.created_at.date().isoformat()}")  # fmt: skip


def contribution_sections(as_of: dt.date, language: str) -> list[ExtraSectionIn]:
    lang = "en" if language.startswith("en") else "sv"
    words = WORDS[lang]
    runs = list(
        ContributionRun.objects.filter(created_at__date__lte=as_of)
        .select_related("goal")
        .order_by("-created_at", "-pk")
    )
    scm = _latest([r for r in runs if r.kind == ContributionRun.SCM and r.goal_id], lambda r: r.goal_id)
    did = _latest([r for r in runs if r.kind == ContributionRun.DID], lambda r: r.project_key)
    names = dict(Initiative.objects.filter(key__in=[r.project_key for r in did]).values_list("key", "name"))
    rows = [_scm_row(r, lang, words) for r in sorted(scm, key=lambda r: r.goal.key if r.goal else "")]
    rows += [_did_row(r, names, lang, words) for r in sorted(did, key=lambda r: r.project_key)]
    return [ExtraSectionIn(key="contribution", title=words[0], columns=words[1:7], rows=tuple(rows),
                           lead=LEAD[lang], internal=True)]  # fmt: skip
