"""A statistics file uploaded on the web is only queued in the request; the worker imports it with the
same guarantees as the command line (all or nothing, messages naming file and row) and the job's page
shows the outcome."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from styrkedja.web.core.audit import AuditEntry
from styrkedja.web.indicators import jobs
from styrkedja.web.indicators.models import ImportJob, Observation
from tests.web.dbdump import dump_database

BROKEN = Path(__file__).parents[2] / "fixtures" / "broken"
GOOD = b"indicator,area_code,period,value\npop,07,2031,210000\npop,00,2031,10700000\n"


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "uploads"


def _upload(client, content: bytes, name: str = "befolkning.csv", **extra: str):
    return client.post("/statistik/import/", {"file": SimpleUploadedFile(name, content), **extra})


def _without_jobs(dump: str) -> str:
    """The dump less the job rows and the audit trail, which record the attempt itself."""
    return "\n".join(line for line in dump.splitlines() if not line.startswith(("indicators.ImportJob", "core.Audit")))


def test_an_upload_is_queued_and_the_worker_imports_it(client, analyst, uploads):
    client.force_login(analyst)
    response = _upload(client, GOOD)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/statistik/import/{job.pk}/"
    # the request stored the file and the job, and imported nothing
    assert job.status == ImportJob.QUEUED and not Observation.objects.filter(period="2031").exists()
    assert "Väntar" in client.get(response["Location"]).content.decode()

    done = jobs.run_next()
    assert done is not None and done.pk == job.pk and done.status == ImportJob.DONE
    stored = dict(Observation.objects.filter(period="2031").values_list("area__code", "value"))
    assert stored == {"07": 210000, "00": 10700000}
    assert done.batch is not None and done.batch.row_count == 2
    assert "befolkning.csv: 2 values: 2 new" in done.message and str(uploads) not in done.message
    assert not any(uploads.iterdir())  # the uploaded copy is gone once imported
    page = client.get(f"/statistik/import/{job.pk}/").content.decode()
    assert "Importerad" in page and "värdena är sparade" in page
    actions = list(AuditEntry.objects.filter(model="indicators.ImportJob").values_list("action", flat=True))
    assert sorted(actions) == ["import_done", "import_queued"]
    assert jobs.run_next() is None


def test_a_broken_file_is_refused_with_its_row_and_nothing_is_stored(client, analyst):
    client.force_login(analyst)
    _upload(client, (BROKEN / "csv_bad_period.csv").read_bytes(), name="csv_bad_period.csv")
    before = _without_jobs(dump_database())
    job = jobs.run_next()
    assert job is not None and job.status == ImportJob.FAILED and job.batch is None
    assert "csv_bad_period.csv" in job.message and "row 3" in job.message and "Nothing was imported" in job.message
    assert _without_jobs(dump_database()) == before
    page = client.get(f"/statistik/import/{job.pk}/").content.decode()
    assert "Avvisad" in page and "inget sparades" in page


def test_the_worker_command_imports_every_waiting_file_once(client, analyst):
    client.force_login(analyst)
    _upload(client, GOOD, name="a.csv")
    _upload(client, GOOD.replace(b"2031", b"2032"), name="b.csv")
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert out.getvalue().count(": done.") == 2
    assert set(ImportJob.objects.values_list("status", flat=True)) == {ImportJob.DONE}
    assert Observation.objects.filter(period__in=["2031", "2032"]).count() == 4


def test_a_claimed_job_is_not_claimed_again(client, analyst):
    client.force_login(analyst)
    _upload(client, GOOD)
    first = jobs.claim_next()
    assert first is not None and first.status == ImportJob.RUNNING and first.started_at is not None
    assert jobs.claim_next() is None


def test_a_file_over_the_limit_is_refused_before_anything_is_stored(client, analyst, settings):
    client.force_login(analyst)
    settings.STYRKEDJA_MAX_IMPORT_BYTES = 10
    before = dump_database()
    response = _upload(client, GOOD)
    assert response.status_code == 413
    assert "befolkning.csv: filen är större än gränsen" in response.content.decode()
    assert dump_database() == before


def test_an_unknown_indicator_is_refused(client, analyst):
    client.force_login(analyst)
    response = _upload(client, GOOD, indicator="no-such-indicator")
    assert response.status_code == 400 and "Det finns ingen indikator no-such-indicator" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_only_analysts_may_upload(client, reader):
    assert client.get("/statistik/import/").status_code == 302  # anonymous: to the login page
    client.force_login(reader)
    assert client.get("/statistik/import/").status_code == 403
    assert _upload(client, GOOD).status_code == 403
    assert not ImportJob.objects.exists()
