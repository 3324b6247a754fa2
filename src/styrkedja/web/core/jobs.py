"""Background work: slow tasks are queued as rows and done by `styrkedja worker`, never in a request.

Each kind of job (statistics imports, synthetic-control runs) keeps its rows in its own table, with its
own arguments, and registers a queue here from its app's `ready()`: a callable that claims one waiting
job, runs it and returns it (None when nothing waits). The worker asks the queues in turn, so one
worker process serves every kind. `claim_next` is the one claiming rule: a conditional UPDATE from
queued to running, so two workers never take the same job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils import timezone

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"

Queue = Callable[[], Any]
QUEUES: list[Queue] = []


def register_queue(queue: Queue) -> Queue:
    """Add a kind of job to what `styrkedja worker` does (idempotent: apps may be readied twice)."""
    if queue not in QUEUES:
        QUEUES.append(queue)
    return queue


def claim_next(model: type[models.Model]) -> Any:
    """The oldest waiting row of `model` (fields status, started_at, created_at), marked running; None
    when none waits or another worker claimed each candidate first."""
    manager = model._default_manager
    for job in manager.filter(status=QUEUED).order_by("created_at", "id")[:5]:
        claimed = manager.filter(pk=job.pk, status=QUEUED).update(status=RUNNING, started_at=timezone.now())
        if claimed:
            job.refresh_from_db()
            return job
    return None


def run_next() -> Any:
    """Claim and run one waiting job of any kind; None when no queue has one."""
    for queue in QUEUES:
        job = queue()
        if job is not None:
            return job
    return None
