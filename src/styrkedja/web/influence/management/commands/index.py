import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styrkedja.analytics.composite.framework import CompositeError
from styrkedja.web.influence.queries import run_document
from styrkedja.web.influence.services import run_index


class Command(BaseCommand):
    help = "Build the influence index (påverkansindex) of a strategy's influence factors for the 21 counties."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--framework", help="the strategy key whose influence factors form the index")
        parser.add_argument("--year", help="the year (default: the latest with the most indicators)")
        parser.add_argument("--as-of", help="use the data current at this date (YYYY-MM-DD; default today)")
        parser.add_argument("--runs", type=int, default=1000, help="Monte Carlo runs for the rank intervals")
        parser.add_argument("--seed", type=int, default=1, help="random seed (the same seed gives the same result)")
        parser.add_argument("--json", action="store_true", help="print the stored run as JSON")
        parser.add_argument("--no-store", action="store_true", help="do not store the run")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError(f"--as-of: expected a date YYYY-MM-DD, got {options['as_of']!r}") from exc
        if options["year"] and not options["year"].isdigit():
            raise CommandError(f"--year: expected a year such as 2020, got {options['year']!r}")
        if options["runs"] < 10:
            raise CommandError(f"--runs: expected at least 10, got {options['runs']}")
        try:
            outcome = run_index(
                options["framework"],
                options["year"],
                as_of,
                runs=options["runs"],
                seed=options["seed"],
                store=not options["no_store"],
            )
        except CompositeError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"] and outcome.run is not None:
            self.stdout.write(json.dumps(run_document(outcome.run), ensure_ascii=False, indent=2))
            return
        idx = outcome.index
        self.stdout.write(
            f"Influence index {outcome.strategy.key} {idx.year}: {len(idx.framework.levels[1])} "
            f"factors, {len(idx.framework.indicators)} indicators with data"
        )
        for factor, left in idx.coverage.left_out.items():
            used = idx.coverage.used.get(factor, ())
            self.stdout.write(
                f"  {factor}: {len(used)} of {len(used) + len(left)} indicators used"
                + (f"; left out: {', '.join(f'{k} ({r})' for k, r in left)}" if left else "")
            )
        order = sorted(range(len(idx.units)), key=lambda u: idx.result.ranks()[u])
        for u in order:
            ua = idx.uncertainty
            self.stdout.write(
                f"{int(idx.result.ranks()[u]):>3}  {idx.units[u]}  {idx.result.scores('index')[u]:6.1f}"
                f"  rank interval {ua.rank_p05[u]:.0f}–{ua.rank_p95[u]:.0f}"
            )
