"""Statistics files uploaded on the web are imported in the background, never inside the request.

`queue_upload` stores the file and an `ImportJob` and returns at once, so a large import never holds a
web worker or keeps the site waiting on its locks. `styrkedja worker` (`run_next`) claims one waiting job
at a time and runs the same import as `styrkedja import-data`: one transaction, everything stored or
nothing, and the same messages naming the file, row and column. The outcome is written to the job for
the page to show, with the name the user uploaded instead of the path on the server.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ..core import audit
from ..core import jobs as queue
from .models import ImportBatch, ImportJob, Indicator


class UploadRefused(Exception):
    """The upload was not queued (no file, too large, unknown indicator); nothing was stored."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def upload_dir() -> Path:
    return Path(settings.VAR_DIR) / "uploads"


def queue_upload(upload: UploadedFile | None, user: Any, indicator: str = "") -> ImportJob:
    """Store an uploaded file and queue its import; the request does no import work at all."""
    if upload is None or not upload.name:
        raise UploadRefused(_("Choose a statistics file to upload."))
    limit = settings.STYRKEDJA_MAX_IMPORT_BYTES
    if (upload.size or 0) > limit:
        message = _("%(file)s: the file is larger than the limit of %(mb)s MB; nothing was stored.")
        raise UploadRefused(message % {"file": upload.name, "mb": limit // (1024 * 1024)}, status=413)
    if indicator and not Indicator.objects.filter(key=indicator).exists():
        raise UploadRefused(_("There is no indicator %(key)s; choose one from the list.") % {"key": indicator})
    name = get_valid_filename(Path(upload.name).name)[:200] or "upload"
    with transaction.atomic():
        job = ImportJob.objects.create(file_name=name, indicator=indicator, created_by=user, stored="")
        # One folder per job keeps the user's file name (the import reads its format from it).
        path = upload_dir() / str(job.pk) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        job.stored = str(path)
        job.save(update_fields=["stored"])
        audit.record(user, "import_queued", "indicators.ImportJob", str(job.pk), {"file": [None, name]})
    return job


def claim_next() -> ImportJob | None:
    """The oldest waiting import, marked running (the worker's one claiming rule, `core.jobs`)."""
    job: ImportJob | None = queue.claim_next(ImportJob)
    return job


def run(job: ImportJob) -> ImportJob:
    """Import the job's file as `styrkedja import-data` does and record the outcome on the job."""
    out, err = io.StringIO(), io.StringIO()
    args = [job.stored] + (["--indicator", job.indicator] if job.indicator else [])
    if job.created_by is not None:
        args += ["--user", job.created_by.get_username()]
    try:
        call_command("import_data", *args, stdout=out, stderr=err)
        failed = False
    except SystemExit:  # the command's refusal: its message is on stderr, nothing was stored
        failed = True
    except Exception as exc:  # an unexpected error must not leave the job "running" for ever
        failed = True
        err.write(f"{job.file_name}: the import stopped unexpectedly ({type(exc).__name__})")
    text = (err if failed else out).getvalue().replace(job.stored, job.file_name)
    job.message = "\n".join(line for line in text.splitlines() if line.strip())
    job.status = ImportJob.FAILED if failed else ImportJob.DONE
    job.batch = None if failed else ImportBatch.objects.filter(location=job.stored).order_by("-id").first()
    job.finished_at = timezone.now()
    job.save(update_fields=["message", "status", "batch", "finished_at"])
    audit.record(job.created_by, f"import_{job.status}", "indicators.ImportJob", str(job.pk),
                 {"status": [ImportJob.RUNNING, job.status]}, summary=job.message[:300])  # fmt: skip
    shutil.rmtree(Path(job.stored).parent, ignore_errors=True)
    return job


def run_next() -> ImportJob | None:
    """Claim and run one waiting job; None when there is none."""
    job = claim_next()
    return run(job) if job is not None else None
