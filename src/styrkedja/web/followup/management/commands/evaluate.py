import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from styrkedja.web.followup.evaluation import run_evaluation


class Command(BaseCommand):
    help = "Evaluate every target on the data current at a date: status, forecast, probability, explanation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="evaluate on the data current at this date (YYYY-MM-DD; default today)")
        parser.add_argument("--area", help="only goals about this area (SCB code); peers are still used")
        parser.add_argument("--json", action="store_true", help="print a JSON document instead of a table")
        parser.add_argument("--no-store", action="store_true", help="do not store the run")
        parser.add_argument(
            "--indicator", action="append", metavar="KEY",
            help="only the goals of this indicator (repeatable) and of indicators computed from it; the other "
            "results are copied from the latest run on the same date",
        )  # fmt: skip

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError as exc:
            raise CommandError(f"--as-of: expected a date YYYY-MM-DD, got {options['as_of']!r}") from exc
        if options["indicator"] and (options["area"] or options["no_store"]):
            raise CommandError("--indicator: an incremental run covers every area and is stored")
        outcome = run_evaluation(
            as_of, area=options["area"], store=not options["no_store"], indicators=options["indicator"]
        )
        day = outcome.run.as_of if outcome.run else (as_of or dt.date.today())
        if options["json"]:
            doc = {
                "as_of": day.isoformat(),
                "results": [_with_explanation(r) for r in outcome.results],
                "trends": [_with_explanation(t) for t in outcome.trends],
            }
            self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Evaluation as of {day}: {len(outcome.results)} targets, {len(outcome.trends)} trends")
        header = f"{'goal':<34} {'area':<5} {'rule':<20} {'year':<5} {'status':<12} {'P':>5}  data"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in outcome.results:
            p = f"{r.probability:.0%}" if r.probability is not None else ""
            data = f"{r.data_through or '-'}{' (prel.)' if r.preliminary else ''}"
            self.stdout.write(
                f"{r.goal_key[:34]:<34} {r.area:<5} {r.rule:<20} {r.target_year:<5} {r.status:<12} {p:>5}  {data}"
            )
        for t in outcome.trends:
            self.stdout.write(f"{t.goal_key[:34]:<34} {t.area:<5} {'trend':<20} {'':<5} {t.status:<12} {'':>5}  "
                              f"{t.data_through or '-'}")  # fmt: skip


def _with_explanation(result):  # type: ignore[no-untyped-def]
    """The analytics dict plus the `goal` and `explanation: {sv, en}` keys of the documented JSON output."""
    return result.to_dict() | {
        "goal": result.goal_key,
        "explanation": {"sv": result.explanation_sv, "en": result.explanation_en},
    }
