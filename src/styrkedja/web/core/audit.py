"""Writes with an audit trail: change only what differs, record who changed what."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models

from .models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(getattr(value, "key", None) or getattr(value, "code", None) or value.pk)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def upsert(model: type[models.Model], lookup: dict[str, Any], fields: dict[str, Any], user: Any = None) -> Any:
    """Create or update one row; save and audit only when a field differs. Returns the object."""
    obj = model._default_manager.filter(**lookup).first()
    label = model._meta.label
    key = "/".join(str(_plain(v)) for v in lookup.values())
    if obj is None:
        obj = model(**lookup, **fields)
        obj.save()
        record(user, "create", label, key, {k: [None, _plain(v)] for k, v in fields.items()})
        return obj
    changes = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(obj, name, value)
    if changes:
        obj.save(update_fields=list(changes))
        record(user, "update", label, key, changes)
    return obj


def set_m2m(obj: models.Model, field: str, targets: Sequence[models.Model], user: Any = None) -> None:
    """Set a many-to-many relation exactly; audit when it changes."""
    manager = getattr(obj, field)
    old = {o.pk for o in manager.all()}
    new = {o.pk for o in targets}
    if old != new:
        manager.set(targets)
        key = str(getattr(obj, "key", obj.pk))
        record(user, "update", obj._meta.label, key, {field: [sorted(old), sorted(new)]})


def delete(obj: models.Model, user: Any = None) -> None:
    record(user, "delete", obj._meta.label, str(getattr(obj, "key", obj.pk)), {})
    obj.delete()


def record(user: Any, action: str, model: str, key: str, changes: dict[str, Any], summary: str = "") -> None:
    AuditEntry.objects.create(
        user=user if (user is not None and getattr(user, "pk", None)) else None,
        action=action,
        model=model,
        object_key=key[:200],
        changes=changes,
        summary=summary[:300],
    )
