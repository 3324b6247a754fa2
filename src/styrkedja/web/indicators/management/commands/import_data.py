import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from styrkedja.connectors import tidycsv
from styrkedja.connectors.base import ConnectorError, Provenance
from styrkedja.connectors.sources import FORMATS, read_file, sniff
from styrkedja.connectors.util import sha256_file
from styrkedja.web.indicators import services
from styrkedja.web.indicators.catalogue import indicators_for_series
from styrkedja.web.indicators.models import Indicator
from styrkedja.web.indicators.services import ImportRejected

# Formats whose rows carry their area code: `--area` (for tables without a region dimension) is refused.
OWN_AREAS = ("csv", "xlsx", "kolada")


class Command(BaseCommand):
    help = (
        "Import statistics from a file as one batch (CSV, JSON-stat, PX, Excel, Kolada JSON). "
        "Series are matched to indicators by id, or by --indicator / --map. Nothing is stored if anything is wrong."
    )
    # No system checks: they import every URL module and with them the pages' dependencies (scipy,
    # altair, polars, the evaluation), 5-13 s before the first row on a shared 2-core machine, on every
    # import. `styrkedja check` and the server still run them; the importer needs only the models.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--format", choices=FORMATS, help="default: from the file name and content")
        parser.add_argument("--indicator", help="store every series of the file on this indicator")
        parser.add_argument("--map", action="append", default=[], metavar="SERIES=INDICATOR",
                            help="store one series on an indicator (repeatable); other series are skipped")  # fmt: skip
        parser.add_argument("--user", help="the user recorded on the batch")
        parser.add_argument("--area", help="SCB area code for a PX or JSON-stat table without a region dimension "
                            "(e.g. 00 for Riket); refused for other files and tables with a region")  # fmt: skip
        parser.add_argument(
            "--create-indicators",
            action="store_true",
            help="create an indicator for each series that matches none (in the same transaction as the import)",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["file"])
        if not path.is_file():
            self.stderr.write(f"{path}: no such file")
            sys.exit(1)
        known = set(Indicator.objects.values_list("key", flat=True))
        mapping = dict(item.split("=", 1) for item in options["map"] if "=" in item)
        bad_map = [item for item in options["map"] if "=" not in item]
        if bad_map:
            self.stderr.write(f"--map {bad_map[0]!r}: expected SERIES=INDICATOR")
            sys.exit(2)

        created: dict[str, str] = {}

        def indicator_for(series: str) -> str | None:
            if options["indicator"]:
                return str(options["indicator"])
            if mapping:
                return mapping.get(series)
            if series in known:
                return series
            if series in created:
                return created[series]
            raise ImportRejected(
                f"{path}: series {series!r} matches no indicator; name one with --indicator or --map {series}=ID"
            )

        user = User.objects.filter(username=options["user"]).first() if options["user"] else None
        try:
            with transaction.atomic():  # indicators created for the file vanish with a failed import
                result = self._import(path, options, indicator_for, known, created, user)
        except (ConnectorError, ImportRejected, ValueError) as exc:
            message = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
            self.stderr.write(f"\n{message}\nNothing was imported.")
            sys.exit(1)
        if created:
            # Newly made and reused ones alike: the series and the indicator it went to.
            self.stdout.write(f"\nCreated {len(created)} indicator(s): {', '.join(sorted(created.values()))}")
        if result.batch is None:
            self.stdout.write(f"\n{path}: {result.summary()}; all identical to those stored, nothing changed.")
        else:
            self.stdout.write(
                f"\n{path}: {result.summary()}; stored as batch #{result.batch.pk} (revised values keep their "
                "earlier value in the history)."
            )

    def _import(self, path, options, indicator_for, known, created, user):  # type: ignore[no-untyped-def]
        fmt = self._format(path, options["format"])
        if options["area"] and fmt in OWN_AREAS:
            raise ImportRejected(f"{path}: --area {options['area']}: a {fmt} file names the area of every row "
                                 "in its own column; leave --area out")  # fmt: skip
        if fmt == "csv":
            if options["create_indicators"]:
                units: dict[str, str] = {}
                for rec in tidycsv.iter_records(path, check_duplicates=False):
                    if rec.series not in units or not units[rec.series]:
                        units[rec.series] = rec.unit
                self._create(set(units) - known, created, user, {}, units)
            # Streamed as plain tuples (on PostgreSQL a plain file is parsed by the server); the importer's
            # SQL drops identical repeats and rejects conflicting ones, so the reader keeps no duplicate guard.
            return services.import_csv(path, self._csv_provenance(path), indicator_for, user=user,
                                       progress=self._progress)  # fmt: skip
        extra = {"default_area": options["area"]} if options["area"] else {}
        parsed = read_file(path, options["format"], **extra)
        others = sorted({rec.area for rec in parsed.records} - {options["area"]}) if options["area"] else []
        if others:
            raise ImportRejected(f"{path}: --area {options['area']}: the table has its own region dimension "
                                 f"(areas {', '.join(others[:5])}{' ...' if len(others) > 5 else ''}); "
                                 "leave --area out")  # fmt: skip
        if options["create_indicators"]:
            units = {}
            for rec in parsed.records:
                units[rec.series] = units.get(rec.series) or rec.unit
            self._create(set(units) - known, created, user, parsed.series_labels, units)
        return services.import_records(parsed.records, parsed.provenance, indicator_for, user=user,
                                       progress=self._progress)  # fmt: skip

    @staticmethod
    def _create(series: set[str], created: dict[str, str], user: Any, labels: dict[str, str],
                units: dict[str, str]) -> None:  # fmt: skip
        created.update(indicators_for_series(series, user, labels, units))

    def _format(self, path: Path, fmt: str | None) -> str:
        if fmt:
            return fmt
        with path.open("rb") as fh:
            return sniff(path, fh.read(4096))

    def _csv_provenance(self, path: Path) -> Provenance:
        return Provenance(source="file", location=str(path), checksum=sha256_file(path), format="csv")

    def _progress(self, rows: int) -> None:
        if rows and (rows % 100_000 == 0 or rows < 100_000):
            self.stderr.write(f"\r  {rows:,} values read", ending="")
            self.stderr.flush()
