"""Benchmark the evaluation engine at national scale against a pandas loop and DuckDB SQL.

    .venv/bin/python bench/evaluate/run.py --scale small          # < 1 min
    .venv/bin/python bench/evaluate/run.py --scale full           # the national run
    .venv/bin/python bench/evaluate/run.py --scale full --database-url postgres://...   # + DB read

Generates the data first when missing (see generate.py). Every measurement runs in its own
subprocess, so the peak memory (ru_maxrss) is that implementation's alone:

  ours     `evaluate()`: every target incl. forecasts, probabilities and explanations
  status   `status_from_data()`: our status-from-data part only (growth, benchmark, rank, met)
  duckdb   the status-from-data part in DuckDB SQL over the same parquet file
  pandas   a straightforward pandas loop over a sample of targets (filter, growth, median, rank,
           drift forecast, simulation per target); the ratio is extrapolated per target
  db       `observations_as_of()` reading every observation from PostgreSQL (--database-url)
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
COVERAGE = 90.0  # the engine's default peer coverage (percent), stated to DuckDB as well


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(scale: str) -> tuple[Any, list[Any], dict[str, list[str]]]:
    import polars as pl

    obs_path, tgt_path = gen.paths(scale)
    return pl.read_parquet(obs_path), gen.load_specs(tgt_path), gen.peer_groups(gen.read_areas())


# --- implementations (each runs in a subprocess) ------------------------------------------


def run_ours(scale: str) -> dict[str, Any]:
    from styrkedja.analytics.evaluate import evaluate

    t0 = time.perf_counter()
    obs, specs, groups = load(scale)
    t_load = time.perf_counter() - t0
    mem0 = peak_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    res = evaluate(specs, obs, peer_groups=groups, as_of=AS_OF)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    statuses = Counter(r.status for r in res)
    return {"wall": wall, "cpu": cpu, "loadavg": os.getloadavg()[0], "load": t_load, "peak_mb": peak_mb(),
            "peak_before_mb": mem0, "targets": len(res),
            "observations": obs.height, "statuses": dict(statuses),
            "with_probability": sum(r.probability is not None for r in res)}  # fmt: skip


def run_status(scale: str) -> dict[str, Any]:
    from styrkedja.analytics.evaluate import status_from_data

    obs, specs, groups = load(scale)
    t0, c0 = time.perf_counter(), time.process_time()
    res = status_from_data(specs, obs, peer_groups=groups, as_of=AS_OF)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {r.target_key: [r.status, r.data_through] for r in res}
    (gen.OUT / f"status_ours_{scale}.json").write_text(json.dumps(out), encoding="utf-8")
    return {"wall": wall, "cpu": cpu, "peak_mb": peak_mb(), "targets": len(res)}


DUCK_SQL = """
CREATE TEMP TABLE obs AS
  SELECT indicator::VARCHAR AS ind, breakdown::VARCHAR AS bd, area::VARCHAR AS area,
         period::VARCHAR::INTEGER AS year,
         CASE WHEN numerator IS NOT NULL AND denominator > 0 THEN 100 * numerator / denominator ELSE value END AS v
  FROM read_parquet('{path}')
  WHERE value IS NOT NULL AND isfinite(value) AND period::VARCHAR::INTEGER <= {max_year}
    AND (indicator::VARCHAR, breakdown::VARCHAR) IN (SELECT DISTINCT ind, bd FROM tg);
-- universe of each target: its peer group (+ the area itself)
CREATE TEMP TABLE rel AS SELECT * FROM tg WHERE rule IN ('growth_vs_benchmark', 'level_vs_benchmark', 'rank');
CREATE TEMP TABLE uni AS
  SELECT r.key, p.area AS member FROM rel r JOIN peers p ON p.grp = r.grp;
CREATE TEMP TABLE gsize AS SELECT grp, count(*) AS n FROM peers GROUP BY grp;
-- the peer-coverage policy: (target, member, year) where the member has a usable value (for growth:
-- also its base value, and the year after the base year), up to the target year
CREATE TEMP TABLE usable AS
  SELECT r.key, u.member, e.year
  FROM rel r
  JOIN (SELECT key, member FROM uni UNION SELECT key, area FROM rel UNION SELECT key, '00' FROM rel) u
    ON u.key = r.key
  JOIN obs e ON e.ind = r.ind AND e.bd = r.bd AND e.area = u.member AND e.year <= r.target_year
  LEFT JOIN obs b ON b.ind = r.ind AND b.bd = r.bd AND b.area = u.member AND b.year = r.base_year
  WHERE NOT r.by_growth OR (b.v IS NOT NULL AND e.year > r.base_year);
