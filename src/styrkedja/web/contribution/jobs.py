"""Synthetic controls run in the background: `styrkedja worker` claims a queued `ScmJob`, runs it with
`services.run_scm` and stores the run and the job's outcome in one transaction (`core.jobs`)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from styrkedja.analytics.contribution.errors import ContributionInputError

from ..core import audit
from ..core import jobs as queue
from . import services
from .models import ContributionRun, ScmJob


def _finish(job: ScmJob, status: str, message: str = "", run: ContributionRun | None = None) -> None:
    job.status, job.message, job.run, job.finished_at = status, message, run, timezone.now()
    job.save(update_fields=["status", "message", "run", "finished_at"])
    changes = {"status": [ScmJob.RUNNING, status], "run": run.pk if run else None}
    audit.record(job.created_by, f"scm_{status}", "contribution.ScmJob", str(job.pk), changes, summary=message[:300])


def run(job: ScmJob) -> ScmJob:
    """Run a claimed job; the run and the job's outcome are stored together, or the job says why not."""
    args = job.arguments
    try:
        services.run_scm(
            args["indicator_key"], args["area_code"], int(args["start_year"]), args.get("donors") or None,
            goal=job.goal, user=job.created_by, predictors=args.get("predictors"),
            on_stored=lambda stored: _finish(job, ScmJob.DONE, run=stored),
        )  # fmt: skip
    except ContributionInputError as error:  # the data changed since the job was queued
        with transaction.atomic():
            _finish(job, ScmJob.FAILED, f"{error.field}: {error.message}")
    except Exception as exc:  # an unexpected error must not leave the job running for ever
        with transaction.atomic():
            _finish(job, ScmJob.FAILED, f"the analysis stopped unexpectedly ({type(exc).__name__})")
    return job


def run_next() -> ScmJob | None:
    """Claim and run one waiting synthetic control; None when there is none."""
    job: ScmJob | None = queue.claim_next(ScmJob)
    return run(job) if job is not None else None
