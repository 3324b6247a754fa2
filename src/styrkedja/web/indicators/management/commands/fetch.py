import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from styrkedja.analytics.computed import MissingInputs
from styrkedja.connectors.base import ConnectorError
from styrkedja.connectors.http import HttpClient
from styrkedja.connectors.sources import default_factory, fetch
from styrkedja.web.indicators.computation import recompute
from styrkedja.web.indicators.models import Indicator
from styrkedja.web.indicators.services import ImportRejected, import_records, to_indicator


class Command(BaseCommand):
    help = (
        "Refresh indicators from their sources (SCB, Kolada; needs internet), then recompute computed "
        "indicators from the stored series. One batch per indicator; a failure leaves that indicator as it was."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicator", action="append", default=[], help="only this indicator (repeatable)")
        parser.add_argument("--computed-only", action="store_true", help="only recompute computed indicators")
        parser.add_argument(
            "--missing-inputs-ok",
            action="store_true",
            help="a computed indicator whose inputs have no data yet is a warning, not a failure (the demo uses it)",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        qs = Indicator.objects.order_by("position", "key")
        if options["indicator"]:
            qs = qs.filter(key__in=options["indicator"])
            missing = set(options["indicator"]) - set(qs.values_list("key", flat=True))
            if missing:
                self.stderr.write(f"unknown indicator(s): {', '.join(sorted(missing))}")
                sys.exit(2)
        failures = 0
        make = default_factory(HttpClient(cache_dir=settings.STYRKEDJA_CACHE_DIR))
        remote = [] if options["computed_only"] else [i for i in qs if i.source_kind in ("scb", "kolada")]
        for n, ind in enumerate(remote, 1):
            table = ind.source_spec.get("table") or ind.source_spec.get("kpi", "")
            self.stdout.write(f"[{n}/{len(remote)}] {ind.key}: {ind.source_kind} {table} … ", ending="")
            try:
                parsed = fetch({"kind": ind.source_kind, **ind.source_spec}, client_factory=make)
                result = import_records(parsed.records, parsed.provenance, to_indicator(ind.key))
            except (ConnectorError, ImportRejected, ValueError) as exc:
                failures += 1
                self.stdout.write(f"failed: {exc}")
                continue
            summary = self._summary(result)
            if parsed.dropped:  # rows the connector left out before the import: every row is accounted for
                why = "; ".join(parsed.warnings) or "identical repeats"
                summary += f"; {parsed.dropped} more row(s) dropped while reading ({why})"
            self.stdout.write(summary)
        for ind in [i for i in qs if i.source_kind == "computed"]:
            try:
                self.stdout.write(f"  {ind.key:<34} {self._summary(recompute(ind))}")
            except MissingInputs as exc:
                if not options["missing_inputs_ok"]:
                    failures += 1
                    self.stdout.write(f"  {ind.key:<34} failed: {exc}")
                else:
                    self.stdout.write(f"  {ind.key:<34} skipped (warning): {exc}")
            except (ValueError, ImportRejected) as exc:
                failures += 1
                self.stdout.write(f"  {ind.key:<34} failed: {exc}")
        if failures:
            self.stderr.write(f"{failures} indicator(s) failed; the others were refreshed.")
            sys.exit(1)

    @staticmethod
    def _summary(result) -> str:  # type: ignore[no-untyped-def]
        if result.batch is None:
            return f"{result.summary()}; nothing changed"
        return f"{result.summary()} (batch #{result.batch.pk})"
