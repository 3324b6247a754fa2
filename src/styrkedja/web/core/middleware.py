"""Swedish first: the interface is Swedish unless the user chose English with the language switch.

Django's LocaleMiddleware would otherwise follow the browser's Accept-Language header, so an
English-language browser in a Swedish municipality would get English pages unasked. The choice made
with the switch (the language cookie) still wins.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SwedishFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
