"""Production settings from the environment: `check --deploy` is clean under the documented production
variables (and not without them), static files are served by the app itself, every page carries the
Content-Security-Policy, repeated failed logins lock a user name out, errors are logged as JSON without
secrets, and re-running the demo leaves existing accounts alone."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import path

from styrkedja.web.core.audit import AuditEntry
from styrkedja.web.core.demo_users import DEMO_PASSWORD, ensure_demo_users
from styrkedja.web.core.logs import JsonFormatter
from styrkedja.web.core.roles import ensure_roles

# What the README's "Production" section tells an operator to set.
PRODUCTION = {
    "STYRKEDJA_SECRET_KEY": "k3v!x9-production-secret-that-is-long-and-random-8f2a1c7e5d",
    "STYRKEDJA_ALLOWED_HOSTS": "styrkedja.example.org",
    "STYRKEDJA_HTTPS": "1",
    "STYRKEDJA_BEHIND_PROXY": "1",
}


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("STYRKEDJA_") and k != "DJANGO_SETTINGS_MODULE"}
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING",
               "--settings", "styrkedja.web.settings"]  # fmt: skip
    return subprocess.run(command, env=base | env, capture_output=True, text=True, check=False)


def test_check_deploy_reports_nothing_under_the_production_variables():
    done = _check_deploy(PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_check_deploy_warns_for_the_local_demo_settings():
    done = _check_deploy({})
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012", "security.W016"):
        assert warning in done.stderr


def test_https_settings_are_off_for_the_local_demo(settings):
    assert not settings.SECURE_SSL_REDIRECT and not settings.SESSION_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS == 0 and settings.SECURE_PROXY_SSL_HEADER is None


def test_static_files_are_served_by_the_app_with_debug_off(client, settings):
    assert not settings.DEBUG
    response = client.get("/static/styrkedja/site.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/accounts/login/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_user_name_out(settings):
    ensure_roles()
    User.objects.create_user("chef", password="right-password-123")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/login/", {"username": "chef", "password": "wrong"}).status_code == 200
    locked = client.post("/accounts/login/", {"username": "chef", "password": "wrong"})
    assert locked.status_code == 429
    assert "Försök igen om 15 minuter" in locked.content.decode()
    # while locked out, even the right password does not log in
    again = client.post("/accounts/login/", {"username": "chef", "password": "right-password-123"})
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    # the attempt that locked the name and the refused one are both in the audit trail
    assert AuditEntry.objects.filter(action="login_locked_out", object_key="chef").count() == 2
    # another user name from the same address is not affected
    User.objects.create_user("annan", password="right-password-456")
    other = client.post("/accounts/login/", {"username": "annan", "password": "right-password-456"})
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(settings):
    User.objects.create_user("chef", password="right-password-123")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": "chef", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "chef", "password": "right-password-123"}).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/login/", {"username": "chef", "password": "wrong"}).status_code == 200


def _boom(request):
    raise RuntimeError("the database went away")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_is_logged_as_json_with_the_request_but_no_secret(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post("/boom/?token=query-secret", {"password": "body-secret"},
                               HTTP_COOKIE="sessionid=cookie-secret")  # fmt: skip
    assert response.status_code == 500
    records = [r for r in caplog.records if r.name == "django.request"]
    line = JsonFormatter().format(records[0])
    logged = json.loads(line)
    assert [logged[k] for k in ("level", "method", "path", "status_code")] == ["ERROR", "POST", "/boom/", 500]
    assert "RuntimeError: the database went away" in logged["exception"]
    for secret in ("query-secret", "body-secret", "cookie-secret"):
        assert secret not in line


def test_logging_goes_to_stderr_as_json(settings):
    handler = settings.LOGGING["handlers"]["stderr"]
    assert handler["stream"] == "ext://sys.stderr"
    assert settings.LOGGING["formatters"][handler["formatter"]]["()"].endswith("JsonFormatter")
    assert settings.LOGGING["root"]["handlers"] == ["stderr"]


@pytest.mark.django_db
def test_rerunning_the_demo_never_resets_a_password_or_a_role():
    ensure_roles()
    first = ensure_demo_users()
    assert all(created for _u, _r, created in first)
    admin = User.objects.get(username="admin")
    assert admin.check_password(DEMO_PASSWORD)
    admin.set_password("changed-by-the-region-2026")
    admin.save()
    reader = User.objects.get(username="lasare")
    reader.groups.clear()
    again = ensure_demo_users()
    assert not any(created for _u, _r, created in again)
    admin.refresh_from_db()
    assert admin.check_password("changed-by-the-region-2026") and not admin.check_password(DEMO_PASSWORD)
    assert not User.objects.get(username="lasare").groups.exists()
