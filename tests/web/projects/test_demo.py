"""The demo's plans: Sydostleden and Destination Småland from the seed, illustrative, linked into the chain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import User

import styrkedja
from styrkedja.analytics.logic import ERROR, check_chain
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.chain.graph import chain_from_db
from styrkedja.web.core.demo_users import ensure_demo_users
from styrkedja.web.core.roles import ensure_roles
from styrkedja.web.projects import excel
from styrkedja.web.projects import plandata as pd
from styrkedja.web.projects import services as sv
from styrkedja.web.projects.demo import ensure_demo_plans
from styrkedja.web.projects.models import Initiative, Plan

DEMO = Path(styrkedja.__file__).parent / "demo" / "kronoberg.yaml"


@pytest.fixture
def demo(db):
    ensure_roles()
    load_document(read_strategy_file(DEMO))
    ensure_demo_users()
    assert ensure_demo_plans() == ["sydostleden", "destination-smaland"]


def test_demo_plans_are_illustrative_with_their_rounds_and_the_demo_owner(demo):
    for key in ("sydostleden", "destination-smaland"):
        initiative = Initiative.objects.get(key=key)
        assert initiative.plan.illustrative and initiative.plan.state == "draft"
        reports = list(initiative.reports.all())
        assert {r.kind for r in reports} == {"progress", "final", "expost3", "expost5"}
        assert all(r.illustrative for r in reports) and not any(r.values.exists() for r in reports)
    assert list(Initiative.objects.get(key="sydostleden").owners.values_list("username", flat=True)) == ["projektagare"]
    before = (Plan.objects.count(), sum(1 for _ in Initiative.objects.get(key="sydostleden").reports.all()))
    ensure_demo_plans()  # idempotent
    assert (Plan.objects.count(), Initiative.objects.get(key="sydostleden").reports.count()) == before
    assert [f for f in check_chain(chain_from_db()) if f.severity == ERROR] == []


def test_demo_plan_pages_show_the_chain_and_what_is_missing(client, demo):
    client.force_login(User.objects.get(username="projektagare"))
    html = client.get("/projekt/sydostleden/").content.decode()
    assert "illustrativ" in html
    assert "Informationsträffar om företagande längs Sydostleden" in html
    assert 'class="findings errors"' in html  # the template's empty sub-goals 2 and 3 block submitting
    assert client.get("/projekt/sydostleden/plan/").status_code == 200
    assert client.get("/projekt/destination-smaland/plan/").status_code == 403  # not the demo owner's
    assert client.get("/projekt/portfolj/").status_code == 200


def test_demo_plan_round_trips_through_excel(demo):
    catalogue = pd.load_catalogue()
    for key in ("sydostleden", "destination-smaland"):
        plan = pd.from_db(Initiative.objects.get(key=key))
        read, problems, _reader = excel.read_workbook(excel.write_workbook(plan, catalogue), catalogue)
        assert problems == [] and read == plan, key


def test_demo_rounds_are_dated_from_the_day_the_demo_is_built(client, db):
    ensure_roles()
    load_document(read_strategy_file(DEMO))
    ensure_demo_users()
    today = dt.date(2026, 12, 2)
    ensure_demo_plans(today=today)
    reports = list(Initiative.objects.get(key="sydostleden").reports.order_by("due_date"))
    first = reports[0]
    assert (first.kind, first.period, first.due_date) == ("progress", "2019", today - dt.timedelta(days=12))
    # The schedule keeps its shape: the 2020 progress report is due a year after the 2019 one (2021-01-31
    # against 2020-01-31 in the plan's own dates: 366 days, 2020 being a leap year).
    assert (reports[1].period, (reports[1].due_date - first.due_date).days) == ("2020", 366)
    ensure_demo_plans(today=today)  # idempotent
    again = Initiative.objects.get(key="sydostleden").reports.order_by("due_date")
    assert [(r.pk, r.due_date) for r in again] == [(r.pk, r.due_date) for r in reports]
    due = sv.due_reports(today)
    assert {d.late for d in due if d.overdue} == {12}  # not "overdue by 2 496 days"
