"""Permission matrix over every view and API endpoint of the yearly cycle.

Analysts write (rounds, assessments, actions, knowledge needs, lessons) and see open rounds and drafts;
readers and project owners see published rounds and published assessments; anonymous visitors are sent to
log in (the API answers 401), and in public mode see published rounds of published strategies. Every
refused request leaves the database unchanged.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from styrkedja.web.followup.models import EvaluationRun
from styrkedja.web.rounds import services
from styrkedja.web.strategies.models import Strategy

from ..dbdump import dump_database

ROLES = ("analyst", "reader", "owner", "anonymous")
LOGIN = "login"
OK, MOVED = 200, 302
READ_ALL = {"analyst": OK, "reader": OK, "owner": OK, "anonymous": LOGIN}
ANALYST_READ = {"analyst": OK, "reader": 404, "owner": 404, "anonymous": LOGIN}
ANALYST_FORM = {"analyst": OK, "reader": 403, "owner": 403, "anonymous": LOGIN}
WRITE = {"analyst": MOVED, "reader": 403, "owner": 403, "anonymous": LOGIN}
API_ALL = {"analyst": OK, "reader": OK, "owner": OK, "anonymous": 401}
API_ANALYST = {"analyst": OK, "reader": 404, "owner": 404, "anonymous": 401}

MATRIX = [
    ("list", "get", "/omgangar/", None, READ_ALL),
    ("per owner", "get", "/omgangar/ansvariga/", None, READ_ALL),
    ("published round", "get", "/omgangar/rus-2024/", None, READ_ALL),
    ("open round", "get", "/omgangar/rus-2025/", None, ANALYST_READ),
    ("agenda of a published round", "get", "/omgangar/rus-2024/forum.docx", None, READ_ALL),
    ("agenda of an open round", "get", "/omgangar/rus-2025/forum.docx", None, ANALYST_READ),
    ("assessment form", "get", "/omgangar/rus-2025/mal/g-emp/", None, ANALYST_FORM),
    ("assessment save", "post", "/omgangar/rus-2025/mal/g-emp/", {"text": "Ny bedömning."}, WRITE),
    ("correction", "post", "/omgangar/rus-2024/mal/g-pop/", {"text": "Rättelse."}, WRITE),
    ("new round", "post", "/omgangar/ny/", {"strategy": "rus", "year": "2026"}, WRITE),
    ("freeze", "post", "/omgangar/rus-2025/frys/", {"run": "{run}"}, WRITE),
    ("publish", "post", "/omgangar/rus-2025/publicera/", {}, WRITE),
    ("action", "post", "/omgangar/rus-2025/atgard/", {"title": "Ny åtgärd", "goals": "g-emp"}, WRITE),
    ("knowledge need", "post", "/omgangar/rus-2025/kunskapsbehov/", {"question": "Varför?", "kind": "prestudy"}, WRITE),
    ("lesson", "post", "/omgangar/rus-2025/lardom/", {"part": "followup", "text": "Lärdom."}, WRITE),
    ("publish by GET", "get", "/omgangar/rus-2025/publicera/", None, dict.fromkeys(ROLES, 405)),
    ("api rounds", "get", "/api/rounds", None, API_ALL),
    ("api published round", "get", "/api/rounds/rus-2024", None, API_ALL),
    ("api open round", "get", "/api/rounds/rus-2025", None, API_ANALYST),
    ("api assessments", "get", "/api/assessments", None, API_ALL),
    ("api actions", "get", "/api/actions", None, API_ALL),
    ("api knowledge needs", "get", "/api/knowledge-needs", None, API_ALL),
]  # fmt: skip
CASES = [(n, m, u, d, role, exp[role]) for n, m, u, d, exp in MATRIX for role in ROLES]


@pytest.fixture
def setup(rounds):
    cache.clear()
    return {"run": str(EvaluationRun.objects.order_by("-id").first().pk)}


@pytest.mark.parametrize(("name", "method", "url", "data", "role", "expected"), CASES,
                         ids=[f"{c[0]}-{c[4]}" for c in CASES])  # fmt: skip
def test_permission_matrix(client, cast, setup, name, method, url, data, role, expected):
    if cast[role] is not None:
        client.force_login(cast[role])
    data = {k: v.format(**setup) for k, v in (data or {}).items()}
    refused = expected in (LOGIN, 401, 403, 404, 405)
    before = dump_database() if refused else ""
    response = getattr(client, method)(url, data)
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), (name, role)
    else:
        assert response.status_code == expected, (name, role, response.status_code)
    if refused:
        assert dump_database() == before, (name, role)


def test_a_user_without_a_role_reads_nothing(client, rounds):
    client.force_login(User.objects.create_user("utan-roll", password="pw-for-tests"))
    for url in ("/omgangar/", "/omgangar/rus-2024/", "/omgangar/rus-2024/forum.docx", "/omgangar/ansvariga/"):
        assert client.get(url).status_code == 403, url
    assert client.get("/api/rounds").status_code == 401


def test_the_public_sees_published_rounds_of_published_strategies(client, settings, rounds, cast):
    settings.PUBLIC_READ = True
    sub = Strategy.objects.get(key="sub")  # not published
    r = services.create_round(sub, 2024, cast["analyst"])
    services.freeze_round(r, rounds[0].run, cast["analyst"])
    services.publish_round(r, cast["analyst"])
    assert client.get("/omgangar/rus-2024/").status_code == 200
    assert client.get("/omgangar/rus-2025/").status_code == 404  # open
    assert client.get("/omgangar/sub-2024/").status_code == 404  # its strategy is not published
    assert [x["key"] for x in client.get("/api/rounds").json()["items"]] == ["rus-2024"]
    client.force_login(cast["reader"])
    assert client.get("/omgangar/sub-2024/").status_code == 200


def test_readers_see_published_assessments_only(client, rounds, cast):
    cache.clear()
    for role in ("reader", "analyst"):
        client.force_login(cast[role])
        page = client.get("/mal/g-pop/").content.decode()
        assert "Publicerad bedömning." in page and "Publicerad åtgärd" in page and "Publicerad fråga?" in page
        emp = client.get("/mal/g-emp/").content.decode()
        assert "Utkast till bedömning." not in emp and "Utkast till åtgärd" not in emp  # the page is shared
    api = client.get("/api/assessments").json()["items"]
    assert {a["state"] for a in api} == {"published", "draft"}  # the analyst sees drafts in the API
    client.force_login(cast["reader"])
    api = client.get("/api/assessments").json()["items"]
    assert [(a["goal"], a["state"]) for a in api] == [("g-pop", "published")]
    assert [a["title"] for a in client.get("/api/actions").json()["items"]] == ["Publicerad åtgärd"]
