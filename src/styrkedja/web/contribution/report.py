"""The contribution analyses' section of the yearly report (registered with the report; it imports nothing here).

Per goal the latest synthetic control and per project the latest difference-in-differences made by the
report's as-of date, with the engine's own reading, p-value and fit, as stored (never recomputed). The
public edition shows the latest *published* run per goal and project (of published strategies only); the
internal edition shows the latest run and, where that one is not published, also the latest published
one, marking each run that is not published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser

from styrkedja.analytics.text import format_number_en, format_number_sv
from styrkedja.reports.assemble.inputs import ExtraSectionIn

from ..dashboards import queries as q
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
           "syntetisk kontroll", "skillnad-i-skillnader", "Skattad effekt {est} (standardfel {se}).",
           "inte publicerad"),
    "en": ("Contribution analyses", "Goal or project", "Method", "From", "Result", "p-value", "Analysis",
           "synthetic control", "difference-in-differences", "Estimated effect {est} (standard error {se}).",
           "not published"),
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
            _label(run, words))  # fmt: skip


def _label(run: ContributionRun, words: tuple[str, ...]) -> str:
    label = f"#{run.pk}, {run.created_at.date().isoformat()}"
    return label if run.published else f"{label}, {words[10]}"


def _did_row(run: ContributionRun, names: dict[str, str], lang: str, words: tuple[str, ...]) -> tuple[str, ...]:
    fmt = format_number_en if lang == "en" else format_number_sv
    reg = run.result["regression"]
    text = words[9].format(est=fmt(reg["did"], 2), se=fmt(reg["se"], 2))
    return (names.get(run.project_key, run.project_key), words[8], str(run.parameters["start"]), text,
            fmt(reg["p_value"], 2), _label(run, words))  # fmt: skip


def _pick(runs: list[ContributionRun]) -> list[ContributionRun]:
    """The newest run per goal and per project among `runs` (newest first)."""
    scm = _latest([r for r in runs if r.kind == ContributionRun.SCM and r.goal_id], lambda r: r.goal_id)
    return scm + _latest([r for r in runs if r.kind == ContributionRun.DID], lambda r: r.project_key)


def _rows(runs: list[ContributionRun], lang: str, words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Synthetic controls by goal, then DiDs by project; a goal's or project's newest run first."""
    scm = sorted({r.pk: r for r in runs if r.kind == ContributionRun.SCM}.values(),
                 key=lambda r: (r.goal.key if r.goal else "", -r.pk))  # fmt: skip
    did = sorted(
        {r.pk: r for r in runs if r.kind == ContributionRun.DID}.values(), key=lambda r: (r.project_key, -r.pk)
    )
    names = dict(Initiative.objects.filter(key__in=[r.project_key for r in did]).values_list("key", "name"))
    return tuple([_scm_row(r, lang, words) for r in scm] + [_did_row(r, names, lang, words) for r in did])


def contribution_sections(as_of: dt.date, language: str) -> list[ExtraSectionIn]:
    lang = "en" if language.startswith("en") else "sv"
    words = WORDS[lang]
    runs = list(
        ContributionRun.objects.filter(created_at__date__lte=as_of)
        .select_related("goal")
        .order_by("-created_at", "-pk")
    )
    # A report as of a day counts a run as published only if it was published by that day.
    for r in runs:
        if r.published_at is not None and r.published_at.date() > as_of:
            r.published_at = None
    published = [r for r in runs if r.published]
    public_goals = set(q.visible_goals(AnonymousUser()).values_list("pk", flat=True))
    public_projects = set(q.visible_initiatives(AnonymousUser()).values_list("key", flat=True))
    public = [r for r in published if r.goal_id in public_goals or r.project_key in public_projects]
    return [ExtraSectionIn(key="contribution", title=words[0], columns=words[1:7],
                           rows=_rows(_pick(runs) + _pick(published), lang, words), lead=LEAD[lang],
                           internal=False, public_rows=_rows(_pick(public), lang, words))]  # fmt: skip
