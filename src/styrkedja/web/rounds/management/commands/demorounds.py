from django.core.management.base import BaseCommand

from styrkedja.web.rounds.demo import ensure_demo_rounds


class Command(BaseCommand):
    help = "The demo's follow-up rounds (run by `styrkedja demo`)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        rounds = ensure_demo_rounds()
        self.stdout.write(
            f"Follow-up rounds (real statuses, illustrative assessments and actions): {', '.join(rounds)}"
        )
