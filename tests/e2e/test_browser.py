"""The pages in a real browser (Debian's Chromium driven by Playwright): drill-down, language switch,
CSV download, keyboard-only use, an axe-core scan of every page, and a screenshot of each main page
written to tests/artifacts/.

Skipped when /usr/bin/chromium is absent (CI installs it). Never downloads a browser.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ensure_roles
from tests.web.world import MINIMAL, add_evaluation, add_statistics

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keeps the areas loaded by migrations
]

# Every page of the follow-up, with the name of its screenshot.
PAGES = {
    "oversikt": "/oversikt/",
    "mal-rus": "/mal/g-emp/",
    "mal-befolkning": "/mal/g-pop/",
    "aktivitet": "/aktivitet/a1/",
    "indikatorer": "/indikatorer/",
    "indikator": "/indikatorer/pop/",
    "styrkedjan": "/styrkedjan/",
    "tradet": "/",
    "insatskartlaggning": "/insatskartlaggning/",
    "jamforelse": "/jamforelse/?indikator=pop",
    "api-docs": "/api/docs/",
    "metod-sannolikhet": "/metod/sannolikhet/",
    "rapport": "/rapport/",
}


@pytest.fixture
def site(live_server: Any) -> str:
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    add_statistics()
    add_evaluation()
    user = User.objects.create_user("analytiker", password="pw-for-tests")
    user.groups.add(Group.objects.get(name="analyst"))
    return str(live_server.url)


@pytest.fixture
def page(site: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's ORM work is done before it starts.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(
            base_url=site, viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="sv-SE"
        )
        pg = context.new_page()
        CSP_REFUSALS.clear()
        pg.on("console", lambda m: CSP_REFUSALS.append(m.text) if "Content Security Policy" in m.text else None)
        # the first request imports every view (charts, statistics): slow on a loaded machine
        pg.goto("/accounts/login/", timeout=120_000)
        pg.fill("#id_username", "analytiker")
        pg.fill("#id_password", "pw-for-tests")
        pg.click("button[type=submit]")
        pg.wait_for_load_state()
        yield pg
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


# What Chromium refused under the pages' Content-Security-Policy (console messages), per page fixture.
CSP_REFUSALS: list[str] = []


def axe_violations(pg: Any) -> list[dict[str, Any]]:
    # by URL, from the site itself: an inline copy would be refused by the Content-Security-Policy
    pg.add_script_tag(url="/static/vendor/axe.min.js")
    result: list[dict[str, Any]] = pg.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }"""
    )
    return result


def test_axe_finds_no_serious_or_critical_violation_and_screenshots(page: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    report = {}
    for lang in ("sv", "en"):
        if lang == "en":
            page.goto("/oversikt/")
            page.click("form.lang button")
            page.wait_for_load_state()
        for name, url in PAGES.items():
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}.png"), full_page=True)
            bad = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
            report[f"{lang} {url}"] = bad
    failures = {k: v for k, v in report.items() if v}
    assert not failures, failures
    assert CSP_REFUSALS == []  # every page works under its Content-Security-Policy
    assert len(list(ARTIFACTS.glob("*-sv.png"))) >= len(PAGES)


def test_drill_down_from_rus_goal_to_activity_and_back(page: Any) -> None:
    page.goto("/oversikt/")
    # the goal is also listed under "needs action": follow the overview row
    page.locator("#overview-results").get_by_role("link", name="Sysselsättningsgraden ska vara minst 80 %").click()
    page.wait_for_url("**/mal/g-emp/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sysselsättningsgraden ska vara minst 80 %"
    page.get_by_role("link", name="Fler nya företag").click()
    page.wait_for_url("**/mal/g-sub/")
    page.get_by_role("link", name="Workshop").click()
    page.wait_for_url("**/aktivitet/a1/")
    assert "Workshop" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="60 % vill bli företagare").click()  # up again, to the goal it feeds
    page.wait_for_url("**/mal/proj-sub/")
    for _ in range(3):
        page.go_back(wait_until="load")
    assert page.url.endswith("/mal/g-emp/"), page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Sysselsättningsgraden ska vara minst 80 %"
    page.locator("nav.breadcrumb a").first.click()  # and up to the overview by the breadcrumb
    page.wait_for_url("**/oversikt/**")


def test_switch_language(page: Any) -> None:
    page.goto("/oversikt/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Översikt")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Overview")
    assert "on track" in page.content()
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"


def test_download_csv(page: Any) -> None:
    page.goto("/indikatorer/pop/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ned CSV").click()
    download = info.value
    assert download.suggested_filename == "pop.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("indicator,area_code,area_name,period")
    assert "pop,07,Kronobergs län,2014,T,189128.0" in text


def test_download_the_yearly_report(page: Any) -> None:
    page.goto("/rapport/")
    page.select_option("#r-edition", "publik")
    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ned XLSX").click()
    download = info.value
    assert download.suggested_filename.endswith("-publik-sv.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))  # the temp file has no suffix
    assert "Källor och metod" in wb.sheetnames and "Avslutade projekt" not in wb.sheetnames


def test_report_page_says_a_document_is_being_made_and_when_its_download_started(page: Any) -> None:
    page.goto("/rapport/")
    status = page.get_by_role("status")
    assert status.inner_text() == ""
    # Record every text the live region shows: the "making" message may be replaced within milliseconds.
    page.evaluate(
        """() => { window.seen = []; const s = document.getElementById('r-progress');
            new MutationObserver(() => window.seen.push(s.textContent)).observe(s, {childList: true}); }"""
    )
    with page.expect_download() as info:
        page.get_by_role("button", name="Ladda ned PDF").click()
    assert info.value.suggested_filename.endswith(".pdf")
    # A locator assertion, not wait_for_function: the site's CSP (no 'unsafe-eval') refuses a string predicate.
    expect = pytest.importorskip("playwright.sync_api").expect
    expect(page.locator("#r-progress")).to_contain_text("nedladdning", timeout=120_000)
    seen = page.evaluate("window.seen")
    assert seen[0].startswith("Tar fram PDF-dokumentet") and "PDF-dokumentet är klart" in seen[-1], seen
    assert page.locator("#r-progress-bar").is_hidden() and page.locator("form[aria-busy]").count() == 0
    bad = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not bad, bad


def test_keyboard_only(page: Any) -> None:
    page.goto("/oversikt/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(60):  # Tab forward to the first goal link of the table
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.startswith("/mal/"):
            break
    else:
        pytest.fail("no goal link reachable by Tab")
    visible_focus = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert visible_focus != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/mal/**")
    # the htmx filter works from the keyboard too: choose a status and the table updates
    page.goto("/oversikt/")
    page.focus("#f-status")
    page.select_option("#f-status", "at_risk")
    # (a locator assertion: wait_for_function's string would be eval'd, which the page's CSP refuses)
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_api.expect(page.locator("#overview-results")).not_to_contain_text("Befolkningen ska växa")
    assert "Sysselsättningsgraden ska vara minst" in page.inner_text("#overview-results")