-- end year: the latest year the area has where Riket has it (Riket benchmark) or else at least
-- {coverage} % of the peer group has it
CREATE TEMP TABLE ends AS
  WITH covered AS (
    SELECT us.key, us.year, count(*) AS k
    FROM usable us JOIN uni u ON u.key = us.key AND u.member = us.member GROUP BY ALL
  )
  SELECT r.key, max(o.year) AS end_year
  FROM rel r JOIN usable o ON o.key = r.key AND o.member = r.area
  JOIN gsize g ON g.grp = r.grp
  LEFT JOIN covered c ON c.key = r.key AND c.year = o.year
  LEFT JOIN usable rk ON rk.key = r.key AND rk.member = '00' AND rk.year = o.year
  WHERE CASE WHEN r.rule <> 'rank' AND r.benchmark = 'riket' THEN rk.year IS NOT NULL
             ELSE coalesce(c.k, 0) >= greatest(ceil(g.n * {coverage} / 100.0 - 1e-9), 1) END
  GROUP BY r.key;
-- compared value of every member (growth or level) at the end year
CREATE TEMP TABLE mv AS
  SELECT r.key, u.member,
         CASE WHEN NOT r.by_growth THEN e.v
              WHEN r.measure = 'pp' THEN e.v - b.v
              WHEN b.v > 0 THEN (e.v / b.v - 1) * 100 END AS val
  FROM rel r JOIN ends x ON x.key = r.key
  JOIN (SELECT key, member FROM uni UNION SELECT key, area FROM rel UNION SELECT key, '00' FROM rel) u
    ON u.key = r.key
  JOIN obs e ON e.ind = r.ind AND e.bd = r.bd AND e.area = u.member AND e.year = x.end_year
  LEFT JOIN obs b ON b.ind = r.ind AND b.bd = r.bd AND b.area = u.member AND b.year = r.base_year;
CREATE TEMP TABLE rel_status AS
  WITH own AS (SELECT m.key, m.val FROM mv m JOIN rel r ON r.key = m.key AND m.member = r.area),
  pv AS (SELECT m.key, m.member, m.val FROM mv m JOIN uni u ON u.key = m.key AND u.member = m.member
         WHERE m.val IS NOT NULL),
  bench AS (SELECT key, median(val) AS med, avg(val) AS mean FROM pv GROUP BY key),
  rk AS (SELECT r.key, 1 + count(*) FILTER (WHERE CASE WHEN r.lower THEN pv.val < o.val ELSE pv.val > o.val END) AS rnk
         FROM rel r JOIN own o ON o.key = r.key JOIN pv ON pv.key = r.key GROUP BY r.key),
  rik AS (SELECT key, val FROM mv WHERE member = '00')
  SELECT r.key, x.end_year,
    CASE WHEN r.rule = 'rank' THEN rk.rnk <= r.rank_n
         ELSE CASE r.op WHEN '>' THEN o.val > b ELSE CASE r.op WHEN '>=' THEN o.val >= b
              ELSE CASE r.op WHEN '<' THEN o.val < b ELSE o.val <= b END END END END AS met
  FROM rel r JOIN ends x ON x.key = r.key JOIN own o ON o.key = r.key
  LEFT JOIN rk ON rk.key = r.key LEFT JOIN rik ON rik.key = r.key LEFT JOIN bench be ON be.key = r.key,
  LATERAL (SELECT CASE r.benchmark WHEN 'riket' THEN rik.val WHEN 'peer_mean' THEN be.mean ELSE be.med END AS b);
