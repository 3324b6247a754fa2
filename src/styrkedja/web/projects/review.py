"""The analysts' side of plans and reports: what waits for review (oldest first) and the e-mail on submit."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ..core.roles import ADMINISTRATOR, ANALYST
from .models import SUBMITTED, Plan, Report

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Waiting:
    """A submitted plan or report waiting for an analyst."""

    what: str  # "plan" or "report"
    title: str
    initiative_name: str
    url: str
    submitted_at: dt.datetime | None
    submitted_by: str


def _who(user: object) -> str:
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or getattr(user, "username", ""))


def review_queue() -> list[Waiting]:
    """Every submitted plan and report, the longest waiting first (then by initiative, for a stable order)."""
    items: list[Waiting] = []
    for plan in Plan.objects.filter(state=SUBMITTED).select_related("initiative", "submitted_by"):
        ini = plan.initiative
        items.append(Waiting("plan", _("Plan"), ini.name, reverse("projects:detail", args=[ini.key]) + "#review",
                             plan.submitted_at, _who(plan.submitted_by)))  # fmt: skip
    for report in Report.objects.filter(state=SUBMITTED).select_related("initiative", "submitted_by"):
        ini = report.initiative
        title = f"{report.get_kind_display()} {report.period}"
        url = reverse("projects:report", args=[ini.key, report.pk]) + "#review"
        items.append(Waiting("report", title, ini.name, url, report.submitted_at, _who(report.submitted_by)))
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(items, key=lambda w: (w.submitted_at or oldest, w.initiative_name, w.title))


def waiting_count() -> int:
    return Plan.objects.filter(state=SUBMITTED).count() + Report.objects.filter(state=SUBMITTED).count()


def analyst_emails() -> list[str]:
    """The addresses of active analysts and administrators (as `styrkedja remind` uses)."""
    users = User.objects.filter(is_active=True).filter(
        Q(groups__name__in=(ANALYST, ADMINISTRATOR)) | Q(is_superuser=True)
    )
    return sorted({u.email for u in users if u.email})


def notify_submitted(what: str, initiative_name: str, path: str, submitted_by: str, base_url: str = "") -> int:
    """E-mail the analysts that a plan or report waits for review; returns how many were addressed.

    Sent through Django's mail framework with the configured backend (`STYRKEDJA_EMAIL_BACKEND`). A
    mail server that is down must not undo the submission: the failure is logged, the queue still
    shows the item.
    """
    recipients = analyst_emails()
    if not recipients:
        return 0
    subject = _("Styrkedja: %(what)s to review for %(name)s") % {"what": what, "name": initiative_name}
    body = _("%(who)s has submitted %(what)s for %(name)s.\n\nReview it here: %(url)s\n\nAll that waits for "
             "review: %(queue)s\n") % {"who": submitted_by or "-", "what": what, "name": initiative_name,
                                       "url": base_url.rstrip("/") + path,
                                       "queue": base_url.rstrip("/") + reverse("projects:review_queue")}  # fmt: skip
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:
        log.exception("could not e-mail the analysts about %s for %s", what, initiative_name)
        return 0
    return len(recipients)
