"""Request every page of the site as every kind of user and check each answer.

The sweep walks the URL patterns with real keys from the database (goals, indicators, activities,
initiatives, reports), as anonymous, reader, project owner and analyst, and checks each status
against the permission model (`web/core/permissions.py`): 200 where the user may read or edit, a
redirect to the login page for anonymous visitors (401 from the API), 403 for a signed-in user
without the right. A 500 is always a failure. Every URL pattern of the site must be visited (the
admin's own pages excepted), so a new page cannot escape the sweep.

Run it on the demo database after `make demo-data` (CI does, see `.ci/run`):
    .venv/bin/python -m styrkedja.web.pagesweep [--lang sv --lang en] [--words]
`--words` also fails on internal words in any page, chart, download or API answer
(see `INTERNAL_WORDS`). Writes (POST-only views) run inside a transaction that is rolled back.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

LOGIN = "/accounts/login/"

# Internal words that must never reach a reader (issue 9): the seed's vocabulary, raw codes and
# file/column names. A table or KPI id in a source line is provenance and is allowed.
INTERNAL_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern))
    for label, pattern in (
        ("seed", r"(?i)\bseed(en|s)?\b"),
        ("demodata", r"(?i)\bdemo[-_ ]?data\b"),
        ("dataset code", r"\bdemo_r_\w+"),
        ("file column", r"\(file, \w+\)"),
        ("column name", r"\bpopulation_31dec\b"),
        ("seed's Ex: prefix", r"\bEx: "),
        ("raw operator", r"(?:[<>]|&[lg]t;)=\s*\d"),
        ("raw state code", r"\b(approve|reject|projects\.Plan|projects\.Report|expost[35])\b"),
    )
)
# Swedish units after numbers must not appear on the English pages ("87.1 procent"); a strategy's own
# texts (definitions, motivations) are written in Swedish only and are not checked.
SWEDISH_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Swedish in English", re.compile(r"\d(?:&nbsp;|\s|\u00a0)?procent")),
    ("Swedish unit in English", re.compile(r">procent[^<]*<")),
)


@dataclass(frozen=True)
class Who:
    """One kind of visitor: a label and the user (None: anonymous)."""

    label: str
    user: Any


@dataclass
class Outcome:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    routes: set[str] = field(default_factory=set)


# What a visitor should get: "read" (200), "edit-ok" (200 or a redirect not to the login), "post-ok" (no
# refusal), "deny" (403), "login" (redirect to the login), "admin-login", "api-deny" (401), "absent" (404).
Expect = Callable[[Who], str]


def _visitors() -> list[Who]:
    from django.contrib.auth.models import User

    from .core.roles import ANALYST, PROJECT_OWNER, READER

    def first(role: str) -> Any:
        user = User.objects.filter(groups__name=role, is_active=True, is_superuser=False).order_by("pk").first()
        if user is None:
            raise SystemExit(f"pagesweep: no active user with the role {role!r}; run `make demo-data` first")
        return user

    return [Who("anonymous", None), Who("reader", first(READER)), Who("owner", first(PROJECT_OWNER)),
            Who("analyst", first(ANALYST))]  # fmt: skip


def _page(who: Who) -> str:
    """Read-only follow-up pages: a role reads, anonymous is sent to log in (or reads in public mode)."""
    from .core.permissions import can_read

    if who.user is None:
        return "read" if can_read(_anonymous()) else "login"
    return "read" if can_read(who.user) else "deny"


def _projects(who: Who) -> str:
    """Project pages need a role even in public mode (reader_required)."""
    from .core.permissions import sees_unpublished

    if who.user is None:
        return "login"
    return "read" if sees_unpublished(who.user) else "deny"


def _api(who: Who) -> str:
    from .core.permissions import can_read

    user = _anonymous() if who.user is None else who.user
    return "read" if can_read(user) else "api-deny"


def _assess(who: Who) -> str:
    """Writing an assessment is the analyst's; anyone else (anonymous too) is refused."""
    from .core.permissions import is_analyst

    return "post-ok" if who.user is not None and is_analyst(who.user) else "deny"


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _only(check: Callable[[Any], bool], base: Expect = _projects, ok: str = "edit-ok") -> Expect:
    def expect(who: Who) -> str:
        first = base(who)
        if first != "read":
            return first
        return ok if check(who.user) else "deny"

    return expect


