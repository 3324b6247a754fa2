"""The history page in words: audit entries with translated actions, object types, fields and values.

The audit log stores raw codes (``update``, ``projects.Report``, ``kind: expost5``) so that it stays
exact; readers see the models' own names and the choices' labels instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from styrkedja.analytics.text import unit_en

ACTIONS = {
    "create": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("deleted"),
    "save": gettext_lazy("saved"),
    "submit": gettext_lazy("submitted"),
    "approve": gettext_lazy("approved"),
    "return": gettext_lazy("returned for changes"),
    "remind": gettext_lazy("reminder sent"),
    "import": gettext_lazy("imported"),
    "load": gettext_lazy("loaded"),
}


@dataclass(frozen=True)
class Row:
    at: Any
    user: Any
    action: str
    what: str
    summary: str
    changes: list[tuple[str, str, str]]  # (field label, old, new); old "–" when there was none


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(field: Any, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | dict):
        return ", ".join(_value(field, v) for v in value)
    choices = dict(field.flatchoices) if field is not None and getattr(field, "choices", None) else {}
    return str(choices.get(value, value))


def rows(entries: Any) -> list[Row]:
    out = []
    for e in entries:
        model = _model(e.model)
        name = str(model._meta.verbose_name) if model is not None else e.model
        changes = []
        for key, change in (e.changes or {}).items():
            # Field changes are [old, new]; other entries (an import's counts) are one value.
            old, new = change if isinstance(change, list) and len(change) == 2 else (None, change)
            field = _field(model, key)
            label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else key
            if key == "unit" and (get_language() or "").startswith("en"):  # units are written in Swedish
                old, new = unit_en(str(old or "")), unit_en(str(new or ""))
            changes.append((label, _value(field, old), _value(field, new)))
        out.append(Row(e.at, e.user, str(ACTIONS.get(e.action, e.action)), f"{name.capitalize()} {e.object_key}",
                       e.summary, changes))  # fmt: skip
    return out
