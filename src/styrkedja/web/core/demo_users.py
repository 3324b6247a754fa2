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


def ensure_demo_users() -> list[tuple[str, str]]:
    """Create the demo accounts (idempotent); returns (username, role)."""
    out = []
    for username, role, full_name in DEMO_USERS:
        first, last = full_name.split(" ", 1)
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.is_staff = role in (ADMINISTRATOR, ANALYST)
        user.is_superuser = role == ADMINISTRATOR
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        out.append((username, role))
    return out
