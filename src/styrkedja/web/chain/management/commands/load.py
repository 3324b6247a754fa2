import sys

from django.core.management.base import BaseCommand, CommandParser

from styrkedja.strategyfile import StrategyFileError, read_strategy_file
from styrkedja.web.chain.chainfile import load_document


class Command(BaseCommand):
    help = "Validate a strategy file (YAML) and load it. Every problem is listed; nothing is stored if any."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the strategy file (see docs/strategy-file.md)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            doc = read_strategy_file(options["file"])
        except StrategyFileError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            self.stderr.write(f"{len(exc.problems)} problem(s); nothing was loaded.")
            sys.exit(2)
        counts = load_document(doc)
        summary = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
        self.stdout.write(f"Loaded {options['file']}: {summary}.")
