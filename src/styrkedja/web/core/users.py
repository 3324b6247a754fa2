"""Accounts outside the demo: a user with one of the four roles, created or changed in one audited write."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from . import audit
from .roles import ADMINISTRATOR, ANALYST, ROLES, ensure_roles


class UserRejected(Exception):
    """The account could not be written; nothing was changed."""


def save_user(username: str, role: str, *, password: str | None = None, email: str = "", full_name: str = "",
              actor: Any = None) -> tuple[User, bool]:  # fmt: skip
    """Create `username` with `role`, or give an existing user that role (their only one). A new user needs a
    password; an existing one keeps theirs unless one is given. Returns (user, created)."""
    if role not in ROLES:
        raise UserRejected(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
    if not username.strip():
        raise UserRejected("the username is empty")
    with transaction.atomic():
        ensure_roles()
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            if not password:
                raise UserRejected(f"a new user ({username}) needs a password")
            user = User(username=username)
        if password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise UserRejected("the password is too weak: " + " ".join(exc.messages)) from None
            user.set_password(password)
        if email:
            user.email = email
        if full_name:
            user.first_name, _, user.last_name = full_name.partition(" ")
        user.is_staff = role in (ADMINISTRATOR, ANALYST)  # the admin site: analysts and administrators
        user.is_superuser = role == ADMINISTRATOR
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        audit.record(actor, "create" if created else "update", "auth.User", username,
                     {"role": role, "password_set": bool(password)}, f"user {username}: {role}")  # fmt: skip
    return user, created