CREATE TEMP TABLE abs_status AS
  WITH a AS (SELECT * FROM tg WHERE rule NOT IN ('growth_vs_benchmark', 'level_vs_benchmark', 'rank')),
  cur AS (SELECT a.key, arg_max(o.v, o.year) AS v, max(o.year) AS y FROM a
          JOIN obs o ON o.ind = a.ind AND o.bd = a.bd AND o.area = a.area AND o.year <= a.target_year GROUP BY a.key)
  SELECT a.key, cur.y AS end_year,
    CASE WHEN a.rule = 'change' THEN
           CASE WHEN a.value IS NULL THEN (CASE WHEN a.change = 'increase' THEN cur.v > b.v ELSE cur.v < b.v END)
                WHEN a.change = 'increase'
                  THEN cur.v >= (CASE WHEN a.measure = 'pp' THEN b.v + a.value ELSE b.v * (1 + a.value / 100) END)
                ELSE cur.v <= (CASE WHEN a.measure = 'pp' THEN b.v - a.value ELSE b.v * (1 - a.value / 100) END) END
         WHEN a.op = '>=' THEN cur.v >= a.value WHEN a.op = '>' THEN cur.v > a.value
         WHEN a.op = '<=' THEN cur.v <= a.value ELSE cur.v < a.value END AS met
  FROM a JOIN cur ON cur.key = a.key
  LEFT JOIN obs b ON b.ind = a.ind AND b.bd = a.bd AND b.area = a.area AND b.year = a.base_year;
"""


TARGET_COLUMNS = ("key", "area", "indicator", "breakdown", "rule", "target_year", "base_year", "value", "operator",
                  "change", "benchmark", "rank", "rank_by", "growth", "measure_type", "direction")  # fmt: skip


def target_file(scale: str) -> Path:
    """The workload's targets as the minimal records `styrkedja evaluate-file` reads (CSV)."""
    import csv

    path = gen.OUT / f"targets_{scale}.csv"
    if path.exists():
        return path
    specs = gen.load_specs(gen.paths(scale)[1])
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(TARGET_COLUMNS)
        for sp in specs:
            r = sp.rule
            w.writerow([sp.target_key, sp.area, sp.indicator.key, sp.breakdown, r.rule, r.target_year, r.base_year,
                        r.value, r.operator, r.change, r.benchmark, r.rank, r.rank_by, r.growth,
                        sp.indicator.measure_type, sp.indicator.direction])  # fmt: skip
    return path


def strings_parquet(scale: str) -> Path:
    """The observations with plain string keys and no numerator/denominator: what a user exports."""
    import polars as pl

    path = gen.OUT / f"observations_{scale}_strings.parquet"
    if not path.exists():
        obs = pl.read_parquet(gen.paths(scale)[0])
        keys = [pl.col(c).cast(pl.String) for c in ("indicator", "area", "period", "breakdown")]
        # shares as users have them: the value (100 * numerator / denominator where both are given)
        value = (
            pl.when(pl.col("numerator").is_not_null() & (pl.col("denominator") > 0))
            .then(100 * pl.col("numerator") / pl.col("denominator"))
            .otherwise(pl.col("value"))
            .alias("value")
        )
        obs.select(*keys, value).write_parquet(path, statistics=False)
        del obs
    return path


def run_file(scale: str, strings: bool) -> dict[str, Any]:
    """`styrkedja evaluate-file` end to end in-process: read the parquet and the targets CSV, convert,
    evaluate (status from data). Timed from before the read."""
    import polars as pl

    from styrkedja.analytics.evaluate.files import read_observations, read_targets
    from styrkedja.analytics.evaluate.outside import evaluate_frame

    obs_path = strings_parquet(scale) if strings else gen.paths(scale)[0]
    tgt_path = target_file(scale)
    t0, c0 = time.perf_counter(), time.process_time()
    obs = read_observations(obs_path)
    t_read = time.perf_counter() - t0
    records, _ = read_targets(tgt_path)
    res = evaluate_frame(obs, records, as_of=AS_OF, peer_coverage=COVERAGE)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {r.target_key: [r.status, r.data_through] for r in res}
    name = "file_strings" if strings else "file"
    (gen.OUT / f"status_{name}_{scale}.json").write_text(json.dumps(out), encoding="utf-8")
    keys = "string" if obs.schema["area"] == pl.String else "enum"
    return {"wall": wall, "cpu": cpu, "read": t_read, "peak_mb": peak_mb(), "targets": len(res), "keys": keys,
            "loadavg": os.getloadavg()[0]}  # fmt: skip


