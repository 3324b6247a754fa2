from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the web application (development server; use gunicorn styrkedja.web.wsgi in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"Styrkedja: http://{options['address']}/")
        # --insecure serves static files without DEBUG; fine for a local server.
        call_command("runserver", options["address"], use_reloader=False, insecure_serving=True)
