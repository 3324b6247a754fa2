import datetime as dt

from django.core.management.base import BaseCommand, CommandParser

from styrkedja.web.rounds.reminders import remind_cycle


class Command(BaseCommand):
    help = "Reminders of the yearly cycle (run by `styrkedja remind`): assessments and actions due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", required=True)
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--every", type=int, default=7)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        today = dt.date.fromisoformat(options["today"])
        remind_cycle(today, options["days"], options["every"], options["dry_run"], options["base_url"],
                     self.stdout.write)  # fmt: skip
