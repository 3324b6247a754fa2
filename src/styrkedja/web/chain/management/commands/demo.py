from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from styrkedja.demo import strategy_file
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.demo_users import DEMO_PASSWORD, ensure_demo_users
from styrkedja.web.core.management.commands.serve import add_address_arguments, address_from
from styrkedja.web.indicators.demo_data import import_demo_data
from styrkedja.web.projects.demo import ensure_demo_plans


class Command(BaseCommand):
    help = "Set up the Kronoberg demo (database, strategy, real statistics, demo users) and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set up the demo but do not start the server")
        add_address_arguments(parser)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        address = address_from(options, self.stderr)
        call_command("init", stdout=self.stdout)
        counts = load_document(read_strategy_file(strategy_file()))
        self.stdout.write(
            "Kronoberg demo loaded: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
        )
        self.stdout.write("Statistics (real files with their sources):")
        import_demo_data(self.stdout.write)
        self.stdout.write("Computed indicators (from the stored series, inputs' provenance kept):")
        call_command("fetch", "--computed-only", "--missing-inputs-ok", stdout=self.stdout)
        call_command("evaluate", stdout=self.stdout)
        call_command("index", stdout=self.stdout)
        users = ensure_demo_users()
        plans = ensure_demo_plans()
        self.stdout.write(f"Project plans (illustrative drafts) and reporting rounds: {', '.join(plans)}")
        call_command("demorounds", stdout=self.stdout)  # by name: the rounds app is in a higher layer
        self.stdout.write("")
        created = [f"{u} ({r})" for u, r, new in users if new]
        kept = [u for u, _r, new in users if not new]
        if created:
            self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'): " + ", ".join(created))
        if kept:
            self.stdout.write("Existing accounts left as they are (passwords unchanged): " + ", ".join(kept))
        if not options["no_serve"]:
            self.stdout.write(f"Open http://{address}/ and log in as analytiker / {DEMO_PASSWORD}")
            call_command("serve", address)
