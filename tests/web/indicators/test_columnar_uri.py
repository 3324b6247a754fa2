"""The Arrow reader connects with Django's connection settings (issue 18)."""

from __future__ import annotations

from styrkedja.web.indicators import columnar


def test_the_driver_uri_carries_every_connection_setting():
    base = {"NAME": "db name", "USER": "u", "PASSWORD": "p@ss", "HOST": "db.example", "PORT": 5433}
    assert columnar._uri(base) == "postgresql://u:p%40ss@db.example:5433/db%20name"
    socket = base | {"HOST": "/var/run/postgresql", "PORT": "", "OPTIONS": {"sslmode": "require"}}
    assert columnar._uri(socket) == "postgresql://u:p%40ss@/db%20name?sslmode=require&host=%2Fvar%2Frun%2Fpostgresql"