def _requests() -> Iterator[tuple[str, str, Expect]]:
    """(method, path, expectation) for every page, with real keys from the database."""
    from .core.permissions import can_create_initiative, can_edit_initiative, is_analyst
    from .indicators.models import Indicator
    from .projects.models import Activity, Initiative, Report
    from .strategies.models import Goal

    yield "GET", "/healthz", lambda who: "read"
    yield "GET", LOGIN, lambda who: "read"
    for path in ("/", "/oversikt/", "/indikatorer/", "/styrkedjan/", "/insatskartlaggning/", "/jamforelse/"):
        yield "GET", path, _page
    for key in Goal.objects.order_by("key").values_list("key", flat=True):
        yield "GET", f"/mal/{key}/", _page
        yield "POST", f"/mal/{key}/bedomning/", _assess
    for key in Goal.objects.filter(strategy__isnull=False).order_by("key").values_list("key", flat=True):
        yield "GET", f"/projekt/portfolj/{key}/", _projects
    for key in Activity.objects.order_by("key").values_list("key", flat=True):
        yield "GET", f"/aktivitet/{key}/", _page
    for key in Indicator.objects.order_by("key").values_list("key", flat=True):
        for suffix in ("", "data.csv", "data.xlsx"):
            yield "GET", f"/indikatorer/{key}/{suffix}", _page
        yield "GET", f"/api/indicators/{key}", _api
    yield from _project_requests(can_create_initiative, can_edit_initiative, is_analyst, Initiative, Report)
    yield "GET", "/api/docs/", lambda who: "read"
    yield "GET", "/api/openapi.json", lambda who: "read"
    yield "GET", "/api/", lambda who: "absent"  # the API's root: no page there (docs_url=None)
    for path in ("areas", "indicators", "observations", "goals", "targets"):
        yield "GET", f"/api/{path}", _api
    for key in Goal.objects.order_by("key").values_list("key", flat=True)[:5]:
        yield "GET", f"/api/goals/{key}", _api
    yield "GET", "/admin/", lambda who: "read" if who.user is not None and who.user.is_staff else "admin-login"
    yield from _later_requests(is_analyst)


def _analyst(ok: str = "read") -> Expect:
    """Analysts' pages and writes: anonymous is sent to log in, other roles get 403."""
    from .core.permissions import is_analyst

    def expect(who: Who) -> str:
        if who.user is None:
            return "login"
        return ok if is_analyst(who.user) else "deny"

    return expect


def _unpublished(who: Who) -> str:
    """A round still open: analysts read it, anonymous is sent to log in, other readers do not see it."""
    from .core.permissions import is_analyst

    if who.user is None:
        return "login"
    return "read" if is_analyst(who.user) else "absent"


