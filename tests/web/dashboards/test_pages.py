"""The follow-up pages: overview, goal, activity, indicators, chain diagram, portfolio, comparison.

Built on the minimal strategy file plus statistics and an evaluation run created here. Each page
is checked in Swedish and English, for anonymous visitors, readers and analysts, in public mode,
and for its number of queries with two data sizes.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrkedja.web.areas.models import Area
from styrkedja.web.core.models import AuditEntry
from styrkedja.web.followup.models import Assessment, EvaluationResult, EvaluationRun
from styrkedja.web.indicators.models import ImportBatch, Indicator, Observation
from styrkedja.web.projects.models import Activity, Initiative
from styrkedja.web.strategies.models import Goal, Strategy, Target
from tests.web.world import english, make_user

NNBSP = "\u202f"


PAGES = [
    "/oversikt/",
    "/mal/g-pop/",
    "/mal/g-emp/",
    "/aktivitet/a1/",
    "/indikatorer/",
    "/indikatorer/pop/",
    "/styrkedjan/",
    "/insatskartlaggning/",
    "/jamforelse/?indikator=pop",
]


# --- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_pages_need_login(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signed_in_user_without_a_role_is_refused(client, world):
    client.force_login(make_user("nobody", None))
    assert client.get("/oversikt/").status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_for_a_reader_in_both_languages(client, reader, url):
    client.force_login(reader)
    sv = client.get(url)
    assert sv.status_code == 200, url
    assert 'lang="sv"' in sv.content.decode()
    english(client)
    en = client.get(url)
    assert en.status_code == 200
    assert 'lang="en"' in en.content.decode()


def test_public_mode_shows_published_strategies_only(client, world, settings):
    settings.PUBLIC_READ = True
    assert client.get("/mal/g-pop/").status_code == 200
    assert client.get("/mal/g-sub/").status_code == 404  # the sub-strategy is not published
    assert client.get("/aktivitet/a1/").status_code == 404
    html = client.get("/styrkedjan/").content.decode()
    assert "Befolkningen ska växa" in html
    assert "Fler nya företag" not in html
    html = client.get("/oversikt/?strategi=sub").content.decode()
    assert "Fler nya företag" not in html
    assert client.get("/indikatorer/started/").status_code == 404  # only used by an unpublished initiative


# --- overview ------------------------------------------------------------------------------


def test_overview_shows_status_as_text_and_icon_probability_and_contributors(client, reader):
    client.force_login(reader)
    html = client.get("/oversikt/").content.decode()
    assert "Regional utvecklingsstrategi" in html
    assert "Befolkningen ska växa" in html and "Sysselsättningsgraden ska vara minst 80 %" in html
    assert "I fas" in html and "Risk att inte nås" in html and "Uppnått" in html
    assert 'class="status-icon" aria-hidden="true">●' in html
    assert "83\u00a0%" in html and "41\u00a0%" in html  # probabilities, Swedish style
    assert "data t.o.m. 2024" in html
    assert "79,5" in html  # latest value, decimal comma
    assert "<svg" in html and 'role="img"' in html  # sparklines
    # g-emp: the sub-strategy goal contributes, and the project's goal contributes to that: one initiative
    rows = html.split("<tr>")
    emp_row = next(r for r in rows if "Sysselsättningsgraden ska vara minst" in r)
    assert '<td class="num">1</td>' in emp_row
    pop_row = next(r for r in rows if "Befolkningen ska växa" in r)
    assert '<td class="num">0</td>' in pop_row


def test_overview_in_english(client, reader):
    client.force_login(reader)
    english(client)
    html = client.get("/oversikt/").content.decode()
    assert "on track" in html and "at risk" in html and "data through 2024" in html
    assert "83%" in html


def test_overview_filters_by_status_and_level_and_serves_htmx_partials(client, reader):
    client.force_login(reader)
    html = client.get("/oversikt/?status=at_risk").content.decode()
    assert "Sysselsättningsgraden ska vara minst" in html
    assert "Befolkningen ska växa" not in html
    html = client.get("/oversikt/?niva=short_medium").content.decode()
    assert "Befolkningen ska växa" not in html
    partial = client.get("/oversikt/?strategi=sub", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Fler nya företag" in partial


# --- goal page -----------------------------------------------------------------------------------


def test_goal_page_has_chart_explanation_ranks_evidence_and_chain(client, reader, settings):
    settings.PROCESSED_BY = "Region Kronoberg"  # the documented setting names who processed the statistics
    client.force_login(reader)
    html = client.get("/mal/g-pop/").content.decode()
    assert "Befolkningen har vuxit snabbare än medianlänet sedan 2014." in html
    assert "<svg" in html and "Källa: SCB. Bearbetning: Region Kronoberg." in html
    # Population is a level: the chart compares growth as an index (base year = 100), and its text
    # alternative says so; the raw baseline value is still on the page.
    assert "Kronobergs län gick från 100" in html and "2014 = 100" in html
    assert f"189{NNBSP}128" in html
    assert "Visa diagrammets data som tabell" in html
    assert "Prognos för 2025" in html  # the forecast fan from the evaluation detail
    # Ranks are the evaluation's: the growth target's rank by growth; no level target, so no level rank.
    assert "Plats efter tillväxt" in html and "1 av 21 län (2014–2024)" in html
    assert "Plats efter nivå" not in html
    assert "Befolkningen växer." in html  # the assessment from the strategy file
    emp = client.get("/mal/g-emp/").content.decode()
    assert "Fler nya företag" in emp  # contributing sub-strategy goal
    assert "Ett projekt" in emp  # the initiative
    assert "/aktivitet/a1/" in emp  # the contributing project's activity
    assert "/aktivitet/a1/" not in client.get("/mal/g-pop/").content.decode()  # nothing contributes to g-pop
    assert "/aktivitet/a1/" in client.get("/mal/proj-sub/").content.decode()  # the workshop feeds it


def test_goal_page_in_english(client, reader, settings):
    settings.PROCESSED_BY = "Region Kronoberg"
    client.force_login(reader)
    english(client)
    html = client.get("/mal/g-pop/").content.decode()
    assert "The population has grown faster than the median county since 2014." in html
    assert "Source: SCB. Processing: Region Kronoberg." in html
    assert "Kronobergs län went from 100" in html and "2014 = 100" in html
    assert "Rank by growth" in html and "1 of 21 counties (2014–2024)" in html


def test_without_the_setting_no_organisation_is_named_as_processing(client, reader, settings):
    settings.PROCESSED_BY = ""
    client.force_login(reader)
    html = client.get("/mal/g-pop/").content.decode()
    assert "Källa: SCB." in html and "Bearbetning" not in html


def test_only_analysts_write_assessments_and_the_history_is_kept(client, reader, analyst):
    client.force_login(reader)
    html = client.get("/mal/g-pop/").content.decode()
    assert "Spara bedömningen" not in html
    assert client.post("/mal/g-pop/bedomning/", {"year": 2025, "rating": "neutral", "text": "x"}).status_code == 403
    client.force_login(analyst)
    assert "Spara bedömningen" in client.get("/mal/g-pop/").content.decode()
    response = client.post("/mal/g-pop/bedomning/", {"year": 2025, "rating": "neutral", "text": "Tillväxten avtar."})
    assert response.status_code == 302
    assert Assessment.objects.filter(goal__key="g-pop").count() == 2
    assert AuditEntry.objects.filter(model="followup.Assessment", object_key="g-pop/2025").exists()
    html = client.get("/mal/g-pop/").content.decode()
    assert html.index("Tillväxten avtar.") < html.index("Befolkningen växer.")  # newest first, older in the history
    assert "Tidigare bedömningar (1)" in html
    bad = client.post("/mal/g-pop/bedomning/", {"year": 2025, "rating": "neutral", "text": ""})
    assert bad.status_code == 302 and Assessment.objects.filter(goal__key="g-pop").count() == 2


def test_drill_down_from_rus_goal_to_activity_and_back(client, reader):
    client.force_login(reader)
    chain = client.get("/styrkedjan/").content.decode()
    assert 'href="/mal/g-emp/"' in chain and 'href="/mal/g-sub/"' in chain and 'href="/aktivitet/a1/"' in chain
    activity = client.get("/aktivitet/a1/").content.decode()
    assert "Workshop" in activity and 'href="/mal/proj-sub/"' in activity
    assert "30" in activity  # 10 occasions x 3 hours


# --- indicators -----------------------------------------------------------------------------------


def test_indicator_catalogue_search(client, reader):
    client.force_login(reader)
    html = client.get("/indikatorer/?q=folk").content.decode()
    assert "Folkmängd" in html and "Sysselsättningsgrad" not in html
    partial = client.get("/indikatorer/?q=syss", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Sysselsättningsgrad" in partial


def test_indicator_page_source_revisions_areas_and_charts(client, reader):
    client.force_login(reader)
    html = client.get("/indikatorer/pop/").content.decode()
    assert "statistikdatabasen.scb.se" in html and "TAB638" in html
    assert "2025-04-01" in html  # last fetched: the latest batch
    assert f"200{NNBSP}001" in html  # the revised earlier value
    assert "Stockholms län" in html  # all areas
    assert "▶ Kronobergs län" in html  # the ranking chart highlights the region
    emp = client.get("/indikatorer/emp-rate/").content.decode()
    assert "Kvinnor" in emp and "Män" in emp  # split by sex


def test_indicator_csv_and_excel_downloads(client, reader):
    client.force_login(reader)
    response = client.get("/indikatorer/pop/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == Observation.objects.filter(indicator__key="pop").count()
    row = next(r for r in rows if r["area_code"] == "07" and r["period"] == "2014")
    assert float(row["value"]) == 189128
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(client.get("/indikatorer/pop/data.xlsx").content))
    data = list(wb["data"].iter_rows(values_only=True))
    assert data[0][0] == "indicator" and len(data) == len(rows) + 1
    assert any(r[1] == "07" and r[3] == "2014" and r[5] == 189128 for r in data)


# --- chain, portfolio, comparison -------------------------------------------------------------------


def test_chain_diagram_and_traceability_matrix(client, reader):
    client.force_login(reader)
    html = client.get("/styrkedjan/").content.decode()
    assert "Spårbarhetsmatris" in html
    matrix = html[html.index('id="traceability"') :]
    assert "Fler nya företag" in matrix and "Sysselsättningsgraden ska vara minst 80 %" in matrix
    row = matrix[matrix.index("<tbody>") :]
    cells = row.split("<td>")
    # columns: challenges, goal and priorities (th), sub-indicators, the sub-strategy's indicators, RUS indicators
    assert "Fler nya företag" in cells[1]
    assert "Sysselsättningsgraden ska vara minst 80 %" in cells[4]  # the RUS goal it contributes to
    assert "30 % av deltagarna" not in matrix  # a project's goal is not one of the sub-strategy's indicators


def test_portfolio_mapping_shows_budget_hours_and_gaps(client, reader):
    client.force_login(reader)
    html = client.get("/insatskartlaggning/").content.decode()
    gaps = html[: html.index("Mål × insatser")]
    assert "Befolkningen ska växa" in gaps  # no initiative serves it
    assert f"1{NNBSP}500{NNBSP}000" in html  # the project's budget
    assert ">30<" in html  # 10 occasions x 3 hours
    assert "lucka: ingen insats" in html


def test_portfolio_lists_initiatives_serving_no_goal(client, reader):
    Initiative.objects.create(
        key="lone", name="Ensam insats", area=Area.objects.get(code="07"), strategy=Strategy.objects.get(key="sub")
    )
    client.force_login(reader)
    html = client.get("/insatskartlaggning/").content.decode()
    gaps = html[: html.index("Mål × insatser")]
    assert "Ensam insats" in gaps


def test_comparison_ranks_maps_and_municipalities(client, reader):
    client.force_login(reader)
    html = client.get("/jamforelse/?indikator=pop").content.decode()
    assert "▶ Kronobergs län" in html
    assert "Karta: Folkmängd 2024" in html
    assert "Kommunerna i Kronobergs län" in html and "Växjö" in html
    english(client)
    html = client.get("/jamforelse/?indikator=pop").content.decode()
    assert "Map: Folkmängd 2024" in html


# --- query counts ------------------------------------------------------------------------------------


def grow_world(start: int = 0) -> None:
    """More strategies' goals, initiatives, activities and observations: a page must not query per row."""
    rus = Strategy.objects.get(key="rus")
    sub = Strategy.objects.get(key="sub")
    region = Area.objects.get(code="07")
    pop = Indicator.objects.get(key="pop")
    run = EvaluationRun.objects.get()
    target_goal = Goal.objects.get(key="g-emp")
    for i in range(start, start + 6):
        g = Goal.objects.create(key=f"extra-{i}", strategy=rus, name=f"Extra mål {i}", indicator=pop)
        t = Target.objects.create(key=f"extra-t-{i}", goal=g, rule="level", target_year=2025, value=1.0)
        EvaluationResult.objects.create(
            run=run,
            goal=g,
            target=t,
            area=region,
            indicator=pop,
            rule="level",
            status="met",
            latest_value=1.0,
            latest_period="2024",
        )
        sg = Goal.objects.create(key=f"extra-sub-{i}", strategy=sub, name=f"Extra delmål {i}", indicator=pop)
        sg.contributes_to.add(g)
        ini = Initiative.objects.create(key=f"ini-{i}", name=f"Insats {i}", area=region, strategy=sub, budget=1000.0)
        ig = Goal.objects.create(key=f"ini-goal-{i}", initiative=ini, name=f"Insatsmål {i}")
        ig.contributes_to.add(sg, target_goal)
        a = Activity.objects.create(
            key=f"act-{i}", initiative=ini, name=f"Aktivitet {i}", occasions=2, hours_per_occasion=1
        )
        a.feeds.add(ig)
        Assessment.objects.create(goal=Goal.objects.get(key="g-pop"), year=2020 + i, text=f"Bedömning {i}")
    batch = ImportBatch.objects.first()
    Observation.objects.bulk_create(
        Observation(indicator=pop, area=a, period=str(2000 + start), value=1.0, batch=batch)
        for a in Area.objects.filter(level=Area.MUNICIPALITY, parent__code="07")
    )


@pytest.mark.parametrize(
    "url",
    [
        *PAGES,
        "/indikatorer/pop/data.csv",
        "/api/goals",
        "/api/targets",
        "/api/observations?indicator=pop",
        "/api/indicators",
    ],
)
def test_query_count_does_not_grow_with_the_data(client, reader, url):
    client.force_login(reader)
    grow_world(0)  # every kind of row present at least once (Django skips queries on empty id lists)
    client.get(url)  # warm caches (sessions, content types)
    cache.clear()  # the pages' fragment cache (dashboards/cache.py): count the queries of a cold page
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_world(10)  # twice the rows
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
