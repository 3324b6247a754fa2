"""The project owner's plan from the template with its plausibility warnings, and the analyst's review queue,
in Debian's Chromium (Playwright; never a downloaded browser). Screenshots at 1 366 and 390 px go to
tests/artifacts/; axe finds no serious or critical violation on any of them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from styrkedja.web.projects import services as sv
from styrkedja.web.projects.models import Initiative
from tests.e2e import test_project_plan as plan_flow
from tests.e2e.test_project_plan import ARTIFACTS, CHROMIUM, goal_ref, log_in, serious_axe_violations
from tests.web.projects.plans import sound_plan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
WIDTHS = (1366, 390)
site = plan_flow.site  # the same fixtures: a live server with the minimal chain, a project owner and an analyst
browser = plan_flow.browser


def shoot(page: Any, name: str) -> None:
    """A full-page screenshot at each width, each scanned by axe."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        assert serious_axe_violations(page) == [], (name, width)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_owner_starts_from_the_template_and_is_warned_about_an_implausible_plan(browser: Any) -> None:
    browser.set_default_timeout(90_000)  # a shared, loaded machine: the live server's first page can be slow
    page = log_in(browser, "agare")
    page.goto("/projekt/ny/")
    page.fill("#name", "Cykelturism längs leden")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/projekt/cykelturism-langs-leden/plan/$"))

    # The template: Huvudmål 1, Delmål 1-3, activities with Antal gånger and Tid per tillfälle (h).
    legends = page.locator("fieldset.goal-block > legend").all_inner_texts()
    assert legends == ["Huvudmål 1", "Delmål 1", "Delmål 2", "Delmål 3"]
    assert page.locator("fieldset.activity-block").count() == 3
    assert page.get_by_label("Antal gånger").count() == 3 and page.get_by_label("Tid per tillfälle (h)").count() == 3

    # The implausible plan: a regional statistic, "30 %" against 150, one 6-hour activity, 1,2 MSEK,
    # an effect year beyond the follow-up.
    page.fill("#i-start_date", "2024-01-01")
    page.fill("#i-end_date", "2025-12-31")
    page.fill("#i-budget", "1 200 000")
    main = goal_ref(page, "Huvudmål 1")
    page.fill(f"#g-{main}-formulation", "30 % av deltagarna ska starta företag")
    page.select_option(f"#g-{main}-indicator", "pop")
    page.fill(f"#g-{main}-target_value", "150")
    page.fill(f"#g-{main}-target_year", "2032")
    page.select_option(f"#g-{main}-contributes-0", "s:g-sub")
    activity = str(page.locator("fieldset.activity-block").first.get_attribute("id")).removeprefix("block-")
    page.fill(f"#a-{activity}-name", "Informationsträff")
    page.fill(f"#a-{activity}-occasions", "1")
    page.fill(f"#a-{activity}-hours_per_occasion", "6")
    page.locator(f"#a-{activity}-hours_per_occasion").dispatch_event("change")

    checks = page.locator("#plan-checks")
    checks.locator('[data-code="plan-budget-per-hour"]').wait_for()
    for code in ("goal-target-contradicts-formulation", "effect-year-beyond-reach"):
        assert checks.locator(f"ul.errors [data-code='{code}']").count() == 1, code
    for code in ("goal-regional-indicator", "plan-few-hours", "plan-budget-per-hour"):
        assert checks.locator(f"ul.warnings [data-code='{code}']").count() == 1, code
    assert "2024–2030" in checks.inner_text()  # the reach of the effect, in order
    assert "1 200 000" in checks.inner_text().replace("\u202f", " ").replace("\xa0", " ")
    assert page.locator("#submit-plan").is_disabled()

    # Save the draft: one message, the rows keep what was typed, each finding marked on its field.
    page.click("#save")
    page.wait_for_load_state()
    assert page.locator("main .messages .message").count() == 1
    main = goal_ref(page, "Huvudmål 1")
    target = page.locator(f"#g-{main}-target_value")
    assert target.get_attribute("aria-invalid") == "true"
    described = str(target.get_attribute("aria-describedby"))
    assert f"g-{main}-target_value-check" in described
    assert "150" in page.locator(f"#g-{main}-target_value-check").inner_text()
    indicator = page.locator(f"#g-{main}-indicator")
    assert f"g-{main}-indicator-check" in str(indicator.get_attribute("aria-describedby"))
    assert "Folkmängd" in page.locator(f"#g-{main}-indicator-check").inner_text()
    assert page.input_value("#i-budget") == "1 200 000"
    assert page.locator("#submit-plan").is_disabled()
    shoot(page, "projektplan-rimlighet")


def test_analyst_reviews_from_the_queue_oldest_first(browser: Any) -> None:
    from django.contrib.auth.models import User

    owner = User.objects.get(username="agare")
    initiative = Initiative.objects.get(key="proj")
    initiative.owners.add(owner)
    sv.save_plan(initiative, sound_plan(), owner)
    report = initiative.reports.get(kind="progress", period="2019")
    sv.save_report(report, 12, "Två träffar hölls.", [], owner)
    sv.submit_report(report, owner)
    sv.submit_plan(initiative, [], owner)

    browser.set_default_timeout(90_000)
    page = log_in(browser, "analytiker")
    page.goto("/")
    nav = page.locator("#nav-review")
    assert nav.inner_text() == "Att granska (2)"
    nav.click()
    page.wait_for_url(re.compile(r"/projekt/granska/$"))
    assert page.locator("#review-queue tbody tr").evaluate_all("rows => rows.map(r => r.dataset.kind)") == [
        "report",
        "plan",
    ]  # the report was submitted first
    shoot(page, "granskningsko")

    # The plan opens on its review form, which sits below the plan it reviews.
    page.locator("#review-queue tbody tr[data-kind=plan] a").click()
    page.wait_for_url(re.compile(r"/projekt/proj/#review$"))
    goals_top = page.locator("#goals-heading").bounding_box()["y"]
    review_top = page.locator("#review").bounding_box()["y"]
    assert goals_top < review_top
    page.fill("#plan-comment", "Bra koppling till delstrategin.")
    page.click("#approve-plan")
    page.wait_for_load_state()
    assert page.locator("#plan-state").inner_text() == "godkänd"
    assert page.locator("#nav-review").inner_text() == "Att granska (1)"
