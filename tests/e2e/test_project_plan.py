"""A project owner fills in a new plan in the browser, end to end; an analyst approves it.

Debian's Chromium driven by Playwright (never a downloaded browser); skipped when /usr/bin/chromium
is absent. The owner creates the initiative, adds goals and an activity in place (htmx), picks from
the drop-downs, sees the logic errors, fixes them and submits; the analyst approves the plan and a
report; the evaluation then shows the project goal's status on the initiative's page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ensure_roles
from styrkedja.web.indicators.models import Indicator
from styrkedja.web.projects import services as sv
from styrkedja.web.projects.models import Initiative, Plan

CHROMIUM = Path("/usr/bin/chromium")
MINIMAL = Path(__file__).resolve().parent.parent / "fixtures" / "strategy" / "minimal.yaml"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keeps the areas loaded by migrations
]


@pytest.fixture
def site(live_server: Any) -> str:
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    Indicator.objects.create(key="wants", name="Andel deltagare som vill starta företag", measure_type="share",
                             numerator="deltagare som vill starta företag", denominator="svarande deltagare",
                             source_kind="project")  # fmt: skip
    for name, role in (("agare", "project_owner"), ("analytiker", "analyst")):
        user = User.objects.create_user(name, password="pw-for-tests")
        user.groups.add(Group.objects.get(name=role))
    return str(live_server.url)


@pytest.fixture
def browser(site: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = chromium.new_context(base_url=site, viewport={"width": 1280, "height": 900}, locale="sv-SE")
        yield context
        context.close()
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def log_in(context: Any, username: str) -> Any:
    context.clear_cookies()
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def serious_axe_violations(page: Any) -> list[Any]:
    page.add_script_tag(url="/static/vendor/axe.min.js")  # the CSP refuses inline scripts
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .map(v => ({id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def goal_ref(page: Any, heading: str) -> str:
    """The ref of the goal block whose legend is `heading` (e.g. "Huvudmål 1")."""
    block = page.locator("fieldset.goal-block", has=page.locator("legend", has_text=heading))
    return str(block.get_attribute("id")).removeprefix("block-")


def test_owner_fills_in_a_plan_sees_errors_fixes_submits_and_analyst_approves(browser: Any) -> None:
    page = log_in(browser, "agare")
    page.goto("/projekt/ny/")
    page.fill("#name", "Cykelföretagare i Kronoberg")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/projekt/cykelforetagare-i-kronoberg/plan/$"))
    page.fill("#i-start_date", "2019-01-01")
    page.fill("#i-end_date", "2021-12-31")
    page.fill("#i-owner_organisation", "Region Kronoberg")

    # The plan starts as the template (Huvudmål 1, Delmål 1-3, three activities); drop what this plan
    # does not need, in place (htmx).
    assert page.locator("fieldset.goal-block > legend").all_inner_texts() == ["Huvudmål 1", "Delmål 1", "Delmål 2",
                                                                               "Delmål 3"]  # fmt: skip
    for label in ("Ta bort delmål 3", "Ta bort delmål 2", "Ta bort delmål 1", "Ta bort aktivitet 3",
                  "Ta bort aktivitet 2", "Ta bort aktivitet 1"):  # fmt: skip
        page.get_by_role("button", name=label).click()
        page.get_by_role("button", name=label).wait_for(state="detached")
    # The main goal, without the link to a strategy goal for now.
    main = goal_ref(page, "Huvudmål 1")
    page.fill(f"#g-{main}-formulation", "30 % av deltagarna ska starta företag")
    page.select_option(f"#g-{main}-indicator", "started")
    page.fill(f"#g-{main}-baseline_value", "0")
    page.fill(f"#g-{main}-baseline_period", "2019")
    page.fill(f"#g-{main}-source", "Projektets deltagarenkät")
    page.fill(f"#g-{main}-target_value", "30")
    page.fill(f"#g-{main}-target_year", "2024")

    # An activity, then a sub-goal that picks it from the drop-down.
    page.click("#add-activity")
    assert page.input_value(f"#g-{main}-formulation") == "30 % av deltagarna ska starta företag"  # kept
    activity = str(page.locator("fieldset.activity-block").first.get_attribute("id")).removeprefix("block-")
    page.fill(f"#a-{activity}-name", "Workshopserie om cykelturism")
    page.fill(f"#a-{activity}-occasions", "6")
    page.fill(f"#a-{activity}-hours_per_occasion", "3")
    page.click("#add-sub")
    sub = goal_ref(page, "Delmål 1")
    assert page.input_value(f"#a-{activity}-name") == "Workshopserie om cykelturism"  # kept
    page.fill(f"#g-{sub}-formulation", "60 % av deltagarna ska vilja bli företagare")
    page.select_option(f"#g-{sub}-indicator", "wants")
    page.fill(f"#g-{sub}-baseline_value", "0")
    page.fill(f"#g-{sub}-baseline_period", "2019")
    page.fill(f"#g-{sub}-source", "Projektets deltagarenkät")
    page.fill(f"#g-{sub}-target_value", "160")  # a share above 100 %: an error
    page.fill(f"#g-{sub}-target_year", "2021")
    page.select_option(f"#g-{sub}-activities-0", label="Workshopserie om cykelturism")

    # The live checks list the errors apart from the warnings.
    errors = page.locator("#plan-checks ul.findings.errors")
    errors.locator('[data-code="share-out-of-range"]').wait_for()
    assert errors.locator('[data-code="project-goal-unlinked"]').count() == 1
    assert page.locator("#total-hours").inner_text() == "18"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "projektplan-fel.png"), full_page=True)
    assert serious_axe_violations(page) == []

    # Submitting is off while errors remain; the draft can be saved (one message).
    assert page.locator("#submit-plan").is_disabled()
    page.click("#save")
    page.wait_for_load_state()
    assert Plan.objects.get(initiative__key="cykelforetagare-i-kronoberg").state == "draft"
    assert page.locator("main .messages .message").all_inner_texts() == ["Planen sparades."]

    # Fix: link the main goal to a sub-strategy goal (drop-down), a plausible share. (The draft was saved:
    # the rows now carry their stored keys.)
    main, sub = goal_ref(page, "Huvudmål 1"), goal_ref(page, "Delmål 1")
    assert page.input_value(f"#g-{sub}-target_value") == "160"
    page.select_option(f"#g-{main}-contributes-0", "s:g-sub")
    page.fill(f"#g-{sub}-target_value", "60")
    page.locator(f"#g-{sub}-target_value").dispatch_event("change")
    page.locator("#checks-ok").wait_for()
    assert page.locator("#plan-checks ul.findings.errors").count() == 0
    page.click("#submit-plan")
    page.wait_for_url(re.compile(r"/projekt/cykelforetagare-i-kronoberg/$"))
    assert page.locator("#plan-state").inner_text() == "inskickad"
    assert page.locator("svg[role=img] path.edge").count() == 3
    assert serious_axe_violations(page) == []

    # The analyst approves the plan.
    page = log_in(browser, "analytiker")
    page.goto("/projekt/cykelforetagare-i-kronoberg/")
    page.fill("#plan-comment", "Bra koppling till delstrategin.")
    page.click("#approve-plan")
    page.wait_for_load_state()
    assert page.locator("#plan-state").inner_text() == "godkänd"
    initiative = Initiative.objects.get(key="cykelforetagare-i-kronoberg")
    assert initiative.plan.state == "approved"

    # The owner reports the final values, the analyst approves, the evaluation shows the goal's status.
    report = initiative.reports.get(kind="final")
    page = log_in(browser, "agare")
    page.goto(f"/projekt/{initiative.key}/rapport/{report.pk}/")
    keys = {g.kind: g.key for g in initiative.goals.all()}
    page.fill("#participants", "20")
    page.fill(f"#v-{keys['long_term']}-numerator", "7")
    page.fill(f"#v-{keys['long_term']}-denominator", "20")
    page.fill(f"#v-{keys['short_medium']}-numerator", "13")
    page.fill(f"#v-{keys['short_medium']}-denominator", "20")
    page.click("#submit-report")
    page.wait_for_load_state()
    assert page.locator("#report-state").inner_text() == "inskickad"
    page = log_in(browser, "analytiker")
    page.goto(f"/projekt/{initiative.key}/rapport/{report.pk}/")
    page.click("#approve-report")
    page.wait_for_load_state()
    assert page.locator("#report-state").inner_text() == "godkänd"
    assert page.locator("#share-" + keys["short_medium"]).inner_text() == "65,0\xa0%"
    sv.plan_for(initiative)  # unchanged by reading
    call_command("evaluate", "--as-of", "2030-01-01", stdout=open(os.devnull, "w"))  # noqa: SIM115
    page.goto(f"/projekt/{initiative.key}/")
    status = page.locator(f"#goal-{keys['short_medium']} .goal-status").inner_text()
    assert status != "–" and "65" in status, status
