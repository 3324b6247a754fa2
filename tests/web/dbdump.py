"""A full dump of the project's tables, to show that a failed write changed nothing."""

from __future__ import annotations

from django.apps import apps
from django.core import serializers

APPS = ("areas", "strategies", "indicators", "projects", "followup", "core", "auth")


def dump_database() -> str:
    parts = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            parts.append(serializers.serialize("json", model._default_manager.order_by("pk")))
    return "\n".join(parts)
