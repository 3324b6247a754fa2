"""The admin writes through the same audit as the services: old and new values of every changed field,
deletions, and many-to-many links. Every ModelAdmin of the site derives from AuditedModelAdmin (a test
checks it), so an analyst's edit in the admin is as traceable as one made in the pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest

from . import audit


def _key(obj: models.Model) -> str:
    return str(getattr(obj, "key", None) or getattr(obj, "code", None) or obj.pk)


def _value(obj: models.Model, name: str) -> Any:
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(o.pk for o in getattr(obj, name).all()) if obj.pk else []
    return audit._plain(getattr(obj, name, None))


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Saves, related saves and deletions in one transaction each, with an audit entry."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        names = [n for n in form.changed_data if not obj._meta.get_field(n).many_to_many]
        old = {}
        if change and obj.pk:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            old = {n: _value(stored, n) for n in names} if stored is not None else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changes = {n: [old.get(n), _value(obj, n)] for n in names}
            if changes or not change:
                audit.record(request.user, "update" if change else "create", obj._meta.label, _key(obj), changes,
                             "admin")  # fmt: skip

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:  # type: ignore[type-arg]
        obj = form.instance
        names = [n for n in form.changed_data if obj._meta.get_field(n).many_to_many]
        old = {n: _value(obj, n) for n in names}
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            changes = {n: [old[n], _value(obj, n)] for n in names if old[n] != _value(obj, n)}
            if changes:
                audit.record(request.user, "update", obj._meta.label, _key(obj), changes, "admin")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(request.user, "delete", obj._meta.label, _key(obj), {}, "admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit.record(request.user, "delete", obj._meta.label, _key(obj), {}, "admin")
            super().delete_queryset(request, queryset)
