"""schemathesis generates requests from the API's own OpenAPI description and checks every answer
against it: no server error, only documented status codes, bodies and content types as described.

No network: the requests go to the Django WSGI application in this process, on the test database.
A bounded number of examples per operation keeps the run short.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings

from styrkedja.web.api.api import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()
EXAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: a request must not close the connection holding the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.mark.django_db
@schema.parametrize()
@EXAMPLES
def test_every_answer_to_a_reader_matches_the_description(case, reader):
    case.call_and_validate(headers={"Cookie": _session_cookie(reader)})


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_answer_to_an_anonymous_visitor_matches_the_description(case, world):
    response = case.call_and_validate()
    # a GET is refused for want of a role; other methods (schemathesis tries them too) are not routed at all
    assert response.status_code == (401 if case.method.upper() == "GET" else 405)


def test_the_description_documents_the_error_answers():
    document = api.get_openapi_schema()
    for path, operations in document["paths"].items():
        for operation in operations.values():
            codes = set(operation["responses"])
            assert {200, 401} <= codes, path
            assert (404 in codes) == ("{" in path or path.endswith("/influence-index")), path
            names = {p["name"] for p in operation.get("parameters", [])}
            assert (422 in codes) == bool(names), path
            if path.endswith(("/areas", "/indicators", "/observations", "/goals", "/targets", "/rounds")):
                assert {"page", "page_size"} <= names, path
