"""Who may read and write what. Views and the API ask these functions, never the groups directly.

Roles (see roles.py): administrators and analysts read and write the whole chain
and review reports; project owners edit only the initiatives they own; readers
read. With STYRKEDJA_PUBLIC_READ on, anonymous visitors read published strategies.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .roles import ADMINISTRATOR, ANALYST, PROJECT_OWNER, READER, has_role


def can_read(user: Any) -> bool:
    """May see the follow-up pages at all (published strategies only, when anonymous)."""
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, *ROLES_ALL))) or settings.PUBLIC_READ


def sees_unpublished(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, *ROLES_ALL)))


def is_analyst(user: Any) -> bool:
    """Edits the chain, writes assessments, reviews project reports."""
    return has_role(user, ADMINISTRATOR, ANALYST)


def can_edit_initiative(user: Any, initiative: Any) -> bool:
    if is_analyst(user):
        return True
    # owners.all() uses a prefetch when the caller made one (lists), else it is one query.
    return has_role(user, PROJECT_OWNER) and any(o.pk == user.pk for o in initiative.owners.all())


def can_create_initiative(user: Any) -> bool:
    return has_role(user, ADMINISTRATOR, ANALYST, PROJECT_OWNER)


ROLES_ALL = (ADMINISTRATOR, ANALYST, PROJECT_OWNER, READER)
