import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

DEFAULT_ADDRESS = "127.0.0.1:8000"


def add_address_arguments(parser: CommandParser) -> None:
    """`serve 0.0.0.0:8080`, `serve 8080` (Django's forms) or `serve --port 8080 [--host 0.0.0.0]`."""
    parser.add_argument("address", nargs="?", help=f"[HOST:]PORT to listen on (default {DEFAULT_ADDRESS})")
    parser.add_argument("--port", type=int, help="the port (instead of ADDRESS)")
    parser.add_argument("--host", help="the interface, e.g. 0.0.0.0 for every one (default 127.0.0.1)")


def address_from(options: dict, stderr) -> str:  # type: ignore[type-arg, no-untyped-def]
    if options["address"] and (options["port"] or options["host"]):
        stderr.write("Give either ADDRESS or --host/--port, not both.")
        sys.exit(2)
    if options["address"]:
        return str(options["address"])
    host, port = DEFAULT_ADDRESS.split(":")
    return f"{options['host'] or host}:{options['port'] or port}"


class Command(BaseCommand):
    help = "Serve the web application (development server; use gunicorn styrkedja.web.wsgi in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_address_arguments(parser)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        address = address_from(options, self.stderr)
        self.stdout.write(f"Styrkedja: http://{address}/")
        # --insecure serves static files without DEBUG; fine for a local server.
        call_command("runserver", address, use_reloader=False, insecure_serving=True)
