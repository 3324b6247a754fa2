import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styrkedja.reports.assemble import EDITIONS, ReportError
from styrkedja.reports.render import FORMATS
from styrkedja.web.dashboards.reportfile import make_report, write_atomically


class Command(BaseCommand):
    help = "Write the yearly follow-up report (regiondagarna) as PDF, Word, slides or Excel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=dt.date.today().year, help="the report's year")
        parser.add_argument("--as-of", help="evaluate on the data current at this date (YYYY-MM-DD); "
                            "default: the latest stored evaluation")  # fmt: skip
        parser.add_argument("--strategy", help="only this strategy (its key)")
        parser.add_argument("--edition", default="intern", choices=EDITIONS, help="intern (everything) or publik")
        parser.add_argument("--language", default="sv", choices=("sv", "en"))
        parser.add_argument("--format", choices=FORMATS, help="default: from the file name's suffix")
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["output"])
        fmt = options["format"] or path.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(f"--format: expected one of {', '.join(FORMATS)}, got {fmt or 'nothing'!r}")
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError(f"--as-of: expected a date YYYY-MM-DD, got {options['as_of']!r}") from exc
        try:
            content = make_report(
                options["year"], fmt, as_of=as_of, strategy=options["strategy"], edition=options["edition"],
                language=options["language"],
            )  # fmt: skip
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        write_atomically(path, content)
        self.stdout.write(f"Wrote {path} ({fmt}, {len(content):,} bytes)")
