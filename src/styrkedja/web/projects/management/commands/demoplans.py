from django.core.management.base import BaseCommand

from styrkedja.web.projects.demo import ensure_demo_plans


class Command(BaseCommand):
    help = "Set up the demo's illustrative project plans and reporting rounds (Sydostleden, Destination Småland)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        done = ensure_demo_plans()
        self.stdout.write("Demo plans (illustrative): " + (", ".join(done) or "none (load the demo strategy first)"))