def run_duckdb(scale: str) -> dict[str, Any]:
    import duckdb

    from styrkedja.analytics import targets as tg
    from styrkedja.analytics.frames import area_level

    obs_path, tgt_path = gen.paths(scale)
    specs = gen.load_specs(tgt_path)
    groups = gen.peer_groups(gen.read_areas())
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SET memory_limit = '4GB'")
    t0 = time.perf_counter()
    rows = []
    for s in specs:
        r = s.rule
        grp = "counties" if area_level(s.area) == "county" else "municipalities"
        by_growth = r.rule == "growth_vs_benchmark" or (r.rule == "rank" and r.rank_by == "growth")
        measure = tg.growth_measure(r, s.indicator)
        lower = s.indicator.direction == "lower"
        rows.append((s.target_key, s.indicator.key, s.breakdown, s.area, r.rule, r.target_year, r.base_year,
                     r.value, r.operator, r.change, r.benchmark, r.rank, by_growth, measure, lower, grp))  # fmt: skip
    con.execute(
        "CREATE TEMP TABLE tg (key VARCHAR, ind VARCHAR, bd VARCHAR, area VARCHAR, rule VARCHAR, target_year INT, "
        "base_year INT, value DOUBLE, op VARCHAR, change VARCHAR, benchmark VARCHAR, rank_n INT, by_growth BOOLEAN, "
        "measure VARCHAR, lower BOOLEAN, grp VARCHAR)"
    )
    con.executemany("INSERT INTO tg VALUES (" + ",".join(["?"] * 16) + ")", rows)
    con.execute("CREATE TEMP TABLE peers (grp VARCHAR, area VARCHAR)")
    con.executemany("INSERT INTO peers VALUES (?, ?)", [(g, a) for g, m in groups.items() for a in m])
    t_setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    con.execute(DUCK_SQL.format(path=obs_path, max_year=AS_OF.year, coverage=COVERAGE))
    out = con.execute(
        "SELECT key, met, end_year FROM rel_status UNION ALL SELECT key, met, end_year FROM abs_status"
    ).fetchall()
    wall = time.perf_counter() - t0
    status = {k: ["met" if m else "not_met", int(y)] for k, m, y in out if m is not None}
    (gen.OUT / f"status_duckdb_{scale}.json").write_text(json.dumps(status), encoding="utf-8")
    return {"wall": wall, "setup": t_setup, "peak_mb": peak_mb(), "targets": len(status)}


