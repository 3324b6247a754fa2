"""*Utan oss?* in a real browser: an analyst runs a synthetic control; axe finds nothing serious; screenshot."""

from __future__ import annotations

from typing import Any

from tests.e2e.test_browser import ARTIFACTS, axe_violations, page, pytestmark, site  # noqa: F401


def test_analyst_runs_a_synthetic_control_and_the_page_is_accessible(page: Any) -> None:  # noqa: F811
    page.goto("/mal/g-pop/")
    page.get_by_role("link", name="Utan oss?").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Utan oss?").is_visible()
    page.select_option("#start-year", "2020")
    page.get_by_role("button", name="Kör", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Resultat").is_visible()
    assert page.locator("svg[role=img]").count() == 2
    assert page.get_by_text("Metodens begränsningar").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "utan-oss-sv.png"), full_page=True)
    bad = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    # The analyst publishes the run; then asks for the predictor variant, which waits for the worker.
    page.get_by_role("button", name="Publicera analysen").click()
    page.wait_for_load_state()
    assert page.get_by_text("Publicerad ").first.is_visible()
    page.get_by_label("Med förklaringsvariabler", exact=False).check()
    page.get_by_role("button", name="Kör", exact=True).click()
    page.wait_for_load_state()
    status = page.locator(".job[role=status]")
    assert status.is_visible() and "väntar på sin tur" in status.inner_text()
    page.screenshot(path=str(ARTIFACTS / "utan-oss-queued-sv.png"), full_page=True)
    bad = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not bad, bad
