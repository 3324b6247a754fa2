"""`styrkedja createuser` (a user with a role outside the demo) and the server's address options."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from styrkedja.web.core.management.commands import serve
from styrkedja.web.core.models import AuditEntry
from styrkedja.web.core.roles import has_role
from tests.web.dbdump import dump_database

PASSWORD = "ett långt lösenord 2026"


def createuser(monkeypatch, *args: str, password: str = PASSWORD) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))  # not a terminal: one line is the password
    out, err = StringIO(), StringIO()
    try:
        call_command("createuser", *args, stdout=out, stderr=err)
        return 0, out.getvalue(), err.getvalue()
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_createuser_makes_a_user_with_the_role_who_can_log_in(monkeypatch):
    code, out, err = createuser(monkeypatch, "eva", "--role", "analyst", "--name", "Eva Ek", "--email", "eva@x.se")
    assert code == 0, err
    assert "Created eva with the role analyst" in out
    user = authenticate(RequestFactory().post("/accounts/login/"), username="eva", password=PASSWORD)
    assert user is not None and has_role(user, "analyst") and not has_role(user, "administrator")
    assert (user.first_name, user.last_name, user.email, user.is_staff) == ("Eva", "Ek", "eva@x.se", True)
    assert AuditEntry.objects.filter(model="auth.User", object_key="eva", action="create").exists()


@pytest.mark.django_db
def test_createuser_changes_the_role_and_keeps_the_password(monkeypatch):
    createuser(monkeypatch, "eva", "--role", "reader")
    code, out, _ = createuser(monkeypatch, "eva", "--role", "project_owner", password="")
    assert code == 0 and "Updated eva" in out
    user = User.objects.get(username="eva")
    assert list(user.groups.values_list("name", flat=True)) == ["project_owner"]
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["nils", "--role", "analyst"], "", "needs a password"),
        (["nils", "--role", "analyst"], "123", "too weak"),
    ],
)
def test_createuser_refuses_and_changes_nothing(monkeypatch, args, password, message):
    call_command("init", stdout=StringIO())
    before = dump_database()
    code, _, err = createuser(monkeypatch, *args, password=password)
    assert code == 1 and message in err and "Nothing was changed" in err
    assert dump_database() == before


def test_createuser_refuses_an_unknown_role_listing_the_roles():
    with pytest.raises(CommandError, match=r"invalid choice: 'boss' .*'analyst', 'project_owner', 'reader'"):
        call_command("createuser", "nils", "--role", "boss", stderr=StringIO())


@pytest.mark.parametrize(
    ("argv", "address"),
    [
        ([], "127.0.0.1:8000"),
        (["0.0.0.0:8080"], "0.0.0.0:8080"),
        (["--port", "8101"], "127.0.0.1:8101"),
        (["--host", "0.0.0.0", "--port", "8080"], "0.0.0.0:8080"),
    ],
)
def test_serve_takes_an_address_or_port_and_host(argv, address):
    parser = serve.Command().create_parser("styrkedja", "serve")
    options = vars(parser.parse_args(argv))
    assert serve.address_from(options, StringIO()) == address


def test_serve_refuses_both_forms():
    parser = serve.Command().create_parser("styrkedja", "serve")
    with pytest.raises(SystemExit):
        serve.address_from(vars(parser.parse_args(["0.0.0.0:8080", "--port", "1"])), StringIO())
