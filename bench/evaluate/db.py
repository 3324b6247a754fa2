"""`styrkedja evaluate` end to end from PostgreSQL, side by side with the in-memory evaluation.

    .venv/bin/python bench/evaluate/generate.py --scale small --database-url postgres://...   # data
    .venv/bin/python bench/evaluate/db.py --scale small --database-url postgres://...

Loads the generated targets into the database as strategies, goals and targets (one strategy per
area; `--skip-load` reuses them), then runs each measurement in its own subprocess (clean
`ru_maxrss` peak), in this order:

  memory       the specs from the database, the frame from the parquet file already in memory:
               `evaluate` + `assess_trend` (the baseline: no reading, no storing)
  read         `observations_as_of()` of the indicators the targets use (CSV COPY in parts)
  end-to-end   `run_evaluation()`: specs, read, evaluate, store every result (one COPY)
  incremental  `run_evaluation(indicators=[one indicator])` on top of that run: the goals of the
               indicator most targets use evaluated again, every other result copied in the database

Prints wall time, CPU time and peak memory per measurement, the ratios to the in-memory
evaluation, and the load average before and after (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate as gen

AS_OF = date(2025, 6, 1)
MODES = ("memory", "read", "end-to-end", "incremental")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
    import django

    django.setup()


def load_targets(scale: str) -> int:
    """Strategies (one per area), goals and targets from the generated specs; earlier ones replaced."""
    from django.db import transaction

    from styrkedja.web.areas.models import Area
    from styrkedja.web.indicators.models import Indicator
    from styrkedja.web.strategies.models import Goal, Strategy, Target

    specs = json.loads(gen.paths(scale)[1].read_text(encoding="utf-8"))
    areas = dict(Area.objects.values_list("code", "id"))
    indicators = dict(Indicator.objects.values_list("key", "id"))
    with transaction.atomic():
        Strategy.objects.filter(key__startswith="bench-").delete()
        strategies = {
            code: Strategy(key=f"bench-{code}", name=f"Strategi {code}", level="rus", area_id=areas[code],
                           horizon_start=2020, horizon_end=2035)
            for code in sorted({s["area"] for s in specs})
        }  # fmt: skip
        Strategy.objects.bulk_create(strategies.values())
        goals = [
            Goal(key=f"bench-{s['goal_key']}", strategy=strategies[s["area"]], name=s["goal_name"],
                 indicator_id=indicators[s["indicator"]["key"]])
            for s in specs
        ]  # fmt: skip
        Goal.objects.bulk_create(goals)
        rule_fields = ("rule", "target_year", "operator", "value", "base_year", "change", "benchmark", "rank",
                       "rank_by", "growth")  # fmt: skip
        targets = [
            Target(key=f"bench-{s['target_key']}", goal=g,
                   **{f: s["rule"][f] for f in rule_fields if s["rule"].get(f) is not None})
            for s, g in zip(specs, goals, strict=True)
        ]  # fmt: skip
        Target.objects.bulk_create(targets)
    return len(targets)


def run_memory(scale: str) -> dict[str, Any]:
    import polars as pl

    from styrkedja.analytics.evaluate import evaluate
    from styrkedja.analytics.trend import assess_trend
    from styrkedja.web.followup.evaluation import collect_specs, peer_groups

    specs, groups = collect_specs(), peer_groups()
    frame = pl.read_parquet(gen.paths(scale)[0])
    mem0 = peak_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    results = evaluate(specs.targets, frame, peer_groups=groups, as_of=AS_OF)
    assess_trend(specs.trends, frame, peer_groups=groups, as_of=AS_OF)
    statuses = dict(Counter(r.status for r in results))
    return {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "peak_mb": peak_mb(),
            "frame_mb": mem0, "targets": len(results), "statuses": statuses}  # fmt: skip


def run_read() -> dict[str, Any]:
    from styrkedja.web.followup.evaluation import collect_specs
    from styrkedja.web.indicators.observations import observations_as_of

    needed = sorted({s.indicator.key for s in collect_specs().targets})
    t0, c0 = time.perf_counter(), time.process_time()
    frame, _ = observations_as_of(AS_OF, needed)
    return {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "peak_mb": peak_mb(),
            "rows": frame.height, "indicators": len(needed)}  # fmt: skip


def run_end_to_end(incremental: bool) -> dict[str, Any]:
    from styrkedja.web.followup.evaluation import collect_specs, run_evaluation

    key = None
    if incremental:
        key = Counter(s.indicator.key for s in collect_specs().targets).most_common(1)[0][0]
    t0, c0 = time.perf_counter(), time.process_time()
    out = run_evaluation(AS_OF, indicators=[key] if key else None)
    assert out.run is not None
    return {"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0, "peak_mb": peak_mb(),
            "targets": len(out.results), "stored": out.run.result_count, "base": out.run.base_id,
            "statuses": dict(Counter(r.status for r in out.results))}  # fmt: skip


def child(mode: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, "--scale", args.scale, "--database-url", args.database_url]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{mode} failed")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def report(res: dict[str, dict[str, Any]]) -> None:
    base = res["memory"]["wall"]
    print(f"\n{'measurement':<13} {'wall (s)':>9} {'cpu (s)':>8} {'peak (MB)':>10} {'x in-memory':>12}  detail")
    for mode, r in res.items():
        detail = {k: v for k, v in r.items() if k not in ("wall", "cpu", "peak_mb")}
        print(
            f"{mode:<13} {r['wall']:>9.2f} {r['cpu']:>8.2f} {r['peak_mb']:>10.0f} {r['wall'] / base:>12.2f}  {detail}"
        )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", choices=sorted(gen.SCALES), default="small")
    p.add_argument("--database-url", required=True)
    p.add_argument("--skip-load", action="store_true", help="reuse the strategies loaded by an earlier run")
    p.add_argument("--only", nargs="*", choices=MODES, help="run only these measurements")
    p.add_argument("--child")
    args = p.parse_args(argv)
    if args.child:
        setup(args.database_url)
        runs = {"memory": lambda: run_memory(args.scale), "read": run_read, "end-to-end": lambda: run_end_to_end(False),
                "incremental": lambda: run_end_to_end(True)}  # fmt: skip
        print(json.dumps(runs[args.child]()))
        return 0
    if not args.skip_load:
        setup(args.database_url)
        t0 = time.perf_counter()
        print(f"loaded {load_targets(args.scale):,} targets in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    res = {}
    for mode in args.only or MODES:
        res[mode] = child(mode, args)
        print(f"{mode}: {res[mode]['wall']:.2f} s (load {os.getloadavg()[0]:.1f})", file=sys.stderr)
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)
    if "memory" in res:
        report(res)
    else:
        print(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
