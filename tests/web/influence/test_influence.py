"""The influence index in the product: command, storage, page, API (minimal strategy file + test statistics)."""

from __future__ import annotations

import json
from io import StringIO

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrkedja.web.core.models import AuditEntry
from styrkedja.web.indicators.models import Observation
from styrkedja.web.influence.models import IndexRun, IndexScore
from tests.analytics.composite import pandas_reference
from tests.web.dbdump import dump_database
from tests.web.world import english

COUNTIES = [
    "01",
    "03",
    "04",
    "05",
    "06",
    "07",
    "08",
    "09",
    "10",
    "12",
    "13",
    "14",
    "17",
    "18",
    "19",
    "20",
    "21",
    "22",
    "23",
    "24",
    "25",
]


def build(*extra: str) -> str:
    out = StringIO()
    call_command("index", "--year", "2020", "--runs", "20", *extra, stdout=out)
    return out.getvalue()


def expected_index() -> pd.Series:
    """A second computation: the minimal file's factor (pop, and emp-rate per inhabitant at weight 0.5) with
    the plain pandas pipeline on the stored 2020 values."""
    rows = Observation.objects.filter(period="2020", breakdown="T", area__code__in=COUNTIES).values_list(
        "indicator__key", "area__code", "value"
    )
    wide = pd.DataFrame(rows, columns=["key", "area", "value"]).pivot(index="area", columns="key", values="value")
    meta = pd.DataFrame(
        {
            "Level": [1, 1, 2, 3],
            "Parent": ["housing", "housing", "index", None],
            "Weight": [1.0, 0.5, 1.0, 1.0],
            "Direction": [1, 1, 1, 1],
            "Denominator": ["", "pop", "", ""],
        },
        index=["pop", "emp-rate", "housing", "index"],
    )
    built = pandas_reference.build(wide[["pop", "emp-rate"]], meta, wide[["pop"]], pd.Series("all", index=wide.index))
    return built["level3"]["index"]


@pytest.mark.django_db
def test_command_stores_the_index_equal_to_a_second_computation(world):
    text = build()
    assert "housing: 2 of 2 indicators used" in text
    run = IndexRun.objects.get()
    assert run.year == "2020" and run.strategy.key == "rus" and run.batches
    assert IndexScore.objects.filter(run=run).count() == 21 * (2 + 1 + 1)
    stored = dict(IndexScore.objects.filter(run=run, level=3).values_list("area__code", "score"))
    expected = expected_index()
    for code in COUNTIES:
        assert stored[code] == pytest.approx(expected[code], abs=1e-9)
    ranks = dict(IndexScore.objects.filter(run=run, level=3).values_list("area__code", "rank"))
    assert ranks == dict(zip(expected.index, expected.rank(ascending=False, method="min").astype(int), strict=True))
    # contributions add up to the index score, and the interval holds the median rank
    for row in IndexScore.objects.filter(run=run, level=3):
        total = sum(IndexScore.objects.filter(run=run, area=row.area, level=1).values_list("contribution", flat=True))
        assert total == pytest.approx(row.score, abs=1e-9)
        assert row.rank_p05 <= row.median_rank <= row.rank_p95
    assert AuditEntry.objects.filter(model="influence.IndexRun").count() == 1


@pytest.mark.django_db
def test_link_to_the_population_goal(world):
    """Step 9: the index against population growth 2015-2020, recomputed here with pandas."""
    build()
    run = IndexRun.objects.get()
    link = next(x for x in run.links if x["indicator"] == "pop")
    assert (link["goal"], link["start"], link["end"], link["n"]) == ("g-pop", "2015", "2020", 21)
    pop = pd.DataFrame(
        Observation.objects.filter(
            indicator__key="pop", breakdown="T", area__code__in=COUNTIES, period__in=["2015", "2020"]
        ).values_list("area__code", "period", "value"),
        columns=["area", "period", "value"],
    ).pivot(index="area", columns="period", values="value")
    growth = (pop["2020"] / pop["2015"] - 1) * 100
    score = pd.Series(dict(IndexScore.objects.filter(run=run, level=3).values_list("area__code", "score")))
    assert link["pearson"] == pytest.approx(score.corr(growth[score.index]), abs=1e-12)
    assert link["spearman"] == pytest.approx(score.corr(growth[score.index], method="spearman"), abs=1e-12)


