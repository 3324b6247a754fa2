"""Permission matrix over every view of the projects module, with a fixed cast.

Owners edit only their own initiative (A belongs to owner_a, B to owner_b); analysts edit all and
review; readers read; anonymous visitors are sent to log in. A refused request changes nothing.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from styrkedja.web.projects import services as sv
from styrkedja.web.projects.models import Initiative
from tests.web.dbdump import dump_database
from tests.web.projects.plans import sound_plan

ROLES = ("owner_a", "owner_b", "analyst", "reader", "anonymous")
LOGIN = "login"  # anonymous: redirected to the login page

OK, MOVED = 200, 302
READ_ALL = {"owner_a": OK, "owner_b": OK, "analyst": OK, "reader": OK, "anonymous": LOGIN}
EDIT_A = {"owner_a": OK, "owner_b": 403, "analyst": OK, "reader": 403, "anonymous": LOGIN}
WRITE_A = {"owner_a": MOVED, "owner_b": 403, "analyst": MOVED, "reader": 403, "anonymous": LOGIN}
REVIEW = {"owner_a": 403, "owner_b": 403, "analyst": MOVED, "reader": 403, "anonymous": LOGIN}
CREATE = {"owner_a": OK, "owner_b": OK, "analyst": OK, "reader": 403, "anonymous": LOGIN}

PLAN_FORM = {"i-name": "Ett projekt", "i-kind": "project", "i-start_date": "2019-01-01", "i-end_date": "2021-12-31",
             "action": "save"}  # fmt: skip

# (name, method, url, data, expected per role). {report} is a draft report of A, {submitted} a submitted one.
MATRIX = [
    ("list", "get", "/projekt/", None, READ_ALL),
    ("new form", "get", "/projekt/ny/", None, CREATE),
    ("new create", "post", "/projekt/ny/", {"name": "Nytt", "kind": "project", "area": "07"},
     {**CREATE, "owner_a": MOVED, "owner_b": MOVED, "analyst": MOVED}),
    ("detail", "get", "/projekt/proj/", None, READ_ALL),
    ("history", "get", "/projekt/proj/historik/", None, READ_ALL),
    ("plan form", "get", "/projekt/proj/plan/", None, EDIT_A),
    ("plan form of B", "get", "/projekt/proj-b/plan/", None,
     {"owner_a": 403, "owner_b": OK, "analyst": OK, "reader": 403, "anonymous": LOGIN}),
    ("plan save", "post", "/projekt/proj/plan/", PLAN_FORM, WRITE_A),
    ("plan add row (htmx)", "post", "/projekt/proj/plan/", {**PLAN_FORM, "action": "add-main"}, EDIT_A),
    ("plan check", "post", "/projekt/proj/plan/kontroll/", PLAN_FORM, EDIT_A),
    ("plan check by GET", "get", "/projekt/proj/plan/kontroll/", None, dict.fromkeys(ROLES, 405)),
    ("plan submit", "post", "/projekt/proj/plan/skicka/", {}, WRITE_A),
    ("plan review", "post", "/projekt/proj/plan/granska/", {"decision": "approve"}, REVIEW),
    ("plan download", "get", "/projekt/proj/plan.xlsx", None, READ_ALL),
    ("plan upload form", "get", "/projekt/proj/plan/ladda-upp/", None, EDIT_A),
    ("plan upload", "post", "/projekt/proj/plan/ladda-upp/", {}, {**EDIT_A, "owner_a": 400, "analyst": 400}),
    ("report", "get", "/projekt/proj/rapport/{report}/", None, READ_ALL),
    ("report of A under B", "get", "/projekt/proj-b/rapport/{report}/", None, {**READ_ALL, **dict.fromkeys(ROLES[:4],
                                                                                                          404)}),
    ("report save", "post", "/projekt/proj/rapport/{report}/", {"participants": "3", "action": "save"}, WRITE_A),
    ("report submit", "post", "/projekt/proj/rapport/{report}/skicka/", {}, WRITE_A),
    ("report review", "post", "/projekt/proj/rapport/{submitted}/granska/", {"decision": "approve"}, REVIEW),
    ("portfolio", "get", "/projekt/portfolj/", None, READ_ALL),
    ("portfolio goal", "get", "/projekt/portfolj/g-sub/", None, READ_ALL),
    ("due list", "get", "/projekt/bevakning/", None, READ_ALL),
]  # fmt: skip
CASES = [(name, method, url, data, role, expected[role]) for name, method, url, data, expected in MATRIX
         for role in ROLES]  # fmt: skip


@pytest.fixture
def setup(cast):
    a = Initiative.objects.get(key="proj")
    sv.save_plan(a, sound_plan(), cast["owner_a"])
    report = a.reports.get(kind="progress", period="2019")
    submitted = a.reports.get(kind="final")
    sv.save_report(submitted, 5, "Klart.", [], cast["owner_a"])
    sv.submit_report(submitted, cast["owner_a"])
    return {"report": report.pk, "submitted": submitted.pk}


@pytest.mark.parametrize(("name", "method", "url", "data", "role", "expected"), CASES,
                         ids=[f"{c[0]}-{c[4]}" for c in CASES])  # fmt: skip
def test_permission_matrix(client, cast, setup, name, method, url, data, role, expected):
    if cast[role] is not None:
        client.force_login(cast[role])
    url = url.format(**setup)
    refused = expected in (LOGIN, 403, 404, 405)
    before = dump_database() if refused else ""
    response = getattr(client, method)(url, data or {})
    if expected == LOGIN:
        assert response.status_code == 302, (name, role)
        assert response["Location"].startswith("/accounts/login/"), (name, role)
    else:
        assert response.status_code == expected, (name, role, response.status_code)
    if refused:
        assert dump_database() == before, (name, role)


def test_a_user_without_a_role_reads_nothing(client, setup):
    client.force_login(User.objects.create_user("utan-roll", password="pw-for-tests"))
    for url in ("/projekt/", "/projekt/proj/", "/projekt/portfolj/", "/projekt/bevakning/", "/projekt/proj/plan.xlsx"):
        assert client.get(url).status_code == 403, url


def test_a_new_initiative_belongs_to_the_owner_who_created_it(client, cast, chain):
    client.force_login(cast["owner_b"])
    response = client.post("/projekt/ny/", {"name": "Cykelturism i Tingsryd", "kind": "project", "area": "07"})
    initiative = Initiative.objects.get(name="Cykelturism i Tingsryd")
    assert response["Location"] == f"/projekt/{initiative.key}/plan/"
    assert list(initiative.owners.all()) == [cast["owner_b"]]
    client.force_login(cast["owner_a"])
    assert client.get(f"/projekt/{initiative.key}/plan/").status_code == 403