def _later_requests(is_analyst: Any) -> Iterator[tuple[str, str, Expect]]:
    """The report, the methods page, the influence index, 'without us?', project effects and the rounds."""
    from .followup.models import Round, RoundStatus
    from .projects.models import Initiative
    from .strategies.models import Goal

    yield "GET", "/rapport/", _analyst()
    yield "GET", "/projekt/granska/", _analyst()  # the analysts' review queue
    yield "GET", "/statistik/import/", _analyst()
    yield "POST", "/statistik/import/", _analyst("post-any")  # no file: a 400 naming what is missing
    from .indicators.models import ImportJob

    jobs = list(ImportJob.objects.order_by("-pk").values_list("pk", flat=True)[:2])
    for pk in jobs:
        yield "GET", f"/statistik/import/{pk}/", _analyst()
    if not jobs:  # no upload in the demo: an unknown job is a 404 for analysts, refused for the others
        yield "GET", "/statistik/import/0/", _analyst("absent")
    yield "GET", "/metod/sannolikhet/", _page
    yield "GET", "/paverkansfaktorer/", _page
    yield "GET", "/api/influence-index", _api
    for key in Goal.objects.filter(strategy__isnull=False).order_by("key").values_list("key", flat=True)[:3]:
        yield "GET", f"/mal/{key}/utan-oss/", _page
    for key in Initiative.objects.order_by("key").values_list("key", flat=True)[:2]:
        yield "GET", f"/projekt/{key}/effekt/", _page
    yield from _contribution_api_requests()
    yield "GET", "/omgangar/", _page
    yield "GET", "/omgangar/ansvariga/", _page
    yield "POST", "/omgangar/ny/", _analyst("post-any")
    for path in ("rounds", "assessments", "actions", "knowledge-needs"):
        yield "GET", f"/api/{path}", _api
    for r in Round.objects.order_by("key"):
        base = f"/omgangar/{r.key}/"
        shown = _page if r.state == "published" else _unpublished
        yield "GET", base, shown
        yield "GET", base + "forum.docx", shown
        if r.state == "published":
            yield "GET", f"/api/rounds/{r.key}", _api
        for suffix in ("frys/", "publicera/", "atgard/", "kunskapsbehov/", "lardom/"):
            yield "POST", base + suffix, _analyst("post-any")
        goal = RoundStatus.objects.filter(round=r).order_by("goal__key").values_list("goal__key", flat=True).first()
        if goal:
            yield "GET", f"{base}mal/{goal}/", _analyst()


def _contribution_api_requests() -> Iterator[tuple[str, str, Expect]]:
    """The stored contribution analyses (the demo may hold none: then an unknown id must be a 404)."""
    from .contribution.models import ContributionRun

    yield "GET", "/api/contribution-analyses", _api
    ids = list(ContributionRun.objects.order_by("pk").values_list("pk", flat=True)[:3])
    for pk in ids:
        yield "GET", f"/api/contribution-analyses/{pk}", _api
    yield "POST", f"/analys/{ids[0] if ids else 0}/publicera/", _analyst("post-any")  # no choice posted: 400
    if not ids:
        yield "GET", "/api/contribution-analyses/999999", lambda who: "absent" if _api(who) == "read" else "api-deny"


def _edits(can_edit: Any, initiative: Any, user: Any) -> bool:
    return bool(can_edit(user, initiative))


def _project_requests(can_create: Any, can_edit: Any, is_analyst: Any, initiative: Any, report: Any) -> Iterator[
        tuple[str, str, Expect]]:  # fmt: skip
    for path in ("/projekt/", "/projekt/portfolj/", "/projekt/bevakning/"):
        yield "GET", path, _projects
    yield "GET", "/projekt/ny/", _only(can_create, ok="read")
    for ini in initiative.objects.order_by("key").prefetch_related("owners"):
        base = f"/projekt/{ini.key}/"
        owns = functools.partial(_edits, can_edit, ini)
        edits, posts = _only(owns), _only(owns, ok="post-ok")
        yield "GET", base, _projects
        yield "GET", base + "historik/", _projects
        yield "GET", base + "plan.xlsx", _projects
        yield "GET", base + "plan/", edits
        yield "GET", base + "plan/ladda-upp/", edits
        yield "POST", base + "plan/kontroll/", posts
        yield "POST", base + "plan/skicka/", posts
        yield "POST", base + "plan/granska/", _only(is_analyst, ok="post-ok")
        for pk in report.objects.filter(initiative=ini).order_by("pk").values_list("pk", flat=True):
            yield "GET", f"{base}rapport/{pk}/", _projects
            yield "POST", f"{base}rapport/{pk}/skicka/", posts
            yield "POST", f"{base}rapport/{pk}/granska/", _only(is_analyst, ok="post-ok")


def _status_problem(expected: str, response: Any) -> str | None:
    status = response.status_code
    where = response.get("Location", "")
    if status >= 500:
        return f"server error {status}"
    ok = {
        "read": status == 200,
        "edit-ok": status == 200 or (status == 302 and LOGIN not in where),
        "post-ok": status in (200, 302, 400) and LOGIN not in where,
        "post-any": status in (200, 302, 400, 404) and LOGIN not in where,  # an empty form may name no object
        "deny": status == 403,
        "login": status == 302 and LOGIN in where,
        "admin-login": status == 302 and "/admin/login/" in where,
        "api-deny": status == 401,
        "absent": status == 404,
    }[expected]
    return None if ok else f"expected {expected}, got {status} {where}".rstrip()


