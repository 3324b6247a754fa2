"""The rendered main content of the overview and goal pages, cached per process (Django's cache framework).

A fragment is a pure function of what its key holds: the page, the object (goal key), the query
filters, the language, the visibility (whether the user sees unpublished strategies, public read
mode), the latest evaluation run and a *data version*. The data version is read with one query per
request (`data_version`): the highest id of

- `core.AuditEntry`: every write of the chain, of plans and reports, and every assessment goes
  through `core.audit` (`chain.chainfile`, `projects.services`/`views`, the goal page's
  assessment form) and appends an entry;
- `indicators.ImportBatch`: every import of observations creates a batch (and an audit entry);
- `admin.LogEntry`: edits in Django's admin, which bypass `core.audit`;

plus the id of the latest `followup.EvaluationRun` (its results are written in the run's
transaction and never change afterwards). All of them only grow, so a write gives new keys and old
entries are never read again (they age out of the LRU). Writes made in this process through the ORM
outside those paths (scripts, tests) bump a per-process generation (`_bump`, on post_save,
post_delete and m2m_changed of the project's models), which is part of the key too.

Nothing per user is in a fragment: the header (CSRF token, the user's name), messages and the
analyst's assessment form are rendered around it on every request.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.db import connection

from ..core.formatting import lang
from ..core.models import AuditEntry
from ..core.permissions import sees_unpublished
from ..followup.models import EvaluationRun
from ..indicators.models import ImportBatch

# A key changes with the data, so entries do not go stale. The timeout bounds one rare case: two
# audited writes in concurrent transactions that commit out of id order (the higher id first); a page
# built in between is keyed by the final version but lacks the write with the lower id, until the next
# write or this many seconds. It also frees fragments of versions nobody asks for any more.
TIMEOUT = 300

# Apps whose rows the pages show: an ORM write to any of their models in this process changes the key.
WATCHED_APPS = frozenset({"areas", "core", "indicators", "strategies", "projects", "followup"})

LOGIN_ACTIONS = ("login", "login_failed")  # audited, but they change no data

_generation = itertools.count(1)
_current = 0


def _bump(sender: Any, **kwargs: Any) -> None:
    global _current
    instance = kwargs.get("instance")
    if isinstance(instance, AuditEntry) and instance.action in LOGIN_ACTIONS:
        return  # a login changes no page
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in WATCHED_APPS:
        _current = next(_generation)


def generation() -> int:
    return _current


def data_version() -> tuple[Any, ...]:
    """(latest run id, max audit entry id, max import batch id, max admin log id): one query.
    Logins are in the audit trail but change no data, so they do not count (or every login would
    empty the page cache)."""
    run_t, audit_t = EvaluationRun._meta.db_table, AuditEntry._meta.db_table
    batch_t, log_t = ImportBatch._meta.db_table, LogEntry._meta.db_table
    sql = f"""
        SELECT (SELECT id FROM {run_t} ORDER BY started_at DESC, id DESC LIMIT 1),
               (SELECT MAX(id) FROM {audit_t} WHERE action NOT IN ('login', 'login_failed')),
               (SELECT MAX(id) FROM {batch_t}),
               (SELECT MAX(id) FROM {log_t})
    """
    with connection.cursor() as cur:
        cur.execute(sql)
        row = cur.fetchone()
    return tuple(row) if row else ()


def fragment_key(page: str, obj: str, filters: tuple[str, ...], user: Any) -> str:
    parts = (
        page,
        obj,
        filters,
        lang(),
        "all" if sees_unpublished(user) else "published",
        "public" if settings.PUBLIC_READ else "private",
        data_version(),
        generation(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"styrkedja:dashboards:{page}:{digest}"


def cached_fragment(key: str, build: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The cached fragment under `key`, else `build()` stored there (a 404 raised by build is not cached)."""
    hit = cache.get(key)
    if isinstance(hit, dict):
        return hit
    fragment = build()
    cache.set(key, fragment, TIMEOUT)
    return fragment
