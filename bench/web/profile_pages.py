"""Profile the benchmarked pages in-process: queries per page, their time, and the page time.

    DATABASE_URL=postgres://styrkedja:styrkedja@127.0.0.1:5432/styrkedja_web \\
        .venv/bin/python bench/web/profile_pages.py [--repeat 3] [--top 5] [--cprofile]

Renders /oversikt/ and a few goal pages with Django's test client (public read mode), counting
queries with CaptureQueriesContext; prints per page the wall time (best of --repeat), the number
of queries and the slowest ones. --cprofile adds the top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
os.environ["STYRKEDJA_PUBLIC_READ"] = "1"
os.environ.setdefault("STYRKEDJA_ALLOWED_HOSTS", "testserver,127.0.0.1")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--top", type=int, default=5)
    p.add_argument("--goals", type=int, default=3)
    p.add_argument("--cprofile", action="store_true")
    p.add_argument(
        "--baseline",
        action="store_true",
        help="approximate the pages before the fixes: no chart memo, the whole chain loaded per request",
    )
    args = p.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if args.baseline:
        from styrkedja.web.dashboards import queries as q

        q.chart = lambda builder, *a, **k: builder(*a, **k)  # type: ignore[assignment]
        q.load_graph_below = lambda goal_ids: q.load_graph()  # type: ignore[assignment]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import pick_urls

    urls = ["/healthz", *pick_urls(os.environ["DATABASE_URL"], args.goals)]
    client = Client()
    for url in urls:
        best = float("inf")
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                r = client.get(url)
                best = min(best, time.perf_counter() - t0)
        qs = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))
        total = sum(float(q["time"]) for q in qs)
        print(f"{url}: HTTP {r.status_code}, {len(r.content) / 1024:.0f} KiB, best {best * 1000:.0f} ms, "
              f"{len(qs)} queries, {total * 1000:.0f} ms in SQL")  # fmt: skip
        for q in qs[: args.top]:
            print(f"   {float(q['time']) * 1000:7.1f} ms  {q['sql'][:220]}")
        if args.cprofile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            client.get(url)
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
