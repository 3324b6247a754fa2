"""Shared test setup. Django is configured by pytest-django (settings in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session", autouse=True)
def _close_stray_sessions(django_db_setup, django_db_blocker):
    """On PostgreSQL, end sessions that server threads (live_server, browser tests) left open.

    Otherwise dropping the test database at the end fails with "is being accessed by other users".
    Runs before django_db_setup's teardown, which depends on it finishing first.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
