"""`styrkedja remind` for the yearly cycle: analysts of assessments due, owners of actions due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from ..core import audit
from ..core.roles import ADMINISTRATOR, ANALYST
from .calendar import Due, due_items

SUBJECT = "Styrkedja: {what} {when}"
BODY = """Hej!

{what} ({round}) ska vara klar senast {due}{late}.
Se omgången här: {url}

Hälsningar
Styrkedja
"""


def analyst_emails() -> list[str]:
    users = User.objects.filter(is_active=True).filter(
        Q(groups__name__in=(ANALYST, ADMINISTRATOR)) | Q(is_superuser=True)
    )
    return sorted({u.email for u in users if u.email})


def remind_cycle(today: dt.date, days: int, every: int, dry_run: bool, base_url: str,
                 write: Callable[[str], None]) -> int:  # fmt: skip
    """List (and unless `dry_run`, e-mail) what of the cycle is due within `days`; returns how many were sent."""
    sent = 0
    analysts = analyst_emails()
    for due in due_items(today, days):
        action = due.action
        if action is not None and action.last_reminded and (today - action.last_reminded).days < every:
            continue
        recipients = (
            analysts if action is None else ([action.owner.email] if action.owner and action.owner.email else [])
        )
        what = "Bedömningar" if action is None else f"Åtgärd: {due.label}"
        label = f"{due.label if action is None else what} ({due.round.name}), due {due.due}"
        if not recipients:
            write(f"  no e-mail for {'the analysts' if action is None else 'the owner'}: {label}")
            continue
        write(f"  {'would remind' if dry_run else 'reminding'} {', '.join(recipients)}: {label}")
        if not dry_run:
            _send(due, what, recipients, today, base_url)
            sent += 1
    write(f"{sent} follow-up reminder(s) sent.")
    return sent


@transaction.atomic
def _send(due: Due, what: str, recipients: list[str], today: dt.date, base_url: str) -> None:
    late = f" – {-due.days} dagar försenad" if due.days < 0 else ""
    when = f"är försenad ({-due.days} dagar)" if due.days < 0 else f"om {due.days} dagar"
    url = f"{base_url.rstrip('/')}/omgangar/{due.round.key}/"
    context = {
        "what": what,
        "round": due.round.name,
        "due": due.due.isoformat(),
        "late": late,
        "url": url,
        "when": when,
    }
    send_mail(SUBJECT.format(**context), BODY.format(**context), settings.DEFAULT_FROM_EMAIL, recipients)
    if due.action is not None:
        due.action.last_reminded = today
        due.action.save(update_fields=["last_reminded"])
        audit.record(None, "remind", "followup.Action", due.action.key, {"to": recipients}, due.label)
    else:
        audit.record(None, "remind", "followup.Round", due.round.key, {"to": recipients}, due.label)
