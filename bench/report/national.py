"""The national-scale report benchmark: one strategy with the evaluation benchmark's 40 targets, measured
against every county (or municipality) on national data, as a PDF next to rendering the same 40 goal pages
as HTML in the same run and process, every cache cleared before each measurement.

    .venv/bin/python bench/evaluate/generate.py --scale full   # once: the national data (bench/out/)
    .venv/bin/python bench/report/national.py                  # builds bench/out/report_national.sqlite3
    .venv/bin/python bench/report/national.py --profile 25     # and the PDF's 25 costliest functions

The strategy is the first county's 40 targets from `bench/out/targets_full.json` (`--area` picks another
county or a municipality). Its database holds Riket, the 21 counties and 290 municipalities with every
observation (three breakdowns, 2000-2024) of the indicators those targets use, the strategy as a strategy
file, and one real `evaluate` run (forecasts, peers, ranks). Built once and reused (`--rebuild`).
Prints the load average and CPU count: the machine is shared, compare ratios rather than seconds.
Aim (issue 12): the PDF under 10 s on 2 cores.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
DB = OUT / "report_national.sqlite3"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench" / "evaluate"))
AS_OF = "2025-06-01"  # the generated data run through 2024, as in bench/evaluate
YEAR = 2025


def strategy_document(specs: list[dict[str, Any]], area: str) -> dict[str, Any]:
    """A strategy file (as parsed) holding `area`'s generated targets, one goal each."""
    mine = [s for s in specs if s["area"] == area]
    if not mine:
        raise SystemExit(f"--area {area}: no generated targets for that area")
    indicators = {s["indicator"]["key"]: s["indicator"] for s in mine}
    goals = []
    for s in mine:
        rule = {k: v for k, v in s["rule"].items() if v is not None}
        goals.append({"id": s["goal_key"], "kind": "long_term", "name": s["goal_name"],
                      "indicator": s["indicator"]["key"], "targets": [{"id": s["target_key"], **rule}]})  # fmt: skip
    return {
        "format": "styrkedja/1",
        "indicators": [
            {
                "id": k,
                "name": i["name"],
                "unit": i["unit"] or "antal",
                "measure_type": i["measure_type"],
                "direction": i["direction"],
                "decimals": i["decimals"],
            }
            for k, i in indicators.items()
        ],
        "strategies": [
            {
                "id": f"national-{area}",
                "name": f"Strategi {mine[0]['area_name']}",
                "level": "rus",
                "area": area,
                "horizon": {"from": 2020, "to": 2035},
                "published": True,
                "goals": goals,
            }
        ],
    }


def build(area: str) -> None:
    """Migrate a fresh SQLite database and load the strategy, its indicators' national data, one evaluation."""
    import polars as pl
    from django.core.management import call_command
    from django.utils import timezone

    from styrkedja.strategyfile import read_strategy_file
    from styrkedja.web.areas.models import Area
    from styrkedja.web.chain.chainfile import load_document
    from styrkedja.web.indicators.models import ImportBatch, Indicator, Observation

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    specs = json.loads((OUT / "targets_full.json").read_text(encoding="utf-8"))
    strategy = OUT / f"report_national_{area}.yaml"
    import yaml

    strategy.write_text(yaml.safe_dump(strategy_document(specs, area), allow_unicode=True), encoding="utf-8")
    load_document(read_strategy_file(strategy))
    keys = list(Indicator.objects.values_list("key", flat=True))
    frame = (
        pl.scan_parquet(OUT / "observations_full.parquet")
        .with_columns(pl.col(c).cast(pl.String) for c in ("indicator", "area", "period", "breakdown"))
        .filter(pl.col("indicator").is_in(keys))
        .collect()
    )
    retrieved = timezone.make_aware(dt.datetime(2025, 1, 15))  # before AS_OF, as in bench/evaluate
    batch = ImportBatch.objects.create(source="file", location="bench/evaluate", format="parquet",
                                       retrieved_at=retrieved)  # fmt: skip
    ind = dict(Indicator.objects.values_list("key", "pk"))
    areas = dict(Area.objects.values_list("code", "pk"))
    rows = (
        Observation(indicator_id=ind[i], area_id=areas[a], period=p, breakdown=b, value=v, numerator=n,
                    denominator=d, batch=batch)
        for i, a, p, b, v, n, d in frame.select("indicator", "area", "period", "breakdown", "value", "numerator",
                                                 "denominator").iter_rows()
        if a in areas
    )  # fmt: skip
    Observation.objects.bulk_create(rows, batch_size=5000)
    call_command("evaluate", "--as-of", AS_OF, stdout=io.StringIO())
    print(f"built {DB.relative_to(ROOT)}: {len(keys)} indicators, {frame.height:,} observations, "
          f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--area", default="", help="the strategy's area code (default: the first county)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--profile", type=int, default=0, help="print the PDF's N costliest functions")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    if not (OUT / "targets_full.json").exists():
        raise SystemExit("run bench/evaluate/generate.py --scale full first (the national data)")
    if args.rebuild and DB.exists():
        DB.unlink()
    fresh = not DB.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
    import django

    django.setup()
    from generate import read_areas

    area = args.area or next(code for code, _name, level in read_areas() if level == "county")
    if fresh:
        build(area)
    measure(area, args)


def measure(area: str, args: argparse.Namespace) -> None:
    import importlib.util

    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    spec = importlib.util.spec_from_file_location("report_run", ROOT / "bench" / "report" / "run.py")
    assert spec is not None and spec.loader is not None
    report_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(report_run)
    cold, timed = report_run.cold, report_run.timed  # the demo bench's cold start and timer

    from styrkedja.web.dashboards.reportfile import make_report
    from styrkedja.web.strategies.models import Goal

    setup_test_environment()
    key = f"national-{area}"
    goals = list(Goal.objects.filter(strategy__key=key).values_list("key", flat=True))
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench-report", "", "x")
    client = Client()
    client.force_login(user)

    def pages() -> None:
        for goal in goals:
            assert client.get(f"/mal/{goal}/").status_code == 200, goal

    results = {"html_pages": timed(pages, args.repeat),
               "pdf": timed(lambda: make_report(YEAR, "pdf", strategy=key), args.repeat)}  # fmt: skip
    load = os.getloadavg()
    html = statistics.median(results["html_pages"])
    print(f"national report {YEAR}, strategy {key}: {len(goals)} goals; cpus={os.cpu_count()} "
          f"load average={load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")  # fmt: skip
    print(f"{'what':<12} {'median s':>9} {'runs':>30} {'x html':>8}")
    for name, runs in results.items():
        med = statistics.median(runs)
        print(f"{name:<12} {med:>9.2f} {' '.join(f'{r:.2f}' for r in runs):>30} {med / html:>8.2f}")
    if args.profile:
        cold()
        profile = cProfile.Profile()
        profile.runcall(make_report, YEAR, "pdf", strategy=key)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
    if args.json:
        Path(args.json).write_text(json.dumps({"load": load, "results": results}, indent=2))


if __name__ == "__main__":
    main()
