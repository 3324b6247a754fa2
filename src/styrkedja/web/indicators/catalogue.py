"""Writes to the indicator catalogue outside the strategy file: indicators made for imported series."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from ..core import audit
from .models import Indicator

FILE_NOTE = "Skapad vid import av en fil"


@transaction.atomic
def indicators_for_series(
    series: Iterable[str],
    user: Any = None,
    labels: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """{series: indicator key}: one indicator per series, reused when an earlier file made it, else
    created with an audit entry, named and with the unit as the file gives them (`labels`, `units`;
    else the series code). The key is the series code made URL-safe (hashed when too long); the code
    itself is kept in `source_spec` so a later file finds the indicator again."""
    labels, units = labels or {}, units or {}
    created: dict[str, str] = {}
    for name in sorted(set(series)):
        existing = (Indicator.objects.filter(source_kind="file", source_spec__series=name).first()
                    or Indicator.objects.filter(name=name[:300], source_kind="file").first())  # fmt: skip
        if existing is not None:  # the same series, created by an earlier file
            created[name] = existing.key
            continue
        key = slugify(name.replace("|", "-").replace("=", "-")) or "serie"
        if len(key) > 80 or Indicator.objects.filter(key=key).exists():
            key = f"{key[:60]}-{hashlib.sha256(name.encode()).hexdigest()[:12]}"
        fields = {"name": (labels.get(name) or name)[:300], "unit": units.get(name, "")[:100], "source_kind": "file",
                  "source_spec": {"series": name}, "source_note": FILE_NOTE}  # fmt: skip
        audit.upsert(Indicator, {"key": key}, fields, user)
        created[name] = key
    return created
