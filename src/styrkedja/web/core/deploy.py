"""Checks a production web server makes before it serves anything."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured


def refuse_demo_secret(secret_key: str, demo_key: str, *, debug: bool, demo_allowed: bool) -> None:
    """Refuse the published demo SECRET_KEY on a server with DEBUG off.

    Anyone can read the demo key in the source, so sessions and password-reset links signed with it
    could be forged. The local demo and development servers (`styrkedja serve`, DEBUG on) may use it;
    a server that really is a local demo says so with STYRKEDJA_DEMO_KEY=1.
    """
    if secret_key == demo_key and not debug and not demo_allowed:
        raise ImproperlyConfigured(
            "STYRKEDJA_SECRET_KEY is not set: a web server with DEBUG off refuses the built-in demo key. "
            "Set STYRKEDJA_SECRET_KEY to a long random value (or STYRKEDJA_DEMO_KEY=1 for a local demo)."
        )
