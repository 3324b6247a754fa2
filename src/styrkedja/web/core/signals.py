"""Logins and failed logins go to the audit trail (who, when, from where; never a password)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from . import audit


def _client(request: HttpRequest | None) -> dict[str, Any]:
    if request is None:
        return {}
    return {"address": [None, request.META.get("REMOTE_ADDR", "")]}


@receiver(user_logged_in)
def logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit.record(user, "login", "auth.User", user.get_username(), _client(request))


@receiver(user_login_failed)
def login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(None, "login_failed", "auth.User", username, _client(request))


@receiver(user_locked_out)
def locked_out(sender: Any, request: HttpRequest | None, username: str | None = None, **kwargs: Any) -> None:
    """A login refused because its user name is locked out (django-axes), the locking attempt included."""
    audit.record(None, "login_locked_out", "auth.User", str(username or "")[:150], _client(request))
