"""The comparison page warm, next to its baseline in the same run (issue 11: "under 0.5 s warm").

Baseline: the same view with every chart built on each request (as before: Altair objects and their
Vega-Lite validation each time; the SVG render cache is warm in both). New: charts from the
per-process chart cache (`dashboards.queries.chart`). Runs on the demo database (`make demo-data`),
in-process with Django's test client, public reading on; prints the median of N warm requests each.

    .venv/bin/python bench/comparison/run.py [--n 15] [--url /jamforelse/?indikator=befolkning]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
os.environ["STYRKEDJA_PUBLIC_READ"] = "1"

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from styrkedja.web.dashboards import queries  # noqa: E402


def timed(client: Client, url: str, n: int) -> float:
    assert client.get(url).status_code == 200  # warm: SVGs rendered, caches filled
    times = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=15)
    parser.add_argument("--url", default="/jamforelse/?indikator=befolkning&mal=rus-mal-befolkning")
    args = parser.parse_args()
    setup_test_environment()
    client = Client()
    new = timed(client, args.url, args.n)
    cached = queries.chart
    queries.chart = lambda builder, *a, **k: builder(*a, **k)  # type: ignore[assignment]
    try:
        baseline = timed(client, args.url, args.n)
    finally:
        queries.chart = cached
    print(
        f"{args.url}: warm median of {args.n}: baseline {baseline:.3f} s, new {new:.3f} s, ratio {baseline / new:.1f}x"
    )


if __name__ == "__main__":
    main()
