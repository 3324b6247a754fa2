import sys

from django.core.management.base import BaseCommand

from styrkedja.analytics.logic import ERROR, check_chain
from styrkedja.web.chain.graph import chain_from_db


class Command(BaseCommand):
    help = "Check the logic of the chain: errors and warnings apart; exit 1 if there are errors."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        findings = check_chain(chain_from_db())
        errors = [f for f in findings if f.severity == ERROR]
        warnings = [f for f in findings if f.severity != ERROR]
        for title, group in (("Errors", errors), ("Warnings", warnings)):
            if group:
                self.stdout.write(f"{title} ({len(group)}):")
                for f in group:
                    self.stdout.write(f"  [{f.code}] {f.subject}: {f.message}")
        self.stdout.write(f"{len(errors)} error(s), {len(warnings)} warning(s).")
        if errors:
            sys.exit(1)
