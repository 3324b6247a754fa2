"""Smoke test of the national-scale benchmark generator (bench/evaluate/generate.py) at a tiny size."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import polars as pl

from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate import evaluate

BENCH = Path(__file__).resolve().parents[2] / "bench" / "evaluate" / "generate.py"


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_evaluate_generate", BENCH)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_generator_builds_a_deterministic_national_panel_and_valid_targets(tmp_path: Path) -> None:
    gen = load_generator()
    obs, metas, areas = gen.build_observations(4, seed=5)
    again, _, _ = gen.build_observations(4, seed=5)
    assert obs.equals(again)  # deterministic
    assert len(areas) == 312 and {a[2] for a in areas} == {"country", "county", "municipality"}
    assert set(obs["area"].cast(pl.String).unique().to_list()) <= {a[0] for a in areas}
    assert set(obs["breakdown"].cast(pl.String).unique().to_list()) == {"T", "K", "M"}
    full = 4 * 3 * 312 * len(gen.YEARS)
    assert 0.9 * full < obs.height < full  # some values missing
    shares = [mt["key"] for mt in metas if mt["measure_type"] == "share" or mt["unit"] == "%"]
    if shares:
        v = obs.filter(pl.col("indicator").cast(pl.String).is_in(shares))["value"]
        assert v.min() >= 0 and v.max() <= 100  # type: ignore[operator]
    targets = gen.build_targets(obs, metas, areas, per=6, core=2, seed=5)
    assert len(targets) == 311 * 6  # one strategy per county and municipality
    path = tmp_path / "targets.json"
    path.write_text(json.dumps(targets), encoding="utf-8")
    specs = gen.load_specs(path)
    assert all(not s.rule.problems() for s in specs)
    assert {s.rule.rule for s in specs} >= {m.LEVEL, m.CHANGE, m.GROWTH_VS_BENCHMARK, m.LEVEL_VS_BENCHMARK, m.RANK}
    sample = specs[:: len(specs) // 60]
    res = evaluate(sample, obs, peer_groups=gen.peer_groups(areas), as_of=date(2025, 6, 1), n_sims=100)
    assert len(res) == len(sample)
    assert sum(r.status != m.NO_DATA for r in res) > 0.8 * len(res)
