"""The yearly round in the browser: an analyst opens the 2026 round, assesses a goal that is off track,
records an action and a knowledge need and publishes; a reader then sees them on the goal page with the
goal's status history (2025 at risk -> 2026 off track). Debian's Chromium driven by Playwright; axe finds
no serious or critical violation on the pages walked."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.areas.models import Area
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ensure_roles
from styrkedja.web.followup.models import EvaluationResult, EvaluationRun
from styrkedja.web.rounds import services
from styrkedja.web.strategies.models import Goal, Strategy, Target

from . import test_project_plan as plan_test
from .test_project_plan import CHROMIUM, MINIMAL, log_in, serious_axe_violations

browser = plan_test.browser  # the shared fixture: Debian's Chromium through Playwright

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run(as_of: dt.date, emp_status: str) -> EvaluationRun:
    run = EvaluationRun.objects.create(as_of=as_of, finished_at=timezone.now())
    goal = Goal.objects.get(key="g-emp")
    target, area = Target.objects.get(key="t-emp"), Area.objects.get(code="07")
    EvaluationResult.objects.create(run=run, goal=goal, target=target, rule="level", area=area,
                                    indicator=goal.indicator, status=emp_status)  # fmt: skip
    return run


@pytest.fixture
def site(live_server: Any) -> str:
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    users = {}
    for name, role in (("lasare", "reader"), ("analytiker", "analyst")):
        users[name] = User.objects.create_user(name, password="pw-for-tests", first_name=name.title())
        users[name].groups.add(Group.objects.get(name=role))
    rus = Strategy.objects.get(key="rus")
    earlier = services.create_round(rus, 2025, users["analytiker"])
    services.freeze_round(earlier, _run(dt.date(2025, 4, 1), "at_risk"), users["analytiker"])
    services.publish_round(earlier, users["analytiker"])
    later = services.create_round(rus, 2026, users["analytiker"], assessments_due=dt.date(2026, 12, 15))
    services.freeze_round(later, _run(dt.date(2026, 11, 1), "off_track"), users["analytiker"])
    return str(live_server.url)


def test_analyst_assesses_records_and_publishes_reader_sees_it(browser: Any) -> None:
    page = log_in(browser, "analytiker")
    page.goto("/omgangar/")
    page.click("text=Uppföljning 2026")
    page.wait_for_url(re.compile(r"/omgangar/rus-2026/$"))
    row = page.locator("#goal-g-emp")
    assert "Ej i fas" in row.inner_text() and "Risk att inte nås" in row.inner_text()  # 2026 and the round before
    assert serious_axe_violations(page) == []

    row.locator("a", has_text="Bedöm").click()
    page.wait_for_url(re.compile(r"/omgangar/rus-2026/mal/g-emp/$"))
    page.fill("#f-text", "Sysselsättningen har fallit efter varslen i industrin.")
    page.fill("#f-why", "Två stora arbetsgivare har varslat.")
    page.select_option("#f-evidence", "statistics")
    assert serious_axe_violations(page) == []
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/omgangar/rus-2026/"))
    assert "utkast" in page.locator("#goal-g-emp").inner_text()

    page.fill("#a-title", "Kompetenslyft för varslade")
    page.check("#a-g-g-emp")
    page.select_option("#a-owner", label="Analytiker")
    page.fill("#a-due", "2027-03-31")
    page.click("text=Spara åtgärd")
    page.wait_for_load_state()
    page.fill("#k-question", "Vilka branscher står för nedgången?")
    page.check("#k-g-g-emp")
    page.click("text=Spara kunskapsbehov")
    page.wait_for_load_state()
    page.click("#publish-round")
    page.wait_for_load_state()
    assert "Omgången är publicerad." in page.content()

    page = log_in(browser, "lasare")
    page.goto("/mal/g-emp/")
    cycle = page.locator("#cycle")
    text = cycle.inner_text()
    assert re.search(r"2025:\s*⚠\s*Risk att inte nås.*2026:\s*⊘\s*Ej i fas", text, flags=re.S), text
    assert "Sysselsättningen har fallit efter varslen i industrin." in text and "Två stora arbetsgivare" in text
    assert "Kompetenslyft för varslade" in text and "Vilka branscher står för nedgången?" in text
    assert "Signerad Analytiker" in text
    assert serious_axe_violations(page) == []
