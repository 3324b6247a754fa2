"""What every page shares (issue 11, "Everywhere"): error pages in the site's layout and language, the
collapsible menu, the admin and the API docs in Swedish, and the indicator catalogue grouped by goal."""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.views.defaults import server_error

from styrkedja.web.api.api import api
from styrkedja.web.api.docs_text import ENDPOINTS
from styrkedja.web.areas.models import Area
from styrkedja.web.indicators.models import ImportBatch, Indicator, Observation
from tests.web.world import english, make_user


def _doc(response):  # type: ignore[no-untyped-def]
    return lxml.html.fromstring(response.content.decode())


def _text(el) -> str:  # type: ignore[no-untyped-def]
    return " ".join(el.text_content().split())


# --- error pages -------------------------------------------------------------------------------


def test_404_is_in_the_sites_layout_and_language_with_a_way_back(client, reader):
    client.force_login(reader)
    response = client.get("/mal/finns-inte/")
    assert response.status_code == 404
    doc = _doc(response)
    assert doc.xpath("//header[@class='site-header']//nav") and doc.xpath("//main[@id='main']")
    assert _text(doc.xpath("//h1")[0]) == "Sidan hittades inte"
    assert doc.xpath("//main//a[@href='/']") and doc.xpath("//main//a[@href='/oversikt/']")
    english(client)
    assert _text(_doc(client.get("/mal/finns-inte/")).xpath("//h1")[0]) == "The page was not found"


def test_403_is_in_the_sites_layout_with_landmarks_and_a_way_back(client, world):
    client.force_login(make_user("nobody", None))
    response = client.get("/oversikt/")
    assert response.status_code == 403
    doc = _doc(response)
    assert doc.xpath("//header") and doc.xpath("//nav[@aria-label]") and doc.xpath("//main")
    assert doc.xpath("//footer")
    assert _text(doc.xpath("//h1")[0]) == "Du har inte behörighet till den här sidan"
    assert "nobody" in _text(doc.xpath("//main")[0])  # says who is logged in
    assert doc.xpath("//main//a[@href='/']")


def test_500_renders_without_a_request_context_or_the_database(db):
    request = RequestFactory().get("/oversikt/")
    with translation.override("sv"), CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert response.status_code == 500
    assert len(queries) == 0
    doc = _doc(response)
    assert _text(doc.xpath("//h1")[0]) == "Något gick fel hos oss"
    assert doc.xpath("//main//a[@href='/']") and doc.xpath("//link[contains(@href, 'site.css')]")
    with translation.override("en"):
        assert "Something went wrong on our side" in server_error(request).content.decode()


@pytest.mark.urls("tests.web.dashboards.failing_urls")
def test_a_failing_page_answers_with_the_500_page(client, reader):
    client.raise_request_exception = False
    client.force_login(reader)
    response = client.get("/fails/")
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.content.decode()


# --- the menu ----------------------------------------------------------------------------------


def test_the_menu_has_a_toggle_button_and_stays_usable_without_javascript(client, reader):
    client.force_login(reader)
    doc = _doc(client.get("/oversikt/"))
    button = doc.xpath("//nav[contains(@class, 'site-nav')]/button[@class='nav-toggle']")[0]
    assert button.get("aria-expanded") == "false" and button.get("aria-controls") == "site-menu"
    assert button.get("hidden") is not None  # shown by nav.js; without it the list below is always there
    assert len(doc.xpath("//ul[@id='site-menu']/li/a")) >= 8
    assert doc.xpath("//script[contains(@src, 'nav.js')]")


# --- the admin and the API docs in Swedish -------------------------------------------------------


def test_admin_model_names_are_in_swedish_and_english_with_the_switch(client, world):
    admin = make_user("admin", "administrator")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    main = _text(_doc(client.get("/admin/")).xpath("//div[@id='content-main']")[0])
    for name in ("Områden", "Jämförelsegrupper", "Indikatorer", "Observationer", "Utmaningar", "Prioriteringar",
                 "Strategier", "Målvärden", "Bedömningar", "Påverkansfaktorer", "Ändringslogg"):  # fmt: skip
        assert name in main, name
    for name in ("Areas", "Peer groups", "Challenges", "Priorities", "Observations", "Audit log"):
        assert name not in main, name
    english(client)
    main = _text(_doc(client.get("/admin/")).xpath("//div[@id='content-main']")[0])
    assert "Peer groups" in main and "Challenges" in main


def test_the_admin_login_page_has_a_first_level_heading(client, world):
    doc = _doc(client.get("/admin/login/"))
    (h1,) = doc.xpath("//main//h1")
    assert _text(h1) == "Logga in"


