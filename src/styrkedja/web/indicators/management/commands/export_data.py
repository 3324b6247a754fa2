import csv
import itertools
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from styrkedja.connectors import cells
from styrkedja.web.indicators.observations import EXPORT_CURRENT as CURRENT
from styrkedja.web.indicators.observations import EXPORT_HISTORY as HISTORY

COLUMNS = ["indicator", "area", "period", "breakdown", "value", "status", "source", "batch", "retrieved_at"]


def source_text(source: str, table: str, location: str) -> str:
    return f"{source}: {table or location}"


class Command(BaseCommand):
    help = "Write every observation with its source and batch, as CSV or Excel (one row per observation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("-o", "--output", help="file to write (CSV default: standard output)")
        parser.add_argument("--indicator", help="only this indicator")
        parser.add_argument("--history", action="store_true",
                            help="also the earlier values that revisions replaced (column replaced_by)")  # fmt: skip

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        where, params = ("WHERE i.key = %s", [options["indicator"]]) if options["indicator"] else ("", [])
        columns = COLUMNS + (["replaced_by"] if options["history"] else [])
        rows = self._rows(CURRENT.format(where=where), params, history=False, pad=options["history"])
        if options["history"]:
            rows = itertools.chain(rows, self._rows(HISTORY.format(where=where), params, history=True, pad=False))
        if options["format"] == "xlsx":
            if not options["output"]:
                self.stderr.write("--format xlsx needs -o FILE")
                sys.exit(2)
            _write_xlsx(Path(options["output"]), columns, rows)
            return
        if options["output"]:
            with open(options["output"], "w", newline="", encoding="utf-8") as fh:
                _write_csv(fh, columns, rows)
        else:
            _write_csv(self.stdout, columns, rows)

    def _rows(self, sql: str, params: list, *, history: bool, pad: bool):  # type: ignore[no-untyped-def]
        with connection.cursor() as cur:
            cur.execute(sql, params)
            while batch := cur.fetchmany(5000):
                for r in batch:
                    retrieved = r[10].isoformat() if hasattr(r[10], "isoformat") else r[10]
                    row = [r[0], r[1], r[2], r[3], r[4], r[5], source_text(r[6], r[7], r[8]), r[9], retrieved]
                    if history:
                        row.append(r[11])
                    elif pad:
                        row.append("")
                    yield row


def _write_csv(out, columns: list[str], rows) -> None:  # type: ignore[no-untyped-def]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(cells.csv_row(row) for row in rows)


def _write_xlsx(path: Path, columns: list[str], rows) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(columns)
    for row in rows:
        cells.append_row(ws, row)
    wb.save(path)
