"""Profile one `import-data` run in-process: `DATABASE_URL=... python bench/import/profile_import.py FILE [N]`.

Prints the top N functions by cumulative and internal time (cProfile). Used while tuning; see README.md.
"""

from __future__ import annotations

import contextlib
import cProfile
import os
import pstats
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
import django

django.setup()
from django.core.management import call_command  # noqa: E402

top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
prof = cProfile.Profile()
prof.enable()
with contextlib.suppress(SystemExit):
    call_command("import_data", sys.argv[1])
prof.disable()
stats = pstats.Stats(prof).strip_dirs()
stats.sort_stats("cumulative").print_stats(top)
stats.sort_stats("tottime").print_stats(top)
