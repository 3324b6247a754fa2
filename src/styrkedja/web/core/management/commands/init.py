from django.core.management import call_command
from django.core.management.base import BaseCommand

from styrkedja.web.core.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or upgrade the database (migrations, roles). Safe to run again."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        call_command("migrate", interactive=False, verbosity=0)
        ensure_roles()
        self.stdout.write("Database ready.")
