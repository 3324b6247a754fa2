"""The cached main content of the overview and goal pages (dashboards/cache.py) is never stale and never
leaks: a saved assessment, an import, a new evaluation run or an admin edit shows at once, and what a
user who sees unpublished strategies caused to be cached never reaches an anonymous visitor.

Most tests freeze the per-process generation (bumped by ORM signals in this process), so only the
data version read from the database invalidates: what another server process would see.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from styrkedja.web.areas.models import Area
from styrkedja.web.dashboards import cache as fragments
from styrkedja.web.followup.models import EvaluationResult, EvaluationRun
from styrkedja.web.indicators.models import ImportBatch, Observation
from styrkedja.web.strategies.models import Goal, Strategy, Target
from tests.web.world import english


@pytest.fixture(autouse=True)
def cold_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_process(monkeypatch):
    """Writes as another process makes them: no signal in this one reaches the key."""
    monkeypatch.setattr(fragments, "generation", lambda: 0)


def _get(client, url: str, **extra) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode(), len(ctx)


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.parametrize("url", ["/oversikt/", "/oversikt/?strategi=sub", "/mal/g-pop/", "/mal/g-emp/"])
def test_a_warm_page_is_served_from_the_cache_with_the_same_content(client, reader, url):
    client.force_login(reader)
    cold, cold_queries = _get(client, url)
    warm, warm_queries = _get(client, url)
    assert _without_csrf(warm) == _without_csrf(cold)
    # session, user, the role checks (read, visibility, analyst) and the data version: none of the page's own
    assert warm_queries <= 6 < cold_queries, (warm_queries, cold_queries)


def test_htmx_partial_and_full_page_share_one_entry(client, reader):
    client.force_login(reader)
    full, _n = _get(client, "/oversikt/?strategi=sub")
    partial, queries = _get(client, "/oversikt/?strategi=sub", HTTP_HX_REQUEST="true")
    assert "<html" not in partial and "Fler nya företag" in partial
    assert partial in full
    assert queries <= 5


def test_a_saved_assessment_shows_at_once(client, analyst, other_process):
    client.force_login(analyst)
    before, _n = _get(client, "/mal/g-pop/")
    assert "Befolkningen växer." in before and "Tillväxten avtar." not in before
    response = client.post("/mal/g-pop/bedomning/", {"year": 2025, "rating": "neutral", "text": "Tillväxten avtar."})
    assert response.status_code == 302
    after, _n = _get(client, "/mal/g-pop/")
    assert after.index("Tillväxten avtar.") < after.index("Befolkningen växer.")
    assert "Tidigare bedömningar (1)" in after


def test_an_import_shows_at_once(client, reader, other_process):
    client.force_login(reader)
    before, _n = _get(client, "/mal/g-emp/")
    assert "91,3" not in before
    # what an import does: a new batch, changed observations (and an audit entry, not needed here)
    batch = ImportBatch.objects.create(
        source="scb", location="test", table="TAB638", retrieved_at=timezone.make_aware(dt.datetime(2025, 6, 1))
    )
    Observation.objects.filter(indicator__key="emp-rate", area__code="07", period="2024", breakdown="T").update(
        value=91.3, batch=batch
    )
    after, _n = _get(client, "/mal/g-emp/")
    assert "91,3" in after


def test_a_new_evaluation_run_shows_at_once(client, reader, other_process):
    client.force_login(reader)
    before, _n = _get(client, "/oversikt/")
    assert "12\u00a0%" not in before and "41\u00a0%" in before
    run = EvaluationRun.objects.create(as_of=dt.date(2025, 6, 1))
    EvaluationResult.objects.create(
        run=run,
        goal=Goal.objects.get(key="g-emp"),
        target=Target.objects.get(key="t-emp"),
        area=Area.objects.get(code="07"),
        rule="level",
        target_year=2025,
        status="off_track",
        probability=0.12,
        explanation_sv="Sysselsättningen har fallit.",
        explanation_en="Employment has fallen.",
    )
    after, _n = _get(client, "/oversikt/")
    assert "12\u00a0%" in after and "41\u00a0%" not in after
    assert "Sysselsättningen har fallit." in _get(client, "/mal/g-emp/")[0]


def test_an_admin_edit_shows_at_once(client, analyst, world, settings, other_process):
    """The admin bypasses core.audit; its log entry is part of the data version."""
    settings.PUBLIC_READ = True
    assert "Fler nya företag" not in _get(client, "/oversikt/?strategi=sub")[0]
    sub = Strategy.objects.get(key="sub")
    Strategy.objects.filter(pk=sub.pk).update(published=True)  # no signal, as in another process
    LogEntry.objects.create(
        user=analyst,
        content_type=ContentType.objects.get_for_model(Strategy),
        object_id=str(sub.pk),
        object_repr=str(sub),
        action_flag=CHANGE,
        change_message="published",
    )
    assert "Fler nya företag" in _get(client, "/oversikt/?strategi=sub")[0]


def test_orm_writes_in_this_process_change_the_key(client, reader):
    """Writes outside core.audit and imports (scripts, tests) still show, through the generation."""
    client.force_login(reader)
    assert "Ett helt nytt mål" not in _get(client, "/oversikt/")[0]
    Goal.objects.create(key="g-new", strategy=Strategy.objects.get(key="rus"), name="Ett helt nytt mål")
    assert "Ett helt nytt mål" in _get(client, "/oversikt/")[0]


def test_unpublished_content_cached_for_an_analyst_never_reaches_a_visitor(client, analyst, settings):
    settings.PUBLIC_READ = True  # the same mode for both: only the visibility differs
    client.force_login(analyst)
    assert "Fler nya företag" in _get(client, "/oversikt/?strategi=sub")[0]
    assert "Fler nya företag" in _get(client, "/oversikt/?strategi=sub", HTTP_HX_REQUEST="true")[0]
    assert "Fler nya företag" in _get(client, "/mal/g-sub/")[0]
    emp = _get(client, "/mal/g-emp/")[0]
    assert "Fler nya företag" in emp and "Ett projekt" in emp  # contributors from the unpublished strategy
    client.logout()
    assert "Fler nya företag" not in _get(client, "/oversikt/?strategi=sub")[0]
    assert "Fler nya företag" not in _get(client, "/oversikt/?strategi=sub", HTTP_HX_REQUEST="true")[0]
    assert client.get("/mal/g-sub/").status_code == 404
    emp = _get(client, "/mal/g-emp/")[0]
    assert "Sysselsättningsgraden ska vara minst" in emp
    assert "Fler nya företag" not in emp and "Ett projekt" not in emp
    # and the other way round: the visitor's version does not hide anything from the analyst
    client.force_login(analyst)
    assert "Fler nya företag" in _get(client, "/mal/g-emp/")[0]


def test_nothing_per_user_is_cached(client, reader, analyst):
    """The assessment form (with its CSRF token) and the user's name are rendered around the fragment."""
    reader.first_name, reader.last_name = "Lisa", "Läsare"
    reader.save()
    analyst.first_name, analyst.last_name = "Anna", "Analytiker"
    analyst.save()
    client.force_login(analyst)
    page = _get(client, "/mal/g-pop/")[0]
    assert "Spara bedömningen" in page and "Anna Analytiker" in page
    client.force_login(reader)
    page, queries = _get(client, "/mal/g-pop/")
    assert queries <= 6  # from the cache the analyst filled (same visibility)
    assert "Spara bedömningen" not in page and "Anna Analytiker" not in page and "Lisa Läsare" in page
    client.force_login(analyst)
    assert "Spara bedömningen" in _get(client, "/mal/g-pop/")[0]


def test_each_language_has_its_own_entry(client, reader):
    client.force_login(reader)
    assert "I fas" in _get(client, "/oversikt/")[0]
    english(client)
    html = _get(client, "/oversikt/")[0]
    assert "on track" in html and "I fas" not in html
    assert "Rank by growth" in _get(client, "/mal/g-pop/")[0]  # the evaluation's rank, in English
