"""Writes to the indicator catalogue outside the strategy file: indicators made for imported series."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from ..core import audit
from .models import Indicator

FILE_NOTE = "Skapad vid import av en fil"


@transaction.atomic
def indicators_for_series(series: Iterable[str], user: Any = None) -> dict[str, str]:
    """{series: indicator key}: one indicator per series, reused when an earlier file made it, else
    created with an audit entry. The key is the series code made URL-safe (hashed when too long)."""
    created: dict[str, str] = {}
    for name in sorted(set(series)):
        existing = Indicator.objects.filter(name=name[:300], source_kind="file").first()
        if existing is not None:  # the same series, created by an earlier file
            created[name] = existing.key
            continue
        key = slugify(name.replace("|", "-").replace("=", "-")) or "serie"
        if len(key) > 80 or Indicator.objects.filter(key=key).exists():
            key = f"{key[:60]}-{hashlib.sha256(name.encode()).hexdigest()[:12]}"
        fields = {"name": name[:300], "source_kind": "file", "source_note": FILE_NOTE}
        audit.upsert(Indicator, {"key": key}, fields, user)
        created[name] = key
    return created
