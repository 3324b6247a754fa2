"""Benchmark the composite index's Monte Carlo uncertainty analysis against a plain pandas loop.

    .venv/bin/python bench/index/run.py --scale small     # 290 x 60, 50 runs: a few seconds
    .venv/bin/python bench/index/run.py                   # 290 municipalities x 60 indicators x 1,000 runs

Synthetic, seeded data: 290 units in 21 groups, 60 indicators in 6 factors of 10 (skewed, some with
denominators, 3 % missing). Both sides compute the same thing, in the same run:

  ours     `sensitivity.uncertainty()` with the default pipeline and +-25 % noise on the indicator weights
           (the prepared data are computed once and shared by every run)
  pandas   the same runs as a plain loop: for each run, the full default pipeline in pandas
           (tests/analytics/composite/pandas_reference.py) with that run's weights, then the ranks

It checks that both give the same ranks for every run the baseline ran, then prints the times and the ratio.
The pandas loop takes about half a second per run, so by default it runs the first 50 runs only and its time
is extrapolated per run (`--baseline-runs 1000` runs it all, ~8 minutes). A second line
times `uncertainty()` over the full assumption space (imputation x treatment x normalisation x aggregation x
weights), which the baseline does not implement.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.analytics.composite import pandas_reference  # noqa: E402

from styrkedja.analytics.composite.framework import Framework, Node, build_framework  # noqa: E402
from styrkedja.analytics.composite.pipeline import IndexData  # noqa: E402
from styrkedja.analytics.composite.sensitivity import Assumptions, Runner, uncertainty  # noqa: E402

SCALES = {"small": (290, 60, 50), "full": (290, 60, 1000)}


def generate(units: int, indicators: int, seed: int = 15) -> tuple[Framework, IndexData]:
    rng = np.random.default_rng(seed)
    factors = 6
    nodes = [Node(f"F{k}", 2, "Index") for k in range(factors)] + [Node("Index", 3, None)]
    for j in range(indicators):
        nodes.append(
            Node(
                f"i{j:02d}",
                1,
                f"F{j % factors}",
                direction=1 if j % 4 else -1,
                denominator="pop" if j % 5 == 0 else None,
            )
        )
    values = rng.lognormal(mean=2.0, sigma=rng.uniform(0.2, 1.2, indicators), size=(units, indicators))
    values[rng.random(values.shape) < 0.03] = np.nan
    groups = tuple(f"g{g:02d}" for g in rng.integers(0, 21, units))
    pop = rng.lognormal(10, 1, units)
    return build_framework(nodes), IndexData(tuple(f"u{i:04d}" for i in range(units)), values, groups, {"pop": pop})


def pandas_loop(
    framework: Framework, data: IndexData, weight_sets: list[dict[int, np.ndarray]], choices: list[int]
) -> np.ndarray:
    codes = [c for level in framework.levels for c in level]
    meta = pd.DataFrame(
        {
            "Level": [framework.nodes[c].level for c in codes],
            "Parent": [framework.nodes[c].parent for c in codes],
            "Weight": [framework.nodes[c].weight for c in codes],
            "Direction": [framework.nodes[c].direction or 1 for c in codes],
            "Denominator": [framework.nodes[c].denominator or "" for c in codes],
        },
        index=codes,
    )
    raw = pd.DataFrame(data.values, index=list(data.units), columns=list(framework.indicators))
    denoms = pd.DataFrame({k: v for k, v in data.denominators.items()}, index=raw.index)
    groups = pd.Series(data.groups, index=raw.index)
    out = []
    for w in choices:
        weights = {
            c: float(v)
            for level, ws in weight_sets[w].items()
            for c, v in zip(framework.levels[level - 1], ws, strict=True)
        }
        built = pandas_reference.build(raw, meta, denoms, groups, 5, weights)
        top = built[f"level{len(framework.levels)}"][framework.top]
        out.append(top.rank(ascending=False, method="min").to_numpy())
    return np.vstack(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=SCALES, default="full")
    parser.add_argument("--baseline-runs", type=int, default=50, help="runs of the pandas loop (extrapolated)")
    args = parser.parse_args()
    units, indicators, runs = SCALES[args.scale]
    framework, data = generate(units, indicators)
    weights_only = Assumptions(
        imputation=("group_mean",),
        winmax=(5,),
        normalisation=("minmax",),
        aggregation=("arithmetic",),
        weight_noise=0.25,
        weight_sets=runs,
    )

    start = time.perf_counter()
    ours = uncertainty(data, framework, runs=runs, seed=1, assumptions=weights_only)
    t_ours = time.perf_counter() - start

    runner = Runner(data, framework, weights_only, seed=1)  # the same weight sets and draws as `ours`
    u = np.random.default_rng(2).random((runs, 5))
    draws = [c[4] for c in runner.decode(u)]
    sample = min(args.baseline_runs, runs)
    start = time.perf_counter()
    baseline = pandas_loop(framework, data, runner.weight_sets, draws[:sample])
    t_pandas = (time.perf_counter() - start) * runs / sample
    same = np.array_equal(baseline, ours.ranks[:sample])

    start = time.perf_counter()
    uncertainty(data, framework, runs=runs, seed=1)
    t_full = time.perf_counter() - start

    print(f"{units} units x {indicators} indicators x {runs} runs")
    print(f"  ours (weights noise)   {t_ours:8.2f} s")
    note = "" if sample == runs else f" (extrapolated from {sample} runs)"
    print(
        f"  pandas loop            {t_pandas:8.2f} s{note}   ratio pandas/ours {t_pandas / t_ours:6.1f}x   "
        f"same ranks: {same}"
    )
    print(f"  ours (all assumptions) {t_full:8.2f} s")
    if not same:
        sys.exit("the pandas loop and uncertainty() disagree")


if __name__ == "__main__":
    main()
