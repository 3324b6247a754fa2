"""Generate the national-scale evaluation data: observations (parquet) and target specs (JSON).

    .venv/bin/python bench/evaluate/generate.py --scale small            # ~1.4 M observations, seconds
    .venv/bin/python bench/evaluate/generate.py --scale full             # ~47 M observations
    .venv/bin/python bench/evaluate/generate.py --scale full \\
        --database-url postgres://styrkedja:styrkedja@127.0.0.1:5432/styrkedja_bench   # + load PostgreSQL

Deterministic (seeded). Areas: the real codes from `src/styrkedja/data/areas.csv` (Riket, 21 counties,
290 municipalities). Series: level x exp(drift t + random-walk shocks + noise) for levels, a logistic
path for shares and rates in percent (0-100), breakdowns T/K/M (counts: K + M = T). Missing data: ~1.5 %
of cells at random, ~3 % of series lag one year (no 2024), ~1 % start late (no base years before 2012),
~0.3 % of municipal series absent (missing peers). Targets: one strategy per county and municipality
with 40 targets each; indicators drawn by popularity (75 % from a core set of 200 that strategies
share, 25 % from the long tail), every rule kind, target years around the strategies' horizons.

Outputs (under bench/out/, gitignored): `observations_<scale>.parquet` (columns of the frame
contract; the key columns are polars Enums, which `evaluate` accepts), `targets_<scale>.json`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
AREAS_CSV = ROOT / "src" / "styrkedja" / "data" / "areas.csv"
SEED = 20_250_601
YEARS = tuple(range(2000, 2025))  # 25 years, data through 2024
AS_OF = "2025-06-01"
BREAKDOWNS = ("T", "K", "M")
SCALES: dict[str, dict[str, int]] = {
    "small": {"indicators": 60, "targets_per_strategy": 8, "core": 20},
    "medium": {"indicators": 400, "targets_per_strategy": 20, "core": 100},
    "full": {"indicators": 2000, "targets_per_strategy": 40, "core": 200},
}
MEASURES = (("count", "", 0.40), ("money", "kr", 0.12), ("rate", "%", 0.15), ("share", "%", 0.18), ("index", "", 0.10),
            ("ratio", "", 0.05))  # fmt: skip


def read_areas() -> list[tuple[str, str, str]]:
    with AREAS_CSV.open(encoding="utf-8") as fh:
        return [(r["code"], r["name"], r["level"]) for r in csv.DictReader(fh)]


def indicator_meta(n: int, rng: np.random.Generator) -> list[dict[str, Any]]:
    probs = np.array([p for _, _, p in MEASURES])
    kinds = rng.choice(len(MEASURES), size=n, p=probs / probs.sum())
    dirs = rng.choice(3, size=n, p=[0.7, 0.25, 0.05])
    out = []
    for i in range(n):
        mt, unit, _ = MEASURES[int(kinds[i])]
        out.append(
            {
                "key": f"i{i + 1:04d}",
                "name": f"Indikator {i + 1}",
                "unit": unit,
                "measure_type": mt,
                "direction": ("higher", "lower", "neutral")[int(dirs[i])],
                "decimals": 0 if mt == "count" else 1,
                "with_parts": bool(mt == "share" and rng.random() < 0.1),  # numerator/denominator kept
            }
        )
    return out


def series_block(meta: dict[str, Any], levels: list[str], rng: np.random.Generator) -> np.ndarray:
    """Values (3 breakdowns x areas x years) for one indicator; NaN = missing."""
    n_a, n_y = len(levels), len(YEARS)
    t = np.arange(n_y, dtype=float)
    lvl = np.array(levels)
    pointy = meta["measure_type"] == "share" or meta["unit"] == "%"
    out = np.empty((3, n_a, n_y))
    if pointy:
        a = rng.normal(rng.uniform(-2.0, 2.0), 0.4, n_a)[:, None]
        b = rng.normal(rng.normal(0.0, 0.02), 0.01, n_a)[:, None]
        walk = np.cumsum(rng.normal(0, 0.03, (n_a, n_y)), axis=1)
        x = a + b * t + walk + rng.normal(0, 0.02, (n_a, n_y))
        total = 100.0 / (1.0 + np.exp(-x))
        out[0] = total
        gap = rng.normal(0, 0.15, (n_a, 1))
        out[1] = 100.0 / (1.0 + np.exp(-(x + gap + rng.normal(0, 0.03, (n_a, n_y)))))
        out[2] = 100.0 / (1.0 + np.exp(-(x - gap + rng.normal(0, 0.03, (n_a, n_y)))))
    else:
        scale = 10 ** rng.uniform(1, 4)
        size = np.where(lvl == "country", 300.0, np.where(lvl == "county", 15.0, 1.0))
        count_like = meta["measure_type"] in ("count", "money")
        base = scale * (size if count_like else 1.0) * np.exp(rng.normal(0, 0.5, n_a))
        drift = rng.normal(rng.normal(0.01, 0.015), 0.008, n_a)[:, None]
        walk = np.cumsum(rng.normal(0, 0.015, (n_a, n_y)), axis=1)
        total = base[:, None] * np.exp(drift * t + walk + rng.normal(0, 0.01, (n_a, n_y)))
        out[0] = total
        if count_like:
            k_share = np.clip(rng.normal(0.5, 0.04, (n_a, 1)) + rng.normal(0, 0.005, (n_a, n_y)), 0.05, 0.95)
            out[1] = total * k_share
            out[2] = total - out[1]
        else:
            out[1] = total * np.exp(rng.normal(0, 0.08, (n_a, 1)) + rng.normal(0, 0.01, (n_a, n_y)))
            out[2] = total * np.exp(rng.normal(0, 0.08, (n_a, 1)) + rng.normal(0, 0.01, (n_a, n_y)))
    # Missing data: random cells, lagging and late-starting series, absent municipal series.
    out[rng.random(out.shape) < 0.015] = np.nan
    lag = rng.random((3, n_a)) < 0.03
    out[:, :, -1][lag] = np.nan
    late = rng.random((3, n_a)) < 0.01
    out[:, :, :12][late] = np.nan
    absent = (rng.random((3, n_a)) < 0.003) & (lvl == "municipality")[None, :]
    out[absent] = np.nan
    return out


def _codes(enum: pl.Enum, idx: np.ndarray) -> pl.Series:
    return pl.Series(enum.categories).gather(pl.Series(idx)).cast(enum)


def build_observations(n_ind: int, seed: int) -> tuple[pl.DataFrame, list[dict[str, Any]], list[tuple[str, str, str]]]:
    rng = np.random.default_rng(seed)
    areas = read_areas()
    codes = [a[0] for a in areas]
    levels = [a[2] for a in areas]
    metas = indicator_meta(n_ind, rng)
    n_a, n_y = len(codes), len(YEARS)
    ind_enum = pl.Enum([m["key"] for m in metas])
    area_enum = pl.Enum(codes)
    period_enum = pl.Enum([str(y) for y in YEARS])
    bd_enum = pl.Enum(list(BREAKDOWNS))
    chunks: list[pl.DataFrame] = []
    step = 100
    for lo in range(0, n_ind, step):
        hi = min(lo + step, n_ind)
        block = np.stack([series_block(metas[i], levels, rng) for i in range(lo, hi)])  # (k, 3, A, Y)
        block = np.round(block, 4)
        flat = block.reshape(-1)
        ok = np.isfinite(flat)
        idx = np.nonzero(ok)[0]
        i_ind = (idx // (3 * n_a * n_y) + lo).astype(np.uint32)
        rem = idx % (3 * n_a * n_y)
        i_bd = (rem // (n_a * n_y)).astype(np.uint32)
        i_area = ((rem // n_y) % n_a).astype(np.uint32)
        i_year = (rem % n_y).astype(np.uint32)
        vals = flat[idx]
        parts = np.array([metas[int(i)]["with_parts"] for i in range(n_ind)])[i_ind]
        denom = np.where(parts, np.round(10 ** (2 + (i_area % 7) * 0.5), 0), np.nan)
        numer = np.where(parts, np.round(vals * denom / 100.0, 6), np.nan)
        chunks.append(
            pl.DataFrame(
                {
                    "indicator": _codes(ind_enum, i_ind),
                    "area": _codes(area_enum, i_area),
                    "period": _codes(period_enum, i_year),
                    "breakdown": _codes(bd_enum, i_bd),
                    "value": vals,
                    "numerator": numer,
                    "denominator": denom,
                }
            ).with_columns(pl.col("numerator").fill_nan(None), pl.col("denominator").fill_nan(None))
        )
    return pl.concat(chunks, rechunk=True), metas, areas


# --- Targets --------------------------------------------------------------------------

RULE_WEIGHTS = (("level", 0.15), ("change", 0.13), ("growth_vs_benchmark", 0.27), ("level_vs_benchmark", 0.15),
                ("rank", 0.20), ("share", 0.10))  # fmt: skip
TARGET_YEARS = ((2022, 0.08), (2023, 0.08), (2024, 0.14), (2026, 0.12), (2027, 0.12), (2030, 0.40), (2035, 0.06))
BASE_YEARS = ((2010, 0.2), (2015, 0.35), (2019, 0.25), (2020, 0.2))


def _pick(rng: np.random.Generator, table: tuple[tuple[Any, float], ...]) -> Any:
    w = np.array([p for _, p in table])
    return table[int(rng.choice(len(table), p=w / w.sum()))][0]


def build_targets(  # noqa: C901 - one branch per rule kind
    obs: pl.DataFrame, metas: list[dict[str, Any]], areas: list[tuple[str, str, str]], per: int, core: int, seed: int
) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed + 1)
    n_ind = len(metas)
    latest = (
        obs.filter(pl.col("breakdown") == "T")
        .sort("period")
        .group_by("indicator", "area")
        .agg(pl.col("value").last())
        .with_columns(pl.col("indicator").cast(pl.String), pl.col("area").cast(pl.String))
    )
    last = {(i, a): v for i, a, v in latest.iter_rows()}
    core_set = rng.permutation(n_ind)[:core]
    shares = [i for i, m in enumerate(metas) if m["measure_type"] == "share"]
    out: list[dict[str, Any]] = []
    for code, name, level in areas:
        if level == "country":
            continue
        for k in range(per):
            rule_kind = _pick(rng, RULE_WEIGHTS)
            if rule_kind == "share" and shares:
                i = int(rng.choice(shares))
            elif rng.random() < 0.75:
                i = int(core_set[min(int(rng.zipf(1.3)) - 1, core - 1)])
            else:
                i = int(rng.integers(n_ind))
            meta = metas[i]
            if rule_kind == "share" and meta["measure_type"] != "share":
                rule_kind = "level"
            bd = "T" if rng.random() < 0.8 else str(rng.choice(["K", "M"]))
            ty = int(_pick(rng, TARGET_YEARS))
            by = int(_pick(rng, BASE_YEARS))
            lower = meta["direction"] == "lower"
            rule: dict[str, Any] = {"rule": rule_kind, "target_year": ty}
            cur = last.get((meta["key"], code))
            cur = 100.0 if cur is None else float(cur)
            if rule_kind in ("level", "share"):
                bump = rng.uniform(-0.05, 0.2)
                rule["operator"] = "<=" if lower else ">="
                val = cur * (1 - bump if lower else 1 + bump)
                if meta["measure_type"] == "share" or meta["unit"] == "%":
                    val = float(np.clip(val, 0.0, 100.0))
                rule["value"] = round(val, 2)
                if rng.random() < 0.5:
                    rule["base_year"] = min(by, ty - 1)
            elif rule_kind == "change":
                rule["change"] = "decrease" if lower else "increase"
                rule["base_year"] = by
                if rng.random() < 0.5:
                    rule["value"] = float(rng.choice([1.0, 2.0, 5.0, 10.0]))
            elif rule_kind in ("growth_vs_benchmark", "level_vs_benchmark"):
                rule["benchmark"] = _pick(rng, (("riket", 0.3), ("peer_median", 0.5), ("peer_mean", 0.2)))
                rule["operator"] = "<" if lower else ">"
                if rule_kind == "growth_vs_benchmark":
                    rule["base_year"] = by
            else:
                rule["rank_by"] = "growth" if rng.random() < 0.5 else "level"
                n_peers = 21 if level == "county" else 290
                rule["rank"] = int(rng.integers(3, 11)) if n_peers == 21 else int(rng.integers(10, 101))
                if rule["rank_by"] == "growth":
                    rule["base_year"] = by
            if "base_year" in rule and rule["base_year"] >= ty:
                rule["base_year"] = ty - 5
            ind = {k: meta[k] for k in ("key", "name", "unit", "measure_type", "direction", "decimals")}
            out.append(
                {
                    "target_key": f"{code}-{k:02d}",
                    "goal_key": f"{code}-g{k:02d}",
                    "goal_name": f"Mål {k + 1}",
                    "indicator": ind,
                    "area": code,
                    "area_name": name,
                    "rule": rule,
                    "breakdown": bd,
                }
            )
    return out


def load_specs(path: Path) -> list[Any]:
    """TargetSpec list from the JSON written by `main`."""
    from styrkedja.analytics import model as m

    specs = []
    for d in json.loads(path.read_text(encoding="utf-8")):
        specs.append(
            m.TargetSpec(
                target_key=d["target_key"],
                goal_key=d["goal_key"],
                goal_name=d["goal_name"],
                indicator=m.IndicatorInfo(**d["indicator"]),
                area=d["area"],
                area_name=d["area_name"],
                rule=m.TargetRule(**d["rule"]),
                breakdown=d["breakdown"],
            )
        )
    return specs


def peer_groups(areas: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    return {
        "counties": [c for c, _, lv in areas if lv == "county"],
        "municipalities": [c for c, _, lv in areas if lv == "municipality"],
    }


def paths(scale: str) -> tuple[Path, Path]:
    return OUT / f"observations_{scale}.parquet", OUT / f"targets_{scale}.json"


def generate(scale: str, seed: int = SEED) -> tuple[Path, Path]:
    conf = SCALES[scale]
    OUT.mkdir(parents=True, exist_ok=True)
    obs_path, tgt_path = paths(scale)
    t0 = time.perf_counter()
    obs, metas, areas = build_observations(conf["indicators"], seed)
    obs.write_parquet(obs_path, statistics=False)
    targets = build_targets(obs, metas, areas, conf["targets_per_strategy"], conf["core"], seed)
    tgt_path.write_text(json.dumps(targets), encoding="utf-8")
    meta_path = OUT / f"indicators_{scale}.json"
    meta_path.write_text(json.dumps(metas), encoding="utf-8")
    print(
        f"generated {obs.height:,} observations, {len(targets):,} targets in {time.perf_counter() - t0:.1f} s "
        f"-> {obs_path.relative_to(ROOT)}",
        file=sys.stderr,
    )
    return obs_path, tgt_path


# --- PostgreSQL -------------------------------------------------------------------------


def load_database(scale: str, database_url: str) -> None:
    """Migrate a Styrkedja database at `database_url` and COPY the generated observations into it
    (indicators, one import batch, then indicators_observation). Existing observations are replaced."""
    import os
    import subprocess

    import psycopg

    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([str(ROOT / ".venv" / "bin" / "styrkedja"), "init"], check=True, env=env)
    obs_path, _ = paths(scale)
    metas = json.loads((OUT / f"indicators_{scale}.json").read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    conninfo = database_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as conn, conn.cursor() as cur:
        # Bulk load: empty the table, drop its secondary indexes, foreign keys and unique constraint,
        # COPY, then re-create them (much faster than maintaining them row by row).
        cur.execute("TRUNCATE indicators_observationrevision, indicators_observation")
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'indicators_observation'::regclass AND contype IN ('f', 'u')"
        )
        constraints = cur.fetchall()
        for name, _ in constraints:
            cur.execute(f'ALTER TABLE indicators_observation DROP CONSTRAINT "{name}"')
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'indicators_observation' "
            "AND indexname NOT LIKE '%_pkey'"
        )
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    with psycopg.connect(conninfo, autocommit=False) as conn, conn.cursor() as cur:
        for pos, meta in enumerate(metas):
            cur.execute(
                "INSERT INTO indicators_indicator (key, name, name_en, definition, motivation, unit, measure_type, "
                "numerator, denominator, direction, decimals, periodicity, source_kind, source_spec, source_note, "
                "target_comment, followup_class, position, stand_in, family) "
                "VALUES (%s, %s, '', '', '', %s, %s, '', '', %s, %s, 'year', 'none', '{}', '', '', '', %s, '', '') "
                "ON CONFLICT (key) DO UPDATE SET measure_type = "
                "EXCLUDED.measure_type, unit = EXCLUDED.unit, direction = EXCLUDED.direction",
                (meta["key"], meta["name"], meta["unit"], meta["measure_type"], meta["direction"], meta["decimals"],
                 pos),
            )  # fmt: skip
        cur.execute(
            'INSERT INTO indicators_importbatch (source, location, "table", query, format, retrieved_at, '
            "imported_at, checksum, row_count, changed_count, notes) VALUES ('file', 'bench/evaluate', '', '{}', "
            "'parquet', '2025-01-15T00:00:00Z', now(), '', 0, 0, '[]') RETURNING id"
        )
        batch = cur.fetchone()[0]  # type: ignore[index]
        cur.execute("SELECT key, id FROM indicators_indicator")
        ind_ids = dict(cur.fetchall())
        cur.execute("SELECT code, id FROM areas_area")
        area_ids = dict(cur.fetchall())
        frame = pl.read_parquet(obs_path)
        ind_map = pl.DataFrame({"indicator": list(ind_ids), "indicator_id": list(ind_ids.values())})
        area_map = pl.DataFrame({"area": list(area_ids), "area_id": list(area_ids.values())})
        n = 0
        step = 2_000_000
        with cur.copy(
            "COPY indicators_observation (indicator_id, area_id, period, breakdown, value, numerator, denominator, "
            "status, symbol, batch_id) FROM STDIN WITH (FORMAT csv)"
        ) as copy:
            for off in range(0, frame.height, step):
                part = (
                    frame.slice(off, step)
                    .with_columns(pl.col(c).cast(pl.String) for c in ("indicator", "area", "period", "breakdown"))
                    .join(ind_map, on="indicator")
                    .join(area_map, on="area")
                    .select(
                        "indicator_id", "area_id", "period", "breakdown", "value", "numerator", "denominator",
                        pl.lit("final").alias("status"), pl.lit("").alias("symbol"), pl.lit(batch).alias("batch_id"),
                    )
                )  # fmt: skip
                buf = io.BytesIO()
                part.write_csv(buf, include_header=False)
                copy.write(buf.getvalue())
                n += part.height
        cur.execute("UPDATE indicators_importbatch SET row_count = %s WHERE id = %s", (n, batch))
        conn.commit()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for _, definition in indexes:
            conn.execute(definition)
        for name, definition in constraints:
            conn.execute(f'ALTER TABLE indicators_observation ADD CONSTRAINT "{name}" {definition}')
        conn.execute("VACUUM ANALYZE indicators_observation")
    print(f"loaded {n:,} observations into PostgreSQL in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", choices=sorted(SCALES), default="small")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--database-url", help="also migrate this database and COPY the observations into it")
    p.add_argument("--skip-files", action="store_true", help="reuse existing files (only load the database)")
    args = p.parse_args(argv)
    if not (args.skip_files and paths(args.scale)[0].exists()):
        generate(args.scale, args.seed)
    if args.database_url:
        load_database(args.scale, args.database_url)
    return 0


__all__ = ["AS_OF", "asdict", "generate", "load_specs", "paths", "peer_groups", "read_areas"]

if __name__ == "__main__":
    sys.exit(main())
