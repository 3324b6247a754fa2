"""Issue 11 in a real browser (Debian's Chromium through Playwright): phones (390 px) without horizontal
scroll and with a collapsing menu, the error pages, the chain diagram, the traceability matrix at 1,366 px
and the portfolio mapping. Screenshots at 1,366 and 390 px go to tests/artifacts/ (`<page>-<width>.png`);
axe finds no serious or critical violation on these pages.

Skipped when /usr/bin/chromium is absent (CI installs it). Never downloads a browser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

import styrkedja.demo
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ensure_roles
from tests.e2e.test_browser import ARGS, ARTIFACTS, CHROMIUM, axe_violations
from tests.web.world import MINIMAL, add_evaluation, add_statistics

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEMO = Path(styrkedja.demo.__file__).parent / "kronoberg.yaml"
PHONE, DESKTOP = 390, 1366
PASSWORD = "pw-for-tests"


def _users() -> None:
    User.objects.create_user("analytiker", password=PASSWORD).groups.add(Group.objects.get(name="analyst"))
    User.objects.create_user("utan-roll", password=PASSWORD)


@pytest.fixture
def minimal_site(live_server: Any) -> str:
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    add_statistics()
    add_evaluation()
    _users()
    return str(live_server.url)


@pytest.fixture
def demo_site(live_server: Any) -> str:
    ensure_roles()
    load_document(read_strategy_file(DEMO))
    _users()
    return str(live_server.url)


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the sync API runs an event loop in this thread
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@contextmanager
def signed_in(browser: Any, site: str, width: int, user: str = "analytiker", **options: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=site, viewport={"width": width, "height": 900}, locale="sv-SE", **options)
    page = context.new_page()
    if user:
        page.goto("/accounts/login/")
        page.fill("#id_username", user)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
    try:
        yield page
    finally:
        context.close()


def shoot(page: Any, name: str, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)


def serious(page: Any) -> list[dict[str, Any]]:
    return [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]


def scroll_width(page: Any) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


PHONE_PAGES = {"oversikt": "/oversikt/", "mal-rus": "/mal/g-emp/", "mal-befolkning": "/mal/g-pop/"}


def test_on_a_phone_overview_and_goal_pages_do_not_scroll_sideways(browser: Any, minimal_site: str) -> None:
    with signed_in(browser, minimal_site, PHONE) as page:
        widths = {}
        for name, url in PHONE_PAGES.items():
            page.goto(url)
            widths[url] = scroll_width(page)
            shoot(page, name, PHONE)
            assert not serious(page), url
    assert all(w <= PHONE for w in widths.values()), widths


def test_on_a_phone_the_menu_collapses_behind_a_button(browser: Any, minimal_site: str) -> None:
    with signed_in(browser, minimal_site, PHONE) as page:
        page.goto("/oversikt/")
        button = page.get_by_role("button", name="Meny")
        overview_link = page.locator("#site-menu").get_by_role("link", name="Översikt")
        assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
        assert not overview_link.is_visible()
        button.click()
        assert button.get_attribute("aria-expanded") == "true" and overview_link.is_visible()
        shoot(page, "meny-oppen", PHONE)
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false" and not overview_link.is_visible()
        page.set_viewport_size({"width": DESKTOP, "height": 900})
        assert not button.is_visible() and overview_link.is_visible()  # a wide screen shows the menu


def test_without_javascript_the_menu_stays_open(browser: Any, minimal_site: str) -> None:
    with signed_in(browser, minimal_site, PHONE, java_script_enabled=False) as page:
        page.goto("/oversikt/")
        assert page.locator("#site-menu").get_by_role("link", name="Översikt").is_visible()
        assert not page.locator(".nav-toggle").is_visible()
        assert scroll_width(page) <= PHONE


def test_error_pages_in_the_layout_with_a_way_back(browser: Any, minimal_site: str) -> None:
    for width in (DESKTOP, PHONE):
        with signed_in(browser, minimal_site, width) as page:
            response = page.goto("/mal/finns-inte/")
            assert response is not None and response.status == 404
            assert page.get_by_role("heading", level=1).inner_text() == "Sidan hittades inte"
            shoot(page, "fel-404", width)
            assert not serious(page)
            page.get_by_role("main").get_by_role("link", name="Till översikten").click()
            page.wait_for_url("**/oversikt/")
        with signed_in(browser, minimal_site, width, user="utan-roll") as page:
            response = page.goto("/oversikt/")
            assert response is not None and response.status == 403
            shoot(page, "fel-403", width)
            found = axe_violations(page)
            assert not [v for v in found if v["impact"] in ("serious", "critical")]
            assert not [v for v in found if v["id"] in ("region", "landmark-one-main", "page-has-heading-one")]


def test_admin_login_has_its_heading(browser: Any, minimal_site: str) -> None:
    with signed_in(browser, minimal_site, DESKTOP, user="") as page:
        page.goto("/admin/login/")
        found = axe_violations(page)
        assert not [v for v in found if v["impact"] in ("serious", "critical") or v["id"] == "page-has-heading-one"]


def test_chain_diagram_opens_level_by_level_and_portfolio_pages(browser: Any, minimal_site: str) -> None:
    for width in (DESKTOP, PHONE):
        with signed_in(browser, minimal_site, width) as page:
            page.goto("/styrkedjan/")
            short = int(page.evaluate("() => document.documentElement.scrollHeight"))
            page.locator("summary", has_text="Sysselsättningsgraden ska vara minst 80 %").click()
            page.locator("summary", has_text="Fler nya företag").click()
            project = page.get_by_role("link", name="Ett projekt")
            assert project.is_visible()
            assert int(page.evaluate("() => document.documentElement.scrollHeight")) > short
            shoot(page, "styrkedjan", width)
            assert not serious(page)
            assert scroll_width(page) <= width
            for name, url in {"insatskartlaggning": "/insatskartlaggning/", "indikatorer": "/indikatorer/",
                              "api-docs": "/api/docs/"}.items():  # fmt: skip
                page.goto(url)
                shoot(page, name, width)
                assert not serious(page), url
                assert scroll_width(page) <= width, url
            page.goto("/styrkedjan/")
            project = page.get_by_role("link", name="Ett projekt")
            page.locator("summary", has_text="Sysselsättningsgraden ska vara minst 80 %").click()
            page.locator("summary", has_text="Fler nya företag").click()
            project.click()
            page.wait_for_url("**/projekt/proj/")


def test_the_traceability_matrix_fits_a_1366_px_screen(browser: Any, demo_site: str) -> None:
    with signed_in(browser, demo_site, DESKTOP) as page:
        page.goto("/styrkedjan/#traceability")
        table = page.locator("table.matrix").first
        assert table.locator("tbody > tr").count() == 3
        fits = page.evaluate(
            """() => [...document.querySelectorAll('table.matrix')].map(t => {
                const wrap = t.closest('.table-wrap');
                return [t.scrollWidth, wrap.clientWidth, t.getBoundingClientRect().right, window.innerWidth];
            })"""
        )
        for table_width, wrap_width, right, window_width in fits:
            assert table_width <= wrap_width and right <= window_width, fits
        shoot(page, "sparbarhetsmatris", DESKTOP)
        assert not serious(page)
