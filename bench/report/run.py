"""Report benchmark: the demo's yearly report in every format, next to rendering the same goal pages as
HTML, in the same process and run, every cache cleared before each measurement (cold, as a first click).

    make demo-data                                  # the demo database (var/styrkedja.sqlite3)
    .venv/bin/python bench/report/run.py            # 3 repetitions, median printed
    .venv/bin/python bench/report/run.py --repeat 1 --json out.json

Prints per format the seconds from the database to the finished document, the seconds to render the
report's goal pages (Django's test client, fragment and chart caches cleared), the ratio PDF / HTML, and
the load average and CPU count (the machine is shared: read the figures against the load).
Aim (issue 12): the demo PDF under 10 s on 2 cores, at most 3x the HTML pages' time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
FORMATS = ("pdf", "docx", "pptx", "xlsx")


def cold() -> None:
    """Forget every cached chart and page fragment (memory and disk caches alike)."""
    from django.core.cache import cache

    from styrkedja.reports import charts
    from styrkedja.reports.render import images
    from styrkedja.web.dashboards import queries as q

    charts.set_cache_dir(None)
    charts.clear_cache()
    q._CHARTS.clear()
    images._PNG.clear()
    cache.clear()


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        cold()
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    from styrkedja.reports import assemble as a
    from styrkedja.web.dashboards.reportdata import report_input
    from styrkedja.web.dashboards.reportfile import make_report

    setup_test_environment()
    year = 2026
    report = a.assemble_report(report_input(year))
    keys = [g.goal.key for g in report.goals]
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench-report", "", "x")
    client = Client()
    client.force_login(user)

    def pages() -> None:
        for key in keys:
            response = client.get(f"/mal/{key}/")
            assert response.status_code == 200, key

    results = {"html_pages": timed(pages, args.repeat)}
    for fmt in FORMATS:
        results[fmt] = timed(lambda fmt=fmt: make_report(year, fmt), args.repeat)
    load = os.getloadavg()
    html = statistics.median(results["html_pages"])
    print(f"demo report {year}: {len(keys)} goals, {sum(g.chart is not None for g in report.goals)} charts; "
          f"cpus={os.cpu_count()} load average={load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")  # fmt: skip
    print(f"{'what':<12} {'median s':>9} {'runs':>30} {'x html':>8}")
    for name, runs in results.items():
        med = statistics.median(runs)
        print(f"{name:<12} {med:>9.2f} {' '.join(f'{r:.2f}' for r in runs):>30} {med / html:>8.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"load": load, "results": results}, indent=2))


if __name__ == "__main__":
    main()