@pytest.mark.django_db
def test_same_seed_same_intervals(world):
    build("--seed", "7")
    build("--seed", "7")
    first, second = IndexRun.objects.order_by("id")
    rows = [
        list(
            IndexScore.objects.filter(run=r, level=3)
            .order_by("area__code")
            .values_list("median_rank", "rank_p05", "rank_p95")
        )
        for r in (first, second)
    ]
    assert rows[0] == rows[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--framework", "nosuch"), "strategy 'nosuch': has no influence factors"),
        (("--year", "1990"), "index: no factor has an indicator with a direction and data for 1990"),
        (("--as-of", "2025-13-01"), "--as-of: expected a date YYYY-MM-DD"),
    ],
)
def test_bad_input_names_the_place_and_changes_nothing(world, args, message):
    before = dump_database()
    with pytest.raises(CommandError, match=message):
        call_command("index", "--runs", "20", *args, stdout=StringIO())
    assert dump_database() == before


@pytest.mark.django_db
def test_json_output(world):
    out = StringIO()
    call_command("index", "--year", "2020", "--runs", "20", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["year"] == "2020" and doc["area"] == "07" and len(doc["areas"]) == 21
    assert doc["framework"][0]["used"] == 2 and doc["framework"][0]["total"] == 2
    assert [a["index"]["rank"] for a in doc["areas"]] == sorted(a["index"]["rank"] for a in doc["areas"])


@pytest.mark.django_db
def test_page_in_both_languages_with_a_fixed_number_of_queries(client, reader):
    client.force_login(reader)
    assert "har inte beräknats" in client.get("/paverkansfaktorer/").content.decode()
    build()
    with CaptureQueriesContext(connection) as one:
        page = client.get("/paverkansfaktorer/").content.decode()
    assert "Påverkansfaktorer" in page and "Kronobergs län" in page
    assert "i osäkerhetsanalysen ligger platsen mellan" in page  # the interval chart's text alternative
    assert "2 av 2 indikatorer har data" in page
    assert "Källa:" in page
    assert "Indexet och strategins långsiktiga mål" in page
    build()
    with CaptureQueriesContext(connection) as two:
        client.get("/paverkansfaktorer/")
    assert len(one) == len(two)
    english(client)
    page = client.get("/paverkansfaktorer/").content.decode()
    assert "Influence factors" in page and "2 of 2 indicators have data" in page


@pytest.mark.django_db
def test_api(client, reader):
    client.force_login(reader)
    assert client.get("/api/influence-index").status_code == 404
    build()
    doc = client.get("/api/influence-index").json()
    stored = dict(IndexScore.objects.filter(level=3).values_list("area__code", "score"))
    assert {a["area"]: a["index"]["score"] for a in doc["areas"]} == stored
    assert np.isfinite([a["index"]["rank_p95"] for a in doc["areas"]]).all()


def test_the_yearly_report_section_shows_the_stored_ranks_and_intervals(world):
    """The report's influence section is registered with the report and shows the run's stored figures."""
    import datetime as dt

    from styrkedja.web.dashboards.sections import section_sources
    from styrkedja.web.influence.models import IndexScore
    from styrkedja.web.influence.report import index_sections

    build()
    assert index_sections in section_sources()
    (section,) = index_sections(dt.date.today(), "en")
    stored = {s.area.name: s for s in IndexScore.objects.filter(level=3).select_related("area")}
    assert len(section.rows) == sum(1 for s in stored.values() if s.rank is not None)
    for name, score, rank, interval in section.rows:
        s = stored[name.removeprefix("▶ ")]
        assert (score, rank) == (f"{s.score:.1f}", str(s.rank))
        assert interval == f"{s.rank_p05:.0f}–{s.rank_p95:.0f}"
    assert sum(name.startswith("▶ ") for name, *_ in section.rows) == 1  # the region marked, not by colour
    assert index_sections(dt.date(1990, 1, 1), "sv") == []  # no run made by then


def test_the_ranks_under_other_methods_are_stored_and_shown(client, reader):
    build()
    run = IndexRun.objects.get()
    stored = run.sensitivity["alternatives"]
    ranks = dict(IndexScore.objects.filter(run=run, level=3).values_list("area__code", "rank"))
    assert stored["default"] == ranks  # the default method is the index itself
    assert {"zscore", "rank", "geometric", "equal_weights"} <= set(stored) | set(run.sensitivity["alternatives_failed"])
    client.force_login(reader)
    page = client.get("/paverkansfaktorer/").content.decode()
    assert "Rangen med andra metoder" in page and "Geometriskt medelvärde" in page
    assert "<strong>▶ Kronobergs län</strong>" in page
