"""`styrkedja evaluate-file OBS.parquet|csv TARGETS.yaml|csv [--json]`: outside data, no database.

TARGETS.yaml is a list of target records, or a mapping with `targets` (that list) and optionally
`peer_groups` (name -> list of area codes, or name -> "counties" / "municipalities" / a county code
for its municipalities). TARGETS.csv has one target per row, the record's fields as columns. The
records are those of `outside.evaluate_frame`. Bad input exits 2 with a message naming the file,
row or target and what was expected.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate.outside import InputError, evaluate_frame
from styrkedja.data import RIKET, group_members


def read_observations(path: Path) -> pl.DataFrame:
    """Parquet as stored; CSV with every key column read as text (codes keep their leading zeros)."""
    try:
        if path.suffix.lower() == ".parquet":
            return pl.read_parquet(path)
        if path.suffix.lower() == ".csv":
            keys = {c: pl.String for c in ("indicator", "area", "period", "breakdown", "symbol")}
            return pl.read_csv(path, schema_overrides=keys, infer_schema_length=10_000)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(f"{path}: cannot read the observations ({exc})") from None
    raise InputError(f"{path}: expected a .parquet or .csv file of observations")


def read_targets(path: Path) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """(target records, peer groups) from a YAML or CSV file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the targets ({exc})") from None
    if path.suffix.lower() == ".csv":
        rows = [{k: v for k, v in row.items() if k is not None} for row in csv.DictReader(text.splitlines())]
        return rows, {}
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"{path}: expected a .yaml or .csv file of targets")
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: YAML syntax error: {exc}") from None
    if isinstance(doc, dict):
        records, groups = doc.get("targets"), _groups(doc.get("peer_groups") or {}, path)
    else:
        records, groups = doc, {}
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError(f"{path}: expected a list of targets (mappings with area, indicator, rule, target_year)")
    return records, groups


def _groups(raw: Any, path: Path) -> dict[str, list[str]]:
    """Peer groups by name, validated: known reference names expanded, at least two members, no Riket."""
    if not isinstance(raw, dict):
        raise InputError(f"{path}: peer_groups: expected a mapping of group name to a list of area codes")
    out: dict[str, list[str]] = {}
    for name, spec in raw.items():
        members = list(group_members(str(spec))) if isinstance(spec, str) else spec
        if not isinstance(members, list) or not members:
            raise InputError(f"{path}: peer_groups.{name}: expected a list of area codes, 'counties', "
                             "'municipalities' or a county code such as '07'")  # fmt: skip
        codes = sorted({str(c) for c in members} - {RIKET})
        if len(codes) < 2:
            raise InputError(f"{path}: peer_groups.{name}: a comparison needs at least 2 areas besides Riket, "
                             f"got {len(codes)}; list more area codes")  # fmt: skip
        out[str(name)] = codes
    return out


def _line(r: m.TargetResult) -> str:
    bench = r.benchmark
    parts = [r.target_key, r.area, r.indicator, r.rule, str(r.target_year), r.status]
    parts.append(f"data through {r.data_through}" if r.data_through is not None else "no data")
    if r.preliminary:
        parts.append("preliminary")
    if bench is not None:
        peers = f"{bench.kind} {bench.value:.4g}" if bench.value is not None else bench.kind
        parts.append(f"{peers} on {bench.n} peers")
        if bench.excluded:
            parts.append("missing: " + ", ".join(bench.excluded))
    if r.reason:
        parts.append(r.reason)
    return "  ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="styrkedja evaluate-file", description=__doc__.split("\n\n")[0])
    p.add_argument("observations", type=Path, help="observations (.parquet or .csv)")
    p.add_argument("targets", type=Path, help="targets (.yaml or .csv)")
    p.add_argument("--json", action="store_true", help="one JSON list of results instead of lines")
    p.add_argument("--as-of", type=date.fromisoformat, default=date.today(), help="evaluation date (YYYY-MM-DD)")
    p.add_argument("--workers", type=int, default=None, help="threads (default: the number of cores)")
    p.add_argument("--peer-coverage", type=float, default=m.DEFAULT_PEER_COVERAGE,
                   help="percent of a peer group that must have a year (default 90)")  # fmt: skip
    p.add_argument("--full", action="store_true", help="also forecasts and probabilities (much slower)")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    try:
        records, groups = read_targets(args.targets)
        obs = read_observations(args.observations)
        results = evaluate_frame(obs, records, as_of=args.as_of, peer_groups=groups, workers=args.workers,
                                 peer_coverage=args.peer_coverage, full=args.full,
                                 names=(str(args.observations), str(args.targets)))  # fmt: skip
    except InputError as exc:
        print(f"styrkedja evaluate-file: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump([r.to_dict() for r in results], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for r in results:
            print(_line(r))
        print(f"{len(results)} targets evaluated in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0
