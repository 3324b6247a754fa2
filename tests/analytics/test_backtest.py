"""The back-test behind the methods page, recomputed by plain loops (issue 14)."""

from __future__ import annotations

import zlib

import numpy as np
import polars as pl

from styrkedja.analytics import backtest as bt
from styrkedja.analytics import forecast as fc
from styrkedja.analytics import shocks


def _panel() -> bt.Panel:
    rng = np.random.default_rng(2)
    counties = 1000 * rng.uniform(1, 5, (21, 1)) * np.exp(rng.normal(0.01, 0.02, (21, 12)).cumsum(axis=1))
    values = np.vstack([counties.sum(axis=0), counties])  # Riket is the sum of the counties
    areas = ("00", *(f"{i:02d}" for i in range(1, 22)))
    return bt.Panel("x", "level", fc.LOG, "percent", areas, 0, np.arange(2010, 2022), values)


def test_coverage_per_outcome_year_is_a_plain_count_of_the_hits() -> None:
    report = bt.run([_panel()], n_sims=200, methods=(bt.NEW,))
    table = {(r["outcome"]): (r["n"], r["coverage"]) for r in bt.coverage_by_outcome(report).iter_rows(named=True)}
    plain: dict[int, list[bool]] = {}
    for r in report.hits.filter(pl.col("level") == 0.8).iter_rows(named=True):
        plain.setdefault(r["origin"] + r["horizon"], []).append(r["hit"])
    assert set(table) == set(plain)
    for year, hits in plain.items():
        assert table[year][0] == len(hits) and abs(table[year][1] - sum(hits) / len(hits)) < 1e-12


def test_above_riket_probability_equals_a_plain_loop_over_the_simulated_counties() -> None:
    p = _panel()
    origin, h, seed, n_sims = 2017, 3, 20_240_101, 300
    report = bt.run([p], n_sims=n_sims, seed=seed, methods=(bt.NEW,))
    got = report.events.filter(
        (pl.col("event") == "above_riket") & (pl.col("origin") == origin) & (pl.col("horizon") == h)
    )
    # The same simulated county paths (same generator, same scale), then Riket summed and the event
    # counted draw by draw in plain Python.
    scale = bt.learn_at([p], origin)[1]["level"]
    keep = p.years <= origin
    rng = np.random.default_rng([seed, zlib.crc32(f"{p.name}|{bt.NEW}".encode()), origin, h])
    factor = np.full(p.values.shape[0], float(scale.factor(h)))
    z = shocks.simulate(p.z[:, keep], p.years[keep], origin + h, n_sims, rng, factor)
    base = p.values[:, list(p.years).index(origin - bt.BASE_LAG)]
    ratio = p.values[0, keep][-1] / p.values[1:, keep][:, -1].sum()
    for row in got.iter_rows(named=True):
        a = p.areas.index(row["area"])
        above = 0
        for d in range(n_sims):
            counties = np.exp(z[d, 1:])
            riket = ratio * sum(counties)
            above += counties[a - 1] / base[a] > riket / base[0]
        assert abs(row["p"] - above / n_sims) < 1e-12
