"""The demo's two rounds are real: the earlier one holds exactly the statuses that `evaluate --as-of`
gives on the earlier vintage (recomputed here from the command's JSON, worst target per goal by hand);
a reader sees a goal's history, a published assessment, an action and a knowledge need; the forum
agenda downloads; `styrkedja remind --dry-run` lists what is due."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from styrkedja.web.followup.models import Round
from styrkedja.web.rounds.demo import EARLIER_AS_OF

ORDER = ["not_met", "off_track", "worsening", "at_risk", "unchanged", "on_track", "improving", "not_yet_known", "met"]


def worst_by_hand(statuses: list[str]) -> str:
    known = [s for s in statuses if s != "no_data"]
    return min(known, key=ORDER.index) if known else "no_data"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the areas loaded by migrations
def test_the_demo_holds_two_real_rounds():
    call_command("demo", "--no-serve", stdout=StringIO())
    earlier, later = Round.objects.filter(strategy__level="rus").order_by("year")
    assert earlier.as_of == EARLIER_AS_OF and earlier.run.as_of == EARLIER_AS_OF and later.as_of > EARLIER_AS_OF
    out = StringIO()
    call_command("evaluate", "--json", "--no-store", "--as-of", EARLIER_AS_OF.isoformat(), stdout=out)
    doc = json.loads(out.getvalue())
    by_goal: dict[str, list[str]] = {}
    for r in doc["results"] + doc["trends"]:
        by_goal.setdefault(r["goal"], []).append(r["status"])
    stored = dict(earlier.statuses.values_list("goal__key", "status"))
    assert {g: s for g, s in stored.items() if g in by_goal} == {g: worst_by_hand(s) for g, s in by_goal.items()}
    assert all(stored[g] == "no_data" for g in set(stored) - set(by_goal))  # no indicator: no result, no data
    assert any(earlier.statuses.get(goal=s.goal).status != s.status for s in later.statuses.all())  # history moves

    client = Client()
    # force_login: the login throttle (django-axes) needs the request that Client.login() does not pass
    client.force_login(User.objects.get(username="lasare"))
    # A goal the later round flagged: its 2025 targets are over but unpublished ("ej känt ännu"), and the
    # demo's illustrative assessment goes to a goal whose outcome is likely missed.
    flagged = later.statuses.filter(goal__assessments__round=later).distinct()
    goal = flagged.filter(status__in=("off_track", "at_risk", "not_yet_known")).first().goal
    page = client.get(f"/mal/{goal.key}/").content.decode()
    text = re.sub(r"<[^>]+>", "", page)  # the years are set in bold: read the page as text
    assert "Statushistorik" in text and f"{earlier.year}:" in text and f"{later.year}:" in text
    assert page.count("Illustrativt exempel") >= 3  # the assessment, an action, a knowledge need or lesson
    agenda = client.get(f"/omgangar/{later.key}/forum.docx")
    assert agenda.status_code == 200 and agenda.content[:2] == b"PK"
    out = StringIO()
    call_command("remind", "--dry-run", "--days", "400", stdout=out)
    assert "Åtgärd: Illustrativt exempel" in out.getvalue() and "bedömning(ar) att skriva" in out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the areas loaded by migrations
def test_the_yearly_report_carries_the_published_rounds_actions_and_knowledge_needs():
    """Section 6 of the report comes from the rounds (registered with the report, not imported by it)."""
    from styrkedja.web.dashboards.sections import section_sources
    from styrkedja.web.followup.models import Action, KnowledgeNeed
    from styrkedja.web.rounds.report import decided_sections

    call_command("demo", "--no-serve", stdout=StringIO())
    assert decided_sections in section_sources()
    published = Round.objects.filter(state="published")
    sections = {s.key: s for s in decided_sections(dt.date.today(), "sv")}
    actions = Action.objects.filter(round__in=published)
    needs = KnowledgeNeed.objects.filter(round__in=published)
    assert actions.exists() and needs.exists()
    assert sorted(r[0] for r in sections["actions"].rows) == sorted(actions.values_list("title", flat=True))
    assert sorted(r[0] for r in sections["knowledge-needs"].rows) == sorted(needs.values_list("question", flat=True))
    first = min(r.published_at.date() for r in published)
    assert decided_sections(first - dt.timedelta(days=1), "sv") == []  # nothing published yet then
    english = {s.key: s for s in decided_sections(dt.date.today(), "en")}
    assert english["actions"].title == "Decided actions" and english["actions"].columns[0] == "Action"
