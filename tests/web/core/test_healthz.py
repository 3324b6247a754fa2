"""The health check: a tiny response without the database, for load balancers and the web benchmark."""

from __future__ import annotations


def test_healthz_answers_ok_without_login_or_database(client, settings):
    # No django_db mark: any query would raise "Database access not allowed".
    settings.PUBLIC_READ = False  # no login needed, whatever the read mode
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_head(client):
    assert client.head("/healthz").status_code == 200
