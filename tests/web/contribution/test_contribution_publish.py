"""Publishing contribution analyses: who and when in the audit log; the public edition of the yearly
report, the pages and the API for visitors show published runs only; the internal edition shows all."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from styrkedja.web.contribution import services
from styrkedja.web.contribution.models import ContributionRun
from styrkedja.web.contribution.report import contribution_sections
from styrkedja.web.core.models import AuditEntry
from styrkedja.web.dashboards.reportfile import make_report
from styrkedja.web.strategies.models import Goal
from tests.web.contribution.test_contribution import _user, did_csv, world  # noqa: F401  (the fixture)
from tests.web.dbdump import dump_database


@pytest.fixture
def runs(world):  # noqa: F811
    goal = Goal.objects.get(key="g-pop")
    older = services.run_scm("pop", "07", 2019, goal=goal)
    newer = services.run_scm("pop", "07", 2020, goal=goal)
    return older, newer


def docx_text(edition: str) -> str:
    doc = docx.Document(io.BytesIO(make_report(2026, "docx", edition=edition)))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_publishing_records_who_and_when_once_and_can_be_withdrawn(runs):
    older, _newer = runs
    analyst = _user("analytiker", "analyst")
    run = services.set_published(older, True, analyst)
    assert run.published and run.published_by == analyst
    first = run.published_at
    assert services.set_published(run, True, analyst).published_at == first  # publishing again changes nothing
    entries = AuditEntry.objects.filter(model="contribution.ContributionRun", object_key=str(older.pk))
    entry = entries.get(action="publish")
    assert entry.user == analyst and entry.changes["published_at"] == [None, first.isoformat()]
    run = services.set_published(run, False, analyst)
    assert not run.published and run.published_by is None
    assert entries.get(action="withdraw").changes["published_at"] == [first.isoformat(), None]


def test_public_report_shows_the_published_run_and_not_the_unpublished_one(runs):
    older, newer = runs
    services.set_published(older, True, None)
    public, internal = docx_text("publik"), docx_text("intern")
    assert "Bidragsanalyser" in public and f"#{older.pk}, " in public and f"#{newer.pk}, " not in public
    assert older.result["reading"]["sv"]["text"] in public
    # The internal edition shows the newest run, marked as not published, and the published one.
    assert f"#{newer.pk}, {newer.created_at.date().isoformat()}, inte publicerad" in internal
    assert f"#{older.pk}, {older.created_at.date().isoformat()}\n" in internal + "\n"
    # A report as of a day before the publication shows nothing publicly.
    ContributionRun.objects.filter(pk=older.pk).update(published_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    (section,) = contribution_sections(dt.date.today(), "sv")
    assert section.public_rows == ()


def test_visitors_see_published_runs_only_on_the_page(client, runs, settings):
    older, newer = runs
    settings.PUBLIC_READ = True
    page = client.get("/mal/g-pop/utan-oss/").content.decode()
    assert f"#{newer.pk}," not in page and f"#{older.pk}," not in page
    services.set_published(older, True, None)
    page = client.get("/mal/g-pop/utan-oss/").content.decode()
    assert f"#{older.pk}," in page and "Publicerad" in page
    assert client.get(f"/mal/g-pop/utan-oss/?run={newer.pk}").content.decode().count(f"#{newer.pk},") == 0
    client.force_login(_user("lasare", "reader"))
    page = client.get("/mal/g-pop/utan-oss/").content.decode()
    assert f"#{newer.pk}," in page and "Inte publicerad" in page and "publicera/" not in page


def test_an_analyst_publishes_from_the_page_and_bad_input_changes_nothing(client, runs):
    _older, newer = runs
    client.force_login(_user("lasare", "reader"))
    assert client.post(f"/analys/{newer.pk}/publicera/", {"published": "1"}).status_code == 403
    analyst = _user("analytiker", "analyst")
    client.force_login(analyst)
    before = dump_database()
    assert client.post(f"/analys/{newer.pk}/publicera/", {"published": "ja"}).status_code == 400
    assert client.post("/analys/999999/publicera/", {"published": "1"}).status_code == 404
    assert client.get(f"/analys/{newer.pk}/publicera/").status_code == 405
    assert dump_database() == before
    response = client.post(f"/analys/{newer.pk}/publicera/", {"published": "1"})
    assert response.status_code == 302 and response["Location"] == f"/mal/g-pop/utan-oss/?run={newer.pk}"
    newer.refresh_from_db()
    assert newer.published_by == analyst
    assert "Dra tillbaka publiceringen" in client.get(response["Location"]).content.decode()
