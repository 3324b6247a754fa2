"""The first page: the chain as a tree, behind a login; Swedish by default, English on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import READER, ensure_roles

MINIMAL = Path(__file__).parents[2] / "fixtures" / "strategy" / "minimal.yaml"


@pytest.fixture
def chain(db):
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))


@pytest.fixture
def reader(db):
    user = User.objects.create_user("lasare", password="pw-for-tests")
    user.groups.add(Group.objects.get_or_create(name=READER)[0])
    return user


def test_tree_needs_login(client, chain):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_tree_shows_every_level_with_indicators_and_targets(client, chain, reader):
    client.force_login(reader)
    html = client.get("/").content.decode()
    for text in ("Regional utvecklingsstrategi", "Delstrategi", "Ett projekt", "Workshop",
                 "Befolkningen ska växa", "Folkmängd", "30 % av deltagarna ska starta företag"):  # fmt: skip
        assert text in html, text
    assert 'href="#goal-g-emp"' in html  # the sub-strategy goal links up to the RUS goal


def test_tree_is_swedish_by_default_and_english_on_request(client, chain, reader):
    client.force_login(reader)
    assert 'lang="sv"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "The chain of governance" in html


def test_tree_query_count_does_not_grow_with_the_chain(client, chain, reader, tmp_path):
    client.force_login(reader)
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    bigger = MINIMAL.read_text(encoding="utf-8").replace("initiatives:\n", "initiatives:\n" + "".join(
        f"  - {{id: extra{i}, name: Extra {i}, kind: grant, area: '07', strategy: sub}}\n" for i in range(5)
    ))  # fmt: skip
    path = tmp_path / "bigger.yaml"
    path.write_text(bigger, encoding="utf-8")
    load_document(read_strategy_file(path))
    with CaptureQueriesContext(connection) as large:
        client.get("/")
    assert len(large) == len(small)


def test_published_strategy_is_public_in_public_mode(client, chain, settings):
    settings.PUBLIC_READ = True
    html = client.get("/").content.decode()
    assert "Regional utvecklingsstrategi" in html
    assert "Delstrategi" not in html  # not published


def test_english_browser_still_gets_swedish_until_the_user_switches(client, chain, reader):
    client.force_login(reader)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert 'lang="sv"' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()


def test_swedish_interface_text(client, chain, reader):
    client.force_login(reader)
    html = client.get("/").content.decode()
    assert "Logga ut" in html  # translated from the msgid "Log out"


def test_signed_in_user_without_a_role_may_not_read_the_tree(client, chain):
    client.force_login(User.objects.create_user("utan-roll", password="pw-for-tests"))
    assert client.get("/").status_code == 403