def test_api_docs_page_in_swedish_and_english(client, reader):
    client.force_login(reader)
    doc = _doc(client.get("/api/docs/"))
    rows = {_text(r.xpath("./th")[0]): _text(r.xpath("./td")[0]) for r in doc.xpath("//tbody/tr")}
    assert rows["GET /api/areas"].startswith("Områden") and "Riket, länen och kommunerna" in rows["GET /api/areas"]
    assert rows["GET /api/observations"].startswith("Observationer")
    english(client)
    doc = _doc(client.get("/api/docs/"))
    rows = {_text(r.xpath("./th")[0]): _text(r.xpath("./td")[0]) for r in doc.xpath("//tbody/tr")}
    assert rows["GET /api/areas"].startswith("Areas") and "Riket, the counties" in rows["GET /api/areas"]


def test_every_api_endpoint_has_its_text_for_the_docs_page(db):
    paths = set(api.get_openapi_schema()["paths"])
    assert paths == set(ENDPOINTS)


# --- the indicator catalogue -------------------------------------------------------------------


def _groups(html: str) -> list[tuple[str, list[list[str]]]]:
    table = lxml.html.fromstring(html).xpath("//table[contains(@class, 'catalogue')]")[0]
    out = []
    for body in table.xpath("./tbody"):
        head, *rows = body.xpath("./tr")
        out.append((_text(head), [[_text(c) for c in r.xpath("./th|./td")] for r in rows]))
    return out


def test_the_catalogue_is_grouped_by_goal_with_status_source_and_latest_data(client, reader):
    client.force_login(reader)
    groups = _groups(client.get("/indikatorer/").content.decode())
    heads = [h for h, _rows in groups]
    pop = next(g for g in groups if g[0].startswith("Befolkningen ska växa"))
    assert "I fas" in pop[0]  # the goal's status in the latest run
    assert pop[1] == [["Folkmängd", pop[1][0][1], "SCB", "2024"]]
    emp = next(g for g in groups if g[0].startswith("Sysselsättningsgraden ska vara minst 80 %"))
    assert "Risk att inte nås" in emp[0] and emp[1][0][2:] == ["SCB", "2024"]
    assert heads.index(pop[0]) < heads.index(emp[0])  # the strategy's order
    assert all("fil" not in row[2].split() for _h, rows in groups for row in rows)


def test_the_catalogue_filters_on_has_data(client, reader):
    client.force_login(reader)
    with_data = _groups(client.get("/indikatorer/?data=yes").content.decode())
    names = {row[0] for _h, rows in with_data for row in rows}
    assert names == {"Folkmängd", "Sysselsättningsgrad 20-64 år"}
    without = _groups(client.get("/indikatorer/?data=no").content.decode())
    names_without = {row[0] for _h, rows in without for row in rows}
    assert names_without and not names_without & names
    assert all(row[3] == "inga data än" for _h, rows in without for row in rows)
    partial = client.get("/indikatorer/?data=yes", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Folkmängd" in partial


def test_a_files_source_is_the_publisher_its_notes_name_never_file(client, reader):
    started = Indicator.objects.get(key="started")
    Indicator.objects.filter(pk=started.pk).update(source_kind="file")
    batch = ImportBatch.objects.create(
        source="file",
        location="data/new_firms.csv",
        retrieved_at=timezone.make_aware(dt.datetime(2025, 1, 1)),
        notes=["Nystartade företag per län 1994–2021.", "source: Tillväxtanalys, Nystartade företag"],
    )
    Observation.objects.create(indicator=started, area=Area.objects.get(code="07"), period="2021", value=12.0,
                               batch=batch)  # fmt: skip
    analyst = make_user("analytiker", "analyst")  # the project's indicator is on an unpublished initiative
    client.force_login(analyst)
    groups = _groups(client.get("/indikatorer/?q=start").content.decode())
    (row,) = [r for _h, rows in groups for r in rows]
    assert row[2] == "Tillväxtanalys"


def test_the_history_page_is_in_swedish_and_english_with_the_switch(client, analyst):
    client.force_login(analyst)
    doc = _doc(client.get("/projekt/proj/historik/"))
    assert _text(doc.xpath("//h1")[0]).startswith("Ändringshistorik")
    headers = [_text(th) for th in doc.xpath("//thead//th")]
    assert headers == ["Tid", "Vem", "Händelse", "Vad", "Ändringar"]
    whats = {_text(r.xpath("./td")[3]).split()[0] for r in doc.xpath("//tbody/tr")}
    assert "Mål" in whats and "Aktivitet" in whats, whats  # the model names, translated
    english(client)
    doc = _doc(client.get("/projekt/proj/historik/"))
    assert [_text(th) for th in doc.xpath("//thead//th")] == ["Time", "Who", "Action", "What", "Changes"]
    whats = {_text(r.xpath("./td")[3]).split()[0] for r in doc.xpath("//tbody/tr")}
    assert "Goal" in whats and "Activity" in whats, whats
