import time

from django.core.management.base import BaseCommand, CommandParser

from styrkedja.web.core import jobs


class Command(BaseCommand):
    help = (
        "Do the work queued on the web (statistics files uploaded, synthetic-control runs), one job at a "
        "time, as it arrives (--once: do the waiting jobs and stop)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="do every waiting job, then stop")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between looks for new jobs")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        while True:
            job = jobs.run_next()
            if job is not None:
                self.stdout.write(f"{job.label}: {job.status}. {job.message}")
                continue
            if options["once"]:
                return
            time.sleep(options["interval"])