def response_text(response: Any) -> str:
    """The text a reader can see in an answer: HTML/SVG/CSV/JSON as is, a workbook's cells and strings."""
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "\n".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
    return str(content.decode("utf-8", errors="replace"))


def internal_words(text: str, lang: str = "sv") -> list[str]:
    """Labels and excerpts of the internal words found in a page's text (markup attributes included)."""
    found = []
    for label, pattern in INTERNAL_WORDS + (SWEDISH_WORDS if lang == "en" else ()):
        for hit in pattern.finditer(text):
            start = max(0, hit.start() - 40)
            found.append(f"{label}: …{text[start : hit.end() + 40]!r}…")
    return found


def _words_in(response: Any, lang: str) -> list[str]:
    """Internal words anywhere; in the API's JSON, which is not translated, Swedish words only in the
    fields written for English readers (those ending in "_en")."""
    text = response_text(response)
    found = internal_words(text)
    if lang == "en":
        if response.get("Content-Type", "").startswith("application/json"):
            text = " ".join(_english_fields(json.loads(text)))
        found += [w for w in internal_words(text, "en") if w.startswith("Swedish")]
    return found


def _english_fields(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("_en") and isinstance(value, str):
                yield value
            else:
                yield from _english_fields(value)
    elif isinstance(data, list):
        for item in data:
            yield from _english_fields(item)


def _fetch(client: Any, method: str, path: str) -> Any:
    from django.db import transaction

    if method == "GET":
        return client.get(path)
    with transaction.atomic():  # a POST in the sweep must never change the database
        response = client.post(path, {})
        transaction.set_rollback(True)
    return response


def sweep(languages: tuple[str, ...] = ("sv",), words: bool = False, on_page: Callable[[str], None] | None = None
          ) -> Outcome:  # fmt: skip
    """Request every page for every visitor in every language; the outcome lists each mismatch."""
    from django.conf import settings
    from django.test import Client
    from django.urls import resolve

    outcome = Outcome()
    requests = list(_requests())
    for lang in languages:
        for who in _visitors():
            client = Client(raise_request_exception=False)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
            if who.user is not None:
                client.force_login(who.user)
            for method, path, expect in requests:
                response = _fetch(client, method, path)
                outcome.checked += 1
                outcome.routes.add(str(resolve(path.split("?")[0]).route))
                tag = f"{lang} {who.label:<9} {method:<4} {path}"
                problem = _status_problem(expect(who), response)
                if problem:
                    outcome.problems.append(f"{tag}: {problem}")
                if words and response.status_code == 200:
                    outcome.problems += [f"{tag}: {w}" for w in _words_in(response, lang)]
                if on_page is not None:
                    on_page(tag)
    outcome.problems += [f"URL pattern never requested: {r}" for r in sorted(unvisited(outcome.routes))]
    return outcome


def all_routes() -> set[str]:
    """Every URL pattern of the site as its route string (the admin's, i18n's and auth's own left out)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    skip = ("admin/", "i18n/", "accounts/")
    out: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if route.startswith(skip):
                continue
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                out.add(route)

    walk(get_resolver().url_patterns, "")
    return out


def unvisited(visited: set[str]) -> set[str]:
    """Patterns no request matched (resolve().route is the full route, as all_routes() builds it)."""
    return all_routes() - visited


def main(argv: list[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(prog="pagesweep", description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=("sv", "en"), help="language(s) to sweep (default: sv)")
    parser.add_argument("--words", action="store_true", help="also fail on internal words in the pages")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host ("testserver") allowed, e-mail kept in memory
    outcome = sweep(tuple(args.lang or ["sv"]), words=args.words)
    for problem in outcome.problems:
        print(problem, file=sys.stderr)
    print(f"pagesweep: {outcome.checked} requests, {len(outcome.routes)} URL patterns, "
          f"{len(outcome.problems)} problem(s)")  # fmt: skip
    return 1 if outcome.problems else 0


if __name__ == "__main__":
    sys.exit(main())
