import getpass
import sys

from django.core.management.base import BaseCommand, CommandParser

from styrkedja.web.core.roles import ROLES
from styrkedja.web.core.users import UserRejected, save_user


class Command(BaseCommand):
    help = (
        "Create a user with a role, or change an existing user's role. The password is asked for "
        "(twice) on a terminal, or read as one line from standard input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--role", required=True, choices=ROLES, help="what the user may do (see the user guide, Roles)"
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="full name, e.g. 'Anna Andersson'")
        parser.add_argument(
            "--set-password",
            action="store_true",
            help="ask for a new password for an existing user (a new one is asked)",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from django.contrib.auth.models import User

        exists = User.objects.filter(username=options["username"]).exists()
        password = self._password() if (not exists or options["set_password"]) else None
        try:
            user, created = save_user(options["username"], options["role"], password=password,
                                      email=options["email"], full_name=options["name"])  # fmt: skip
        except UserRejected as exc:
            self.stderr.write(f"{options['username']}: {exc}. Nothing was changed.")
            sys.exit(1)
        self.stdout.write(f"{'Created' if created else 'Updated'} {user.username} with the role {options['role']}.")

    def _password(self) -> str:
        if not sys.stdin.isatty():
            return sys.stdin.readline().rstrip("\n")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            self.stderr.write("The passwords differ. Nothing was changed.")
            sys.exit(1)
        return first
