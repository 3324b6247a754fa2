"""The one permission guard every page uses: let in, send to the login page, or refuse (403).

`permissions.py` says who may do what; this turns the answer into the HTTP response, the same way
on every page: an anonymous visitor is sent to log in, a logged-in user without the right gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase

View = Callable[..., HttpResponseBase]


def refusal(request: HttpRequest, allowed: Callable[[Any], bool]) -> HttpResponse | None:
    """None when `allowed(user)`; else a login redirect (anonymous) or PermissionDenied (logged in)."""
    if allowed(request.user):
        return None
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.get_full_path())


def require(allowed: Callable[[Any], bool]) -> Callable[[View], View]:
    """A view decorator applying `refusal` before the view runs."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if (denied := refusal(request, allowed)) is not None:
                return denied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
