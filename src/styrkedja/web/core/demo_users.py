"""Demo accounts, one per role, so a visitor can try every view."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from .roles import ADMINISTRATOR, ANALYST, PROJECT_OWNER, READER

DEMO_PASSWORD = "styrkedja"
DEMO_USERS = [
    ("admin", ADMINISTRATOR, "Ada Administratör"),
    ("analytiker", ANALYST, "Anna Analytiker"),
    ("projektagare", PROJECT_OWNER, "Per Projektägare"),
    ("lasare", READER, "Lisa Läsare"),
]


def ensure_demo_users() -> list[tuple[str, str, bool]]:
    """Create the demo accounts that do not exist yet; returns (username, role, created).

    An account that already exists is left exactly as it is: re-running the demo on a database where
    someone changed a password or a role must not undo that (nor reopen a known password).
    """
    out = []
    for username, role, full_name in DEMO_USERS:
        first, last = full_name.split(" ", 1)
        if User.objects.filter(username=username).exists():
            out.append((username, role, False))
            continue
        user = User(username=username, first_name=first, last_name=last)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role in (ADMINISTRATOR, ANALYST)
        user.is_superuser = role == ADMINISTRATOR
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        out.append((username, role, True))
    return out
