"""What each endpoint returns, in the page's language, for the API docs page.

The OpenAPI document stays in English (it is for programs); the docs page is for people and follows the
language switch. A test checks that every endpoint of the API has its text here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ENDPOINTS = {
    "/api/areas": (_("Areas"), _("Riket, the counties and the municipalities with their SCB codes.")),
    "/api/indicators": (_("Indicators"), _("The indicator catalogue.")),
    "/api/indicators/{key}": (_("One indicator"), _("One indicator of the catalogue, by its key.")),
    "/api/observations": (
        _("Observations"),
        _("Observations, filtered by indicator key, area code, period and breakdown (T, K, M)."),
    ),
    "/api/goals": (
        _("Goals"),
        _("Goals of strategies and initiatives, with the goals they contribute to (the chain)."),
    ),
    "/api/goals/{key}": (_("One goal"), _("One goal, by its key, with the goals it contributes to.")),
    "/api/targets": (
        _("Targets"),
        _("Targets as typed rules, each with its result in the latest evaluation run (null before the first run)."),
    ),
    "/api/influence-index": (
        _("Influence index"),
        _(
            "The latest stored influence index of a visible strategy: the indicators used and left out, and per "
            "county the index score, rank, median rank and 5–95 % rank interval, each factor's score and rank, "
            "and each indicator's value, score, rank and contribution. Not found (404) before the first run."
        ),
    ),
    "/api/rounds": (
        _("Follow-up rounds"),
        _("Follow-up rounds, newest first; each froze one evaluation run (its as-of date) as its figures."),
    ),
    "/api/rounds/{key}": (
        _("One follow-up round"),
        _("A round with every goal's status in it (the worst status of the goal's targets in the round's run)."),
    ),
    "/api/assessments": (
        _("Assessments"),
        _("Analysts' assessments per goal and round, every version (a correction supersedes an earlier version)."),
    ),
    "/api/actions": (_("Actions"), _("Actions decided from the rounds.")),
    "/api/contribution-analyses": (
        _("Contribution analyses"),
        _(
            "Stored contribution analyses, newest first: synthetic controls for goals (“without us?”) and "
            "difference-in-differences for projects, with their settings and headline figures. Filter by kind "
            "(scm or did), goal or project key."
        ),
    ),
    "/api/contribution-analyses/{run_id}": (
        _("One contribution analysis"),
        _("One stored analysis with everything it showed: the result as stored and the data it used."),
    ),
    "/api/knowledge-needs": (
        _("Knowledge needs"),
        _("Knowledge needs: deepening analyses, pre-studies and ex-ante evaluations."),
    ),
}


def describe(path: str, summary: str, description: str) -> tuple[str, str]:
    """The endpoint's title and text in the active language; the schema's own (English) when not listed."""
    if path in ENDPOINTS:
        title, text = ENDPOINTS[path]
        return str(title), str(text)
    return summary, description
