"""Rapport: the yearly follow-up report for analysts, as PDF, Word, slides or Excel (one click each)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.reports.assemble import EDITIONS, ReportError
from styrkedja.reports.render import CONTENT_TYPES, FORMATS

from ...core.permissions import is_analyst
from ...strategies.models import Strategy
from ..reportfile import make_report
from .common import _guard

# The page's script sends a token with the request and waits for this cookie to learn that the
# download has started (a download leaves the page in place, so nothing else tells it).
PROGRESS_TOKEN = re.compile(r"[0-9A-Za-z]{1,40}")


def _form_errors(request: HttpRequest) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The request's choices, and errors as (field id, message)."""
    get = request.GET
    errors: list[tuple[str, str]] = []
    year_text = get.get("year", str(timezone.localdate().year))
    year = int(year_text) if year_text.isdigit() and 1990 <= int(year_text) <= 2100 else None
    if year is None:
        errors.append(("r-year", _("Give the report's year as four digits, for example 2026.")))
    as_of = None
    if get.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(get["as_of"])
        except ValueError:
            errors.append(("r-as-of", _("Give the date as YYYY-MM-DD, for example 2026-11-30.")))
    choice = {
        "year": year or year_text,
        "as_of": as_of,
        "as_of_text": get.get("as_of", ""),
        "strategy": get.get("strategy", "")[:80] or None,
        "edition": get.get("edition") if get.get("edition") in EDITIONS else "intern",
        "language": "en" if get.get("language") == "en" else "sv",
    }
    return choice, errors


def report_page(request: HttpRequest) -> HttpResponse:
    """The form; with `format` it answers with the document as a download."""
    if (denied := _guard(request)) is not None:
        return denied
    if not is_analyst(request.user):
        raise PermissionDenied
    choice, errors = _form_errors(request)
    fmt = request.GET.get("format", "")
    status = 200
    if fmt in FORMATS and not errors:
        try:
            content = make_report(
                int(choice["year"]), fmt, as_of=choice["as_of"], strategy=choice["strategy"],
                edition=choice["edition"], language=choice["language"],
            )  # fmt: skip
        except ReportError as exc:
            errors.append(("r-strategy", str(exc)))
        else:
            name = f"uppfoljning-{choice['year']}-{choice['edition']}-{choice['language']}.{fmt}"
            response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            token = request.GET.get("progress", "")
            if PROGRESS_TOKEN.fullmatch(token):
                response.set_cookie("report_ready", token, max_age=120, path=request.path, samesite="Lax")
            return response
    if errors:
        status = 400
    context = {
        "choice": choice,
        "errors": errors,
        "formats": [(f, f.upper()) for f in FORMATS],
        "strategies": Strategy.objects.order_by("position", "key"),
        "editions": [("intern", _("internal (everything)")), ("publik", _("public (published strategies only)"))],
    }
    return render(request, "dashboards/report.html", context, status=status)
