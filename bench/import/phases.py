"""Time the phases of one import in-process: `DATABASE_URL=... python bench/import/phases.py FILE`.

Prints the peak memory so far after each phase; SQLITE_CACHE_KIB=N tries another SQLite page cache.

Wraps the importer's steps with wall-clock timers (no profiler overhead); used while tuning.
"""

from __future__ import annotations

import contextlib
import functools
import os
import resource
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
import django

django.setup()
from django.core.management import call_command  # noqa: E402

from styrkedja.web.indicators import services, staging  # noqa: E402

PHASES = ("_stage", "_write_sqlite", "_check_duplicates", "_merge")
STAGING = ("stage_file", "suspend_foreign_keys", "restore_foreign_keys")
for module, name in [(services, n) for n in PHASES] + [(staging, n) for n in STAGING]:
    original = getattr(module, name)

    def timed(*args: Any, _f: Any = original, _n: str = name, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return _f(*args, **kwargs)
        finally:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{_n:24} {time.perf_counter() - start:8.2f} s  (peak so far {peak:,.0f} MiB)", file=sys.stderr)

    setattr(module, name, functools.wraps(original)(timed))

if os.environ.get("SQLITE_CACHE_KIB"):  # try another page cache size
    services.SQLITE_CACHE_KIB = int(os.environ["SQLITE_CACHE_KIB"])
start = time.perf_counter()
with contextlib.suppress(SystemExit):
    call_command("import_data", sys.argv[1])
print(f"{'import_data (in-process)':24} {time.perf_counter() - start:8.2f} s", file=sys.stderr)
