"""Synthetic controls with predictors run in the background: the page checks and queues, the worker
(`core.jobs`, shared with the statistics imports) claims each job once, stores the run and the job's
outcome together, and says why a job could not be run."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from styrkedja.web.areas.models import Area
from styrkedja.web.contribution import jobs, services
from styrkedja.web.contribution.models import ContributionRun, ScmJob
from styrkedja.web.core import jobs as queue
from styrkedja.web.core.models import AuditEntry
from styrkedja.web.indicators.models import Observation
from styrkedja.web.strategies.models import Goal
from tests.web.contribution.test_contribution import _user, world  # noqa: F401  (the fixture)
from tests.web.contribution.test_contribution_predictors import covariate  # noqa: F401  (the fixture)
from tests.web.dbdump import dump_database


def _queue(user=None) -> ScmJob:
    goal = Goal.objects.get(key="g-pop")
    counties = Area.objects.filter(level=Area.COUNTY).exclude(code="07").order_by("code")
    donors = list(counties.values_list("code", flat=True))[1:]  # one county left out: not the default pool
    return services.queue_scm(goal, "07", 2020, donors, ["emp-rate"], user)


def test_queue_worker_run_stored_the_same_as_inline(covariate):  # noqa: F811
    job = _queue()
    assert job.status == ScmJob.QUEUED and not ContributionRun.objects.exists()
    assert queue.run_next() == job  # the one worker loop serves this kind too
    job.refresh_from_db()
    assert job.status == ScmJob.DONE and job.finished_at is not None and job.message == ""
    run = job.run
    assert run is not None and run.goal.key == "g-pop" and run.parameters["method"] == "predictors"
    # The same inputs run inline give the same figures (the job adds no computation of its own).
    inline = services.run_scm("pop", "07", 2020, job.arguments["donors"], predictors=["emp-rate"])
    assert inline.result["weights"] == run.result["weights"] and inline.result["p_value"] == run.result["p_value"]
    actions = set(AuditEntry.objects.filter(model="contribution.ScmJob").values_list("action", flat=True))
    assert actions == {"queue", "scm_done"}
    assert queue.run_next() is None


def test_a_claimed_job_is_not_claimed_again(covariate):  # noqa: F811
    job = _queue()
    claimed = queue.claim_next(ScmJob)
    assert claimed == job and claimed.status == ScmJob.RUNNING and claimed.started_at is not None
    assert queue.claim_next(ScmJob) is None and jobs.run_next() is None


def test_bad_input_is_refused_before_queueing_and_nothing_is_stored(client, covariate):  # noqa: F811
    client.force_login(_user("analytiker", "analyst"))
    before = dump_database()
    response = client.post(
        "/mal/g-pop/utan-oss/",
        {"start_year": "2010", "donors": ["06", "08", "09"], "method": "predictors", "predictors": ["emp-rate"]},
    )
    assert response.status_code == 400 and "inget sparades" in response.content.decode()
    assert dump_database() == before


def test_a_job_whose_data_went_away_fails_with_the_reason_and_stores_no_run(client, covariate):  # noqa: F811
    analyst = _user("analytiker", "analyst")
    job = _queue(analyst)
    Observation.objects.filter(indicator__key="emp-rate", area__code="12", period__lt="2020").delete()
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    job.refresh_from_db()
    assert job.status == ScmJob.FAILED and "emp-rate: no values before 2020 for 12" in job.message
    assert not ContributionRun.objects.exists() and "failed" in out.getvalue()
    client.force_login(analyst)
    page = client.get(f"/mal/g-pop/utan-oss/?job={job.pk}").content.decode()
    assert 'role="status"' in page and "kunde inte köras" in page and "emp-rate: no values" in page
    assert "hx-trigger" not in page
