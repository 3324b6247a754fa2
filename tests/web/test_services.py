"""Writes that used to live in views and commands go through services: one transaction, an audit entry.
And the page rank is the evaluation's competition rank, counted here by hand."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from styrkedja.web.areas.models import Area
from styrkedja.web.core.models import AuditEntry
from styrkedja.web.dashboards.queries import rank_of
from styrkedja.web.followup.models import Assessment
from styrkedja.web.followup.services import add_assessment, assessment_is_valid
from styrkedja.web.indicators.catalogue import FILE_NOTE, indicators_for_series
from styrkedja.web.indicators.models import Indicator
from styrkedja.web.projects.models import Initiative, Plan
from styrkedja.web.projects.services import create_initiative
from styrkedja.web.strategies.models import Goal, Strategy
from tests.web.dbdump import dump_database


def test_rank_of_is_the_competition_rank_counted_by_hand():
    values = {"01": 5.0, "03": 7.0, "07": 5.0, "08": 2.0}
    # higher is better: 03 first; 01 and 07 share second (nobody gets third); 08 fourth
    assert [rank_of(values, c, True) for c in ("03", "01", "07", "08")] == [(1, 4), (2, 4), (2, 4), (4, 4)]
    # lower is better: 08 first, 01 and 07 second, 03 fourth
    assert [rank_of(values, c, False) for c in ("08", "01", "07", "03")] == [(1, 4), (2, 4), (2, 4), (4, 4)]
    assert rank_of(values, "25", True) is None


@pytest.fixture
def analyst(db) -> User:
    return User.objects.create_user("anna", first_name="Anna", last_name="Analys")


@pytest.fixture
def goal(db) -> Goal:
    strategy = Strategy.objects.create(
        key="rus", name="RUS", area=Area.objects.get(code="07"), horizon_start=2020, horizon_end=2030
    )
    return Goal.objects.create(key="g1", name="Mål", strategy=strategy)


def test_an_assessment_is_written_with_its_audit_entry(goal, analyst):
    a = add_assessment(goal, 2025, "neutral", "Tillväxten avtar.", analyst)
    assert (a.author_name, a.goal_id, a.year) == ("Anna Analys", goal.pk, 2025)
    entry = AuditEntry.objects.get(model="followup.Assessment")
    assert (entry.object_key, entry.user, entry.changes["rating"]) == ("g1/2025", analyst, [None, "neutral"])


@pytest.mark.parametrize(
    ("text", "rating", "year"), [("", "neutral", 2025), ("x", "great", 2025), ("x", "neutral", 1850)]
)
def test_an_invalid_assessment_changes_nothing(goal, analyst, text, rating, year):
    assert not assessment_is_valid(text, rating, year)
    before = dump_database()
    with pytest.raises(ValueError):
        add_assessment(goal, year, rating, text, analyst)
    assert dump_database() == before and not Assessment.objects.exists()


def test_a_new_initiative_has_a_plan_an_owner_and_audit_entries(db, analyst):
    strategy = Strategy.objects.create(
        key="ris", name="RIS", area=Area.objects.get(code="07"), horizon_start=2020, horizon_end=2030
    )
    ini = create_initiative("Ny satsning", Initiative.PROJECT, Area.objects.get(code="07"), strategy, analyst)
    assert Plan.objects.filter(initiative=ini).exists()
    assert list(ini.owners.all()) == [analyst]  # no analyst role: the creator owns it
    models = set(AuditEntry.objects.filter(object_key=ini.key).values_list("model", flat=True))
    assert models == {"projects.Initiative", "projects.Plan"}


def test_indicators_made_for_imported_series_are_audited_and_reused(db, analyst):
    made = indicators_for_series({"BE0101|Kon=1", "BE0101|Kon=2"}, analyst)
    assert made == {"BE0101|Kon=1": "be0101-kon-1", "BE0101|Kon=2": "be0101-kon-2"}
    assert set(Indicator.objects.filter(source_note=FILE_NOTE).values_list("key", flat=True)) == set(made.values())
    created = AuditEntry.objects.filter(model="indicators.Indicator", action="create")
    assert sorted(created.values_list("object_key", flat=True)) == ["be0101-kon-1", "be0101-kon-2"]
    assert indicators_for_series({"BE0101|Kon=1"}, analyst) == {"BE0101|Kon=1": "be0101-kon-1"}
    assert created.count() == 2  # reused, not created again
