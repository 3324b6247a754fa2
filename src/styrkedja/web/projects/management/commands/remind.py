import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from styrkedja.web.core import audit
from styrkedja.web.projects.models import Report
from styrkedja.web.projects.services import due_reports

SUBJECT = "Styrkedja: {kind} {period} för {name} {when}"
BODY = """Hej!

{kind} {period} för {name} ska lämnas senast {due}{late}.
Fyll i den här: {url}

Hälsningar
Styrkedja
"""


class Command(BaseCommand):
    help = (
        "E-mail the owners of initiatives whose reports are due or overdue, analysts of assessments due in open "
        "follow-up rounds and owners of actions due (Django's mail; run it from cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30, help="remind of reports due within this many days")
        parser.add_argument("--today", help="the date to count from (YYYY-MM-DD; default today)")
        parser.add_argument("--every", type=int, default=7, help="days between two reminders of the same report")
        parser.add_argument("--dry-run", action="store_true", help="list the reminders without sending them")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="address of the site, for links")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else dt.date.today()
        except ValueError as exc:
            raise CommandError(f"--today: expected a date YYYY-MM-DD, got {options['today']!r}") from exc
        sent = skipped = 0
        for due in due_reports(today, within_days=options["days"]):
            report = due.report
            if due.expost and due.days > options["days"]:
                continue  # ex-post follow-ups are listed a year ahead on the page, mailed only when close
            if report.last_reminded and (today - report.last_reminded).days < options["every"]:
                skipped += 1
                continue
            recipients = sorted({u.email for u in report.initiative.owners.all() if u.email})
            label = f"{report.get_kind_display()} {report.period} ({report.initiative.name})"
            if not recipients:
                self.stdout.write(f"  no owner e-mail: {label}, due {report.due_date}")
                continue
            self.stdout.write(f"  {'would remind' if options['dry_run'] else 'reminding'} {', '.join(recipients)}: "
                              f"{label}, due {report.due_date}")  # fmt: skip
            if options["dry_run"]:
                continue
            self._send(report, recipients, due.days, options["base_url"], today)
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent, {skipped} reminded recently.")
        # The yearly cycle's reminders (the rounds app, a higher layer: called by name).
        args = ["--today", today.isoformat(), "--days", str(options["days"]), "--every", str(options["every"]),
                "--base-url", options["base_url"]] + (["--dry-run"] if options["dry_run"] else [])  # fmt: skip
        call_command("remindcycle", *args, stdout=self.stdout)

    @transaction.atomic
    def _send(self, report: Report, recipients: list[str], days: int, base_url: str, today: dt.date) -> None:
        when = f"är försenad ({-days} dagar)" if days < 0 else f"ska lämnas om {days} dagar"
        late = f" – den är {-days} dagar försenad" if days < 0 else ""
        url = f"{base_url.rstrip('/')}/projekt/{report.initiative.key}/rapport/{report.pk}/"
        context = {"kind": report.get_kind_display(), "period": report.period, "name": report.initiative.name,
                   "due": report.due_date.isoformat(), "late": late, "url": url, "when": when}  # fmt: skip
        send_mail(SUBJECT.format(**context), BODY.format(**context), settings.DEFAULT_FROM_EMAIL, recipients)
        report.last_reminded = today
        report.save(update_fields=["last_reminded"])
        audit.record(None, "remind", "projects.Report", str(report.pk), {"to": recipients}, str(report))
