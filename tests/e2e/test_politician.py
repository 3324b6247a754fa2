"""The politician's path in a real browser (Debian's Chromium): overview -> goal -> why -> comparison,
at 1,366 px (a laptop) and 390 px (a phone), Swedish. Each step is scanned with axe-core (no serious or
critical violation; the moderate "heading order" on the tree is gone too) and saved as a screenshot in
tests/artifacts/ (politiker-<step>-<width>.png)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ensure_roles
from tests.e2e.test_browser import ARGS, ARTIFACTS, CHROMIUM, axe_violations, pytestmark  # noqa: F401  (marks)
from tests.web.world import MINIMAL, add_evaluation, add_statistics

WIDTHS = {1366: 768, 390: 844}


@pytest.fixture
def site(live_server: Any) -> str:
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    add_statistics()
    add_evaluation()
    user = User.objects.create_user("politiker", password="pw-for-tests")
    user.groups.add(Group.objects.get(name="reader"))
    return str(live_server.url)


@pytest.fixture
def browser(site: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium, site
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _signed_in(chromium: Any, site: str, width: int) -> Any:
    context = chromium.new_context(base_url=site, viewport={"width": width, "height": WIDTHS[width]}, locale="sv-SE")
    pg = context.new_page()
    pg.goto("/accounts/login/")
    pg.fill("#id_username", "politiker")
    pg.fill("#id_password", "pw-for-tests")
    pg.click("button[type=submit]")
    pg.wait_for_load_state()
    return pg


def _check(pg: Any, step: str, width: int, report: dict[str, Any]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    # "why" is the part of the goal page in view once scrolled to; the other steps are whole pages
    pg.screenshot(path=str(ARTIFACTS / f"politiker-{step}-{width}.png"), full_page=step != "varfor")
    found = axe_violations(pg)
    bad = [v for v in found if v["impact"] in ("serious", "critical") or v["id"] == "heading-order"]
    if bad:
        report[f"{step} {width}"] = bad


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_overview_goal_why_comparison(browser: Any, width: int) -> None:
    chromium, site = browser
    pg = _signed_in(chromium, site, width)
    report: dict[str, Any] = {}
    pg.goto("/oversikt/")
    summary = pg.locator("section.overview-summary")
    assert "2 mål: så ligger det till" in summary.inner_text()  # the answer first
    assert "I fas" in summary.inner_text() and "Risk att inte nås" in summary.inner_text()
    _check(pg, "oversikt", width, report)

    pg.locator("#overview-results").get_by_role("link", name="Befolkningen ska växa").click()
    pg.wait_for_url("**/mal/g-pop/")
    assert pg.get_by_role("heading", level=1).inner_text() == "Befolkningen ska växa"
    assert "Ökade från" in pg.locator("p.latest").inner_text()  # the latest change next to the figure
    _check(pg, "mal", width, report)

    why = pg.locator("section.why")
    why.scroll_into_view_if_needed()
    assert why.get_by_role("heading", level=2).inner_text() == "Varför"
    assert "Bostäder" in why.inner_text()  # the influence factors behind the goal
    _check(pg, "varfor", width, report)

    why.get_by_role("link", name="Jämför Folkmängd mellan länen").click()
    pg.wait_for_url("**/jamforelse/**")
    assert pg.locator("#f-measure").input_value() == "tillvaxt"  # the measure the goal is about
    assert pg.locator("figure.chart svg").count() >= 3
    assert "NaN" not in pg.content()
    _check(pg, "jamforelse", width, report)

    pg.goto("/")  # and the tree: every goal with a status, no heading levels skipped
    _check(pg, "tradet", width, report)
    assert not report, report