def run_pandas(scale: str, budget: float) -> dict[str, Any]:
    """The straightforward way: for each target, filter the frame, compute, forecast, simulate."""
    import numpy as np
    import pandas as pd
    import polars as pl

    from styrkedja.analytics import targets as tg
    from styrkedja.analytics.frames import area_level

    obs_pl, specs, groups = load(scale)
    cols: dict[str, Any] = {}
    for c in ("indicator", "area", "period", "breakdown"):
        s = obs_pl[c]
        cats = s.dtype.categories.to_list() if isinstance(s.dtype, pl.Enum) else None  # type: ignore[union-attr]
        if cats is None:
            cols[c] = pd.Categorical(s.to_list())
        else:
            cols[c] = pd.Categorical.from_codes(s.to_physical().to_numpy().astype(np.int32), categories=cats)
    for c in ("value", "numerator", "denominator"):
        cols[c] = obs_pl[c].to_numpy()
    df = pd.DataFrame(cols)
    del obs_pl, cols
    df["year"] = df["period"].astype(str).astype(int)
    rng = np.random.default_rng(1)
    order = rng.permutation(len(specs))
    n_sims = 1000
    done = 0
    t0 = time.perf_counter()
    for k in order:
        s = specs[int(k)]
        r = s.rule
        sub = df[(df["indicator"] == s.indicator.key) & (df["breakdown"] == s.breakdown) & (df["year"] <= AS_OF.year)]
        wide = sub.pivot_table(index="area", columns="year", values="value", observed=True)
        if s.area not in wide.index:
            done += 1
            continue
        own = wide.loc[s.area].dropna()
        if r.rule in ("growth_vs_benchmark", "level_vs_benchmark", "rank"):
            grp = groups["counties" if area_level(s.area) == "county" else "municipalities"]
            peers = wide.loc[wide.index.isin(grp)]
            end = min(int(own.index.max()), r.target_year)
            by_growth = r.rule == "growth_vs_benchmark" or r.rank_by == "growth"
            measure = tg.growth_measure(r, s.indicator)

            def vals(w: pd.DataFrame, y: int, base: int | None, by_growth: bool, measure: str) -> pd.Series:
                if not by_growth or base not in w.columns:
                    return w[y] if y in w.columns else pd.Series(dtype=float)
                return (w[y] - w[base]) if measure == "pp" else (w[y] / w[base] - 1) * 100

            v = vals(peers, end, r.base_year, by_growth, measure).dropna()
            mine = vals(wide.loc[[s.area]], end, r.base_year, by_growth, measure)
            _ = (v.median(), v.mean(), (v > (mine.iloc[0] if len(mine) else np.nan)).sum() + 1)
            if end < r.target_year and len(own) >= 3:
                # drift forecast and joint simulation of all peers, per target
                logs = np.log(peers.where(peers > 0))
                d = logs.diff(axis=1)
                drift = d.mean(axis=1)
                sd = d.std(axis=1)
                h = r.target_year - end
                last = logs.ffill(axis=1).iloc[:, -1]
                draws = last.values[None, :] + h * drift.values[None, :] + np.sqrt(h) * sd.values[None, :] * \
                    rng.standard_t(max(len(own) - 2, 1), (n_sims, len(peers)))  # fmt: skip
                sims = pd.DataFrame(np.exp(draws), columns=peers.index)
                _ = (sims.median(axis=1), sims.rank(axis=1, ascending=False))
        else:
            if len(own) >= 3:
                z = np.log(own[own > 0])
                d = z.diff().dropna()
                _ = (z.iloc[-1] + (r.target_year - z.index[-1]) * d.mean(), d.std())
        done += 1
        if time.perf_counter() - t0 > budget:
            break
    wall = time.perf_counter() - t0
    return {"wall": wall, "targets": done, "per_target": wall / max(done, 1), "peak_mb": peak_mb()}


def run_db(scale: str, database_url: str) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
    import django

    django.setup()
    from styrkedja.web.indicators.observations import observations_as_of

    t0 = time.perf_counter()
    frame, batches = observations_as_of(AS_OF)
    wall = time.perf_counter() - t0
    return {"wall": wall, "rows": frame.height, "peak_mb": peak_mb(), "batches": len(batches)}


def file_path_report(args: argparse.Namespace, duck: dict[str, Any] | None = None) -> int:
    """The documented path for outside data (`evaluate-file`) against DuckDB, both including the read."""
    f_enum = child("file", args)
    f_str = child("file-strings", args)
    duck = duck or child("duckdb", args)
    duck_total = duck["wall"] + duck["setup"]
    print(f"\nload average when measured: {f_enum['loadavg']:.1f} / {f_str['loadavg']:.1f} (2 cores)\n")
    print("| evaluate-file path (status from data), incl. reading | wall (s) | CPU (s) | read (s) | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|")
    for label, r in (("parquet, Enum keys", f_enum), ("parquet, string keys, no numerator", f_str)):
        print(f"| {label} ({r['targets']:,} targets) | {r['wall']:.2f} | {r['cpu']:.2f} | {r['read']:.2f} | "
              f"{r['peak_mb']:.0f} |")  # fmt: skip
    print(f"| DuckDB SQL incl. read_parquet and target setup | {duck_total:.2f} | | | {duck['peak_mb']:.0f} |")
    for label, r, name in (("Enum keys", f_enum, "file"), ("string keys", f_str, "file_strings")):
        agree, both = compare_status(args.scale, name)
        print(f"- evaluate-file ({label}) / DuckDB wall: {r['wall'] / duck_total:.2f}x; "
              f"status agreement {agree}/{both}")  # fmt: skip
    return 0


# --- driver -----------------------------------------------------------------------------


