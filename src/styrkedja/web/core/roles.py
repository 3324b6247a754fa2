"""The four roles, as Django groups with model permissions.

Object-level rules (a project owner edits only their own initiatives) live in
`permissions.py`; these groups say what each role may do at all.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

ADMINISTRATOR = "administrator"
ANALYST = "analyst"
PROJECT_OWNER = "project_owner"
READER = "reader"
ROLES = (ADMINISTRATOR, ANALYST, PROJECT_OWNER, READER)

OUR_APPS = ("areas", "strategies", "indicators", "projects", "followup", "core")


def ensure_roles() -> None:
    """Create the role groups and set their permissions (idempotent)."""
    ours = Permission.objects.filter(content_type__app_label__in=OUR_APPS)
    view = ours.filter(codename__startswith="view_")
    grants = {
        ADMINISTRATOR: Permission.objects.all(),
        ANALYST: ours.exclude(content_type__app_label="core").exclude(codename__endswith="_auditentry"),
        PROJECT_OWNER: view
        | ours.filter(content_type__app_label="projects")
        | ours.filter(
            codename__in=[
                "add_goal",
                "change_goal",
                "delete_goal",
                "add_target",
                "change_target",
                "delete_target",
            ]
        ),
        READER: view,
    }
    for name, perms in grants.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(perms)


def has_role(user, *roles: str) -> bool:  # type: ignore[no-untyped-def]
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # One query per request, not one per check: a list page asks for every row.
    names = getattr(user, "_styrkedja_roles", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._styrkedja_roles = names
    return bool(names & set(roles))
