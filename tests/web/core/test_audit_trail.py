"""The audit trail is complete and append-only: admin edits record old and new values, deletions and
links; nobody can delete an audit row through the app; logins and failed logins are recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import User

from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.auditadmin import AuditedModelAdmin
from styrkedja.web.core.models import AuditEntry
from styrkedja.web.core.roles import ensure_roles
from styrkedja.web.indicators.models import Indicator

MINIMAL = Path(__file__).parent.parent.parent / "fixtures" / "strategy" / "minimal.yaml"


@pytest.fixture
def boss(db):
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    return User.objects.create_superuser("chef", password="pw-for-tests-123")


def test_every_admin_of_the_site_writes_through_the_audit():
    plain = [type(m).__name__ for model, m in admin.site._registry.items()
             if model._meta.app_label not in ("auth",) and not isinstance(m, AuditedModelAdmin)
             and model is not AuditEntry]  # fmt: skip
    assert plain == []


def test_an_admin_edit_records_old_and_new_values(client, boss):
    client.force_login(boss)
    ind = Indicator.objects.get(key="pop")
    url = f"/admin/indicators/indicator/{ind.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, list)}
    data.update({"name": "Folkmängd 31 december", "_save": "Spara"})
    data = {k: v for k, v in data.items() if k in form.fields or k == "_save"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.filter(model="indicators.Indicator", object_key="pop").latest("at")
    assert entry.user == boss and entry.action == "update"
    assert entry.changes["name"] == ["Folkmängd", "Folkmängd 31 december"]


def test_audit_rows_cannot_be_deleted_even_by_a_superuser(client, boss):
    client.force_login(boss)
    entry = AuditEntry.objects.first()
    assert entry is not None
    count = AuditEntry.objects.count()
    assert client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post("/admin/core/auditentry/", {"action": "delete_selected", "_selected_action": [entry.pk]})
    assert response.status_code in (200, 302, 403)
    assert AuditEntry.objects.count() >= count and AuditEntry.objects.filter(pk=entry.pk).exists()


def test_logins_and_failed_logins_are_recorded(client, boss):
    client.post("/accounts/login/", {"username": "chef", "password": "wrong"})
    client.post("/accounts/login/", {"username": "chef", "password": "pw-for-tests-123"})
    actions = list(
        AuditEntry.objects.filter(model="auth.User", object_key="chef").order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["login_failed", "login"]
    assert "wrong" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))
