import time

from django.core.management.base import BaseCommand, CommandParser

from styrkedja.web.indicators import jobs


class Command(BaseCommand):
    help = (
        "Import the statistics files uploaded on the web, one at a time, as they arrive "
        "(--once: import the waiting ones and stop)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="import every waiting file, then stop")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between looks for new files")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        while True:
            job = jobs.run_next()
            if job is not None:
                self.stdout.write(f"{job.file_name}: {job.status}. {job.message}")
                continue
            if options["once"]:
                return
            time.sleep(options["interval"])