def child(mode: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, "--scale", args.scale, "--pandas-budget", str(args.pandas_budget)]
    if args.database_url:
        cmd += ["--database-url", args.database_url]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{mode} failed")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def compare_status(scale: str, name: str = "ours") -> tuple[int, int]:
    ours = json.loads((gen.OUT / f"status_{name}_{scale}.json").read_text(encoding="utf-8"))
    duck = json.loads((gen.OUT / f"status_duckdb_{scale}.json").read_text(encoding="utf-8"))
    both = [k for k in duck if k in ours and ours[k][0] in ("met", "not_met")]
    agree = sum(ours[k] == duck[k] for k in both)
    return agree, len(both)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", choices=sorted(gen.SCALES), default="small")
    p.add_argument("--database-url")
    p.add_argument("--pandas-budget", type=float, default=None, help="seconds for the pandas sample")
    p.add_argument("--child")
    p.add_argument("--file-only", action="store_true", help="only the evaluate-file path and DuckDB, side by side")
    args = p.parse_args(argv)
    if args.pandas_budget is None:
        args.pandas_budget = 40.0 if args.scale == "full" else 8.0
    if args.child:
        fn = {"ours": run_ours, "status": run_status, "duckdb": run_duckdb,
              "file": lambda sc: run_file(sc, False), "file-strings": lambda sc: run_file(sc, True)}  # fmt: skip
        if args.child == "pandas":
            out = run_pandas(args.scale, args.pandas_budget)
        elif args.child == "db":
            out = run_db(args.scale, args.database_url)
        else:
            out = fn[args.child](args.scale)
        print(json.dumps(out))
        return 0
    if not gen.paths(args.scale)[0].exists():
        gen.generate(args.scale)
    print(f"# Evaluation benchmark, scale {args.scale} ({os.cpu_count()} cores)\n")
    target_file(args.scale)
    strings_parquet(args.scale)
    if args.file_only:
        return file_path_report(args)
    ours = child("ours", args)
    n = ours["targets"]
    print(f"data: {ours['observations']:,} observations, {n:,} targets; parquet read {ours['load']:.1f} s")
    print(f"statuses: {ours['statuses']}\n")
    print(f"load average when measured: {ours['loadavg']:.1f} (2 cores; other work on the machine inflates wall)\n")
    print("| measurement | wall (s) | peak RSS (MB) | per target (ms) |\n|---|---:|---:|---:|")
    print(f"| ours: full evaluate() (CPU {ours['cpu']:.1f} s) | {ours['wall']:.2f} | {ours['peak_mb']:.0f} "
          f"(frame alone {ours['peak_before_mb']:.0f}) | {1000 * ours['wall'] / n:.3f} |")  # fmt: skip
    status = child("status", args)
    print(f"| ours: status from data | {status['wall']:.2f} | {status['peak_mb']:.0f} | "
          f"{1000 * status['wall'] / n:.3f} |")  # fmt: skip
    duck = child("duckdb", args)
    print(f"| DuckDB SQL: status from data | {duck['wall']:.2f} | {duck['peak_mb']:.0f} | "
          f"{1000 * duck['wall'] / n:.3f} |")  # fmt: skip
    pdr = child("pandas", args)
    print(f"| pandas loop ({pdr['targets']} of {n} targets) | {pdr['wall']:.2f} | {pdr['peak_mb']:.0f} | "
          f"{1000 * pdr['per_target']:.1f} |")  # fmt: skip
    db = None
    if args.database_url:
        db = child("db", args)
        print(f"| observations_as_of() from PostgreSQL ({db['rows']:,} rows) | {db['wall']:.2f} | "
              f"{db['peak_mb']:.0f} | |")  # fmt: skip
    agree, both = compare_status(args.scale)
    file_path_report(args, duck)
    print()
    print(f"- ours vs pandas loop, per target: {pdr['per_target'] / (ours['wall'] / n):.0f}x faster "
          f"(pandas extrapolated to all targets: {pdr['per_target'] * n:.0f} s)")  # fmt: skip
    print(f"- ours vs DuckDB, status from data: {duck['wall'] / status['wall']:.2f}x "
          f"({'ours faster' if status['wall'] < duck['wall'] else 'DuckDB faster'})")  # fmt: skip
    print(f"- status agreement ours vs DuckDB (decided targets both evaluate): {agree}/{both}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
