from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from styrkedja.strategyfile import dump_document
from styrkedja.web.chain.chainfile import export_document


class Command(BaseCommand):
    help = "Write the whole chain in the database as a strategy file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["yaml"], default="yaml")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        text = dump_document(export_document())
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
