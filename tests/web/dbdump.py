"""A full dump of the project's tables, to show that a failed write changed nothing.

Rows are read with `values_list` (every column, including the many-to-many tables) rather than
through the serializers: the same content, compared many times per test run, at a fraction of the cost.
"""

from __future__ import annotations

from django.apps import apps

APPS = ("areas", "strategies", "indicators", "projects", "followup", "influence", "contribution", "core", "auth")


def dump_database() -> str:
    parts = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            rows = list(model._default_manager.order_by("pk").values_list())
            parts.append(f"{model._meta.label}: {rows!r}")
    return "\n".join(parts)
