import sys

from django.core.management.base import BaseCommand

from styrkedja.analytics.logic import ERROR, check_chain, growth_measures
from styrkedja.web.chain.graph import chain_from_db


class Command(BaseCommand):
    help = "Check the logic of the chain: errors and warnings apart; exit 1 if there are errors."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        chain = chain_from_db()
        findings = check_chain(chain)
        measures = [(g.key, m) for g in chain.goals for m in growth_measures(g)]
        if measures:
            self.stdout.write(f"Growth measures ({len(measures)}):")
            for goal, (target, measure, stated) in measures:
                where = "stated by the target" if stated else "from the indicator's measure type"
                self.stdout.write(f"  goal {goal}, target {target}: {measure} ({where})")
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
