"""The vectorised evaluation paths against plain per-target computations (seeded random panels)."""

from __future__ import annotations

import statistics
from datetime import date

import numpy as np
import polars as pl
import pytest
from scipy import stats

from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics import simulate as sim
from styrkedja.analytics import targets as tg
from styrkedja.analytics.evaluate import Store, evaluate, status_from_data
from styrkedja.analytics.frames import COUNTY_CODES, observations_frame

AS_OF = date(2025, 6, 1)
YEARS = list(range(2005, 2025))
AREAS = ["00", *COUNTY_CODES]


def random_panel(seed: int, n_ind: int = 3) -> tuple[pl.DataFrame, dict[tuple[str, str], dict[int, float]]]:
    """Random positive series for Riket and the 21 counties, with gaps, lagging and absent series."""
    rng = np.random.default_rng(seed)
    rows = []
    plain: dict[tuple[str, str], dict[int, float]] = {}
    for k in range(n_ind):
        ind = f"x{k}"
        for a in AREAS:
            if rng.random() < 0.05:
                continue  # absent series (a missing peer)
            level = rng.uniform(50, 500)
            drift = rng.normal(0.01, 0.02)
            for y in YEARS:
                if rng.random() < 0.05 or (y == YEARS[-1] and rng.random() < 0.1):
                    continue
                v = float(round(level * np.exp(drift * (y - YEARS[0]) + rng.normal(0, 0.03)), 3))
                rows.append({"indicator": ind, "area": a, "period": str(y), "breakdown": "T", "value": v})
                plain.setdefault((ind, a), {})[y] = v
    return observations_frame(rows), plain


def make_spec(rule: m.TargetRule, area: str, ind: str, key: str, direction: str = m.HIGHER_IS_BETTER) -> m.TargetSpec:
    info = m.IndicatorInfo(key=ind, name="Indikatorn", measure_type="count", direction=direction)
    return m.TargetSpec(target_key=key, goal_key="g", goal_name="Mål", indicator=info, area=area,
                        area_name=area, rule=rule)  # fmt: skip


def random_specs(seed: int, n_ind: int = 3, n: int = 150) -> list[m.TargetSpec]:
    rng = np.random.default_rng(seed + 1)
    out = []
    for k in range(n):
        ind = f"x{rng.integers(n_ind)}"
        area = str(rng.choice(COUNTY_CODES))
        ty = int(rng.choice([2020, 2022, 2024, 2026, 2030]))
        by = int(rng.choice([2008, 2010, 2015]))
        kind = int(rng.integers(5))
        direction = m.LOWER_IS_BETTER if rng.random() < 0.3 else m.HIGHER_IS_BETTER
        if kind == 0:
            rule = m.TargetRule(rule=m.LEVEL, target_year=ty, operator=str(rng.choice([">=", "<="])),
                                value=float(rng.uniform(50, 600)))  # fmt: skip
        elif kind == 1:
            rule = m.TargetRule(rule=m.CHANGE, target_year=ty, base_year=by, change=str(rng.choice(["increase",
                                "decrease"])), value=None if rng.random() < 0.5 else 5.0)  # fmt: skip
        elif kind == 2:
            rule = m.TargetRule(rule=m.GROWTH_VS_BENCHMARK, target_year=ty, base_year=by, operator=">",
                                benchmark=str(rng.choice(["riket", "peer_median", "peer_mean"])))  # fmt: skip
        elif kind == 3:
            rule = m.TargetRule(rule=m.LEVEL_VS_BENCHMARK, target_year=ty, operator=str(rng.choice([">", ">="])),
                                benchmark=str(rng.choice(["riket", "peer_median", "peer_mean"])))  # fmt: skip
        else:
            rb = str(rng.choice(["level", "growth"]))
            rule = m.TargetRule(rule=m.RANK, target_year=ty, rank=int(rng.integers(1, 22)), rank_by=rb,
                                base_year=by if rb == "growth" else None)  # fmt: skip
        out.append(make_spec(rule, area, ind, f"t{k}", direction))
    return out


def plain_status(spec: m.TargetSpec, plain: dict[tuple[str, str], dict[int, float]]) -> tuple[str, int] | None:  # noqa: C901
    """(met/not_met, data_through) computed per target with plain Python; None when not evaluable."""
    r, ind = spec.rule, spec.indicator.key
    own = plain.get((ind, spec.area), {})
    own_years = [y for y in own if y <= min(r.target_year, AS_OF.year)]
    if not own_years:
        return None
    if r.rule in (m.LEVEL, m.CHANGE):
        y = max(own_years)
        v = own[y]
        if r.rule == m.LEVEL:
            thr, op = float(r.value or 0), r.operator
        else:
            if r.base_year not in own:
                return None
            b = own[r.base_year]
            up = r.change == "increase"
            if r.value is None:
                thr, op = b, (">" if up else "<")
            else:
                thr, op = b * (1 + (1 if up else -1) * r.value / 100), (">=" if up else "<=")
        met = {">": v > thr, ">=": v >= thr, "<": v < thr, "<=": v <= thr}[op]
        return ("met" if met else "not_met"), y
    by_growth = r.rule == m.GROWTH_VS_BENCHMARK or r.rank_by == "growth"
    peers = list(COUNTY_CODES)
    if by_growth and r.base_year not in own:
        return None

    def has(a: str, y: int) -> bool:
        """The area has year y (and, for growth, its base year before it)."""
        s = plain.get((ind, a), {})
        return y in s and (not by_growth or (r.base_year in s and y > (r.base_year or 0)))

    def benchmark_formed(y: int) -> bool:
        """Riket has the year (Riket benchmark), else at least 90 % of the 21 counties (19) have it."""
        if r.rule != m.RANK and r.benchmark == "riket":
            return has("00", y)
        return sum(has(a, y) for a in peers) >= 19

    candidates = [y for y in own_years if has(spec.area, y) and benchmark_formed(y)]
    if not candidates:
        return None
    end = max(candidates)

    def val(a: str) -> float | None:
        s = plain.get((ind, a), {})
        if end not in s:
            return None
        if not by_growth:
            return s[end]
        b = s.get(r.base_year or 0)
        return None if b is None or b <= 0 else (s[end] / b - 1) * 100

    mine = val(spec.area)
    if mine is None:
        return None
    pv = [v for a in peers if (v := val(a)) is not None]
    sign = -1 if spec.indicator.direction == m.LOWER_IS_BETTER else 1
    if r.rule == m.RANK:
        rank = 1 + sum(sign * v > sign * mine for v in pv)
        met = rank <= (r.rank or 1)
    else:
        bench = val("00") if r.benchmark == "riket" else (
            statistics.median(pv) if r.benchmark == "peer_median" else statistics.fmean(pv))  # fmt: skip
        if bench is None:
            return None
        met = {">": mine > bench, ">=": mine >= bench}[r.operator]
    return ("met" if met else "not_met"), end


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_status_from_data_matches_a_plain_per_target_computation(seed: int) -> None:
    obs, plain = random_panel(seed)
    specs = random_specs(seed)
    res = status_from_data(specs, obs, as_of=AS_OF)
    full = evaluate(specs, obs, as_of=AS_OF, n_sims=200)
    checked = 0
    for spec, r, f in zip(specs, res, full, strict=True):
        expected = plain_status(spec, plain)
        if expected is None or r.status == m.NO_DATA:
            continue
        assert (r.status, r.data_through) == expected, spec
        if f.status in (m.MET, m.NOT_MET):
            assert f.status == r.status and f.data_through == r.data_through
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("seed", [4, 5])
def test_absolute_probabilities_match_per_row_drift_model(seed: int) -> None:
    obs, plain = random_panel(seed)
    specs = [s for s in random_specs(seed, n=200) if s.rule.rule in (m.LEVEL, m.CHANGE)]
    res = evaluate(specs, obs, as_of=AS_OF, sd_inflation=1.0, horizon_power=0.0)
    checked = 0
    for spec, r in zip(specs, res, strict=True):
        if r.probability is None:
            continue
        s = plain[(spec.indicator.key, spec.area)]
        years = np.arange(YEARS[0], spec.rule.target_year + 1, dtype=np.int64)
        row = np.array([[s.get(int(y), np.nan) for y in years]])
        z = np.log(row)
        fit = fc.fit_drift(z, years)
        mean, sd = fit.predict(spec.rule.target_year)
        if spec.rule.rule == m.LEVEL:
            thr, op = float(spec.rule.value or 0), spec.rule.operator
        else:
            b = s[spec.rule.base_year or 0]
            up = spec.rule.change == "increase"
            thr = b if spec.rule.value is None else b * (1 + (1 if up else -1) * spec.rule.value / 100)
            op = (">" if up else "<") if spec.rule.value is None else (">=" if up else "<=")
        q = (np.log(thr) - mean[0]) / sd[0]
        cdf = stats.t.cdf(q, fit.df[0])
        p = 1 - cdf if op in (">", ">=") else cdf
        assert r.probability == pytest.approx(p, abs=1e-9)
        if r.caution == m.CAUTION_STALE:  # data ending long before the evaluation: no interval drawn
            assert r.forecast is None and r.data_through is not None and r.data_through < AS_OF.year - 3
            continue
        assert r.forecast is not None and r.forecast.point == pytest.approx(np.exp(mean[0]), rel=1e-9)
        checked += 1
    assert checked > 20


def test_simulated_probability_agrees_with_an_independent_simulation() -> None:
    """P(growth above the peer median) from the shared-draw simulation vs a plain numpy simulation."""
    obs, plain = random_panel(11, n_ind=1)
    rule = m.TargetRule(
        rule=m.GROWTH_VS_BENCHMARK, target_year=2028, base_year=2010, benchmark="peer_median", operator=">"
    )
    rank = m.TargetRule(rule=m.RANK, target_year=2028, base_year=2010, rank_by="growth", rank=8)
    areas = [a for a in COUNTY_CODES if ("x0", a) in plain][:6]
    specs = [make_spec(rule, a, "x0", f"g{a}") for a in areas] + [make_spec(rank, a, "x0", f"r{a}") for a in areas]
    n = 4000
    res = evaluate(specs, obs, as_of=AS_OF, n_sims=n, sd_inflation=1.0, horizon_power=0.0)
    universe = sorted(set(COUNTY_CODES) | {"00"})
    years = np.arange(YEARS[0], 2029, dtype=np.int64)
    mat = np.array([[plain.get(("x0", a), {}).get(int(y), np.nan) for y in years] for a in universe])
    fit = fc.fit_drift(np.log(mat), years)
    mean, sd = fit.predict(2028)
    rng = np.random.default_rng(99)
    draws = fc.inverse(fc.simulate_t(mean, sd, fit.df, n, rng), "log")
    g = tg.growth(mat[:, list(years).index(2010)][None, :], draws, "percent")
    peer = np.isin(universe, COUNTY_CODES)
    med, _ = tg.benchmark_values(g, peer, "peer_median", 0)
    idx = np.array([universe.index(a) for a in areas])
    p_med = tg.compare(g[:, idx], med[:, None], ">").mean(axis=0)
    p_rank = tg.rank_at_most(g, peer, idx, 8, m.HIGHER_IS_BETTER).mean(axis=0)
    got = np.array([r.probability for r in res], dtype=float)
    want = np.concatenate([p_med, p_rank])
    # two independent Monte Carlo estimates: sd of the difference <= sqrt(2 * 0.25 / 4000) = 0.011
    assert np.all(np.abs(got - want) < 0.045), (got, want)


def test_shared_draws_are_reproducible_and_batch_independent() -> None:
    obs, _ = random_panel(21)
    specs = random_specs(21)
    a = evaluate(specs, obs, as_of=AS_OF, seed=3, n_sims=300)
    b = evaluate(list(reversed(specs)), obs, as_of=AS_OF, seed=3, n_sims=300)
    assert [r.probability for r in a] == [r.probability for r in reversed(b)]
    for k in range(0, len(specs), 7):
        # the calibration is learnt from the catalogue's series, not only from the targets evaluated
        catalogue = [s.indicator for s in specs]
        alone = evaluate([specs[k]], obs, as_of=AS_OF, seed=3, n_sims=300, catalogue=catalogue)[0]
        assert alone.probability == a[k].probability and alone.status == a[k].status
    c = evaluate(specs, obs, as_of=AS_OF, seed=4, n_sims=300)
    assert [r.probability for r in c] != [r.probability for r in a]


@pytest.mark.parametrize("seed", range(6))
def test_fast_benchmarks_match_the_general_functions(seed: int) -> None:
    rng = np.random.default_rng(seed)
    k, u = 50, int(rng.integers(3, 40))
    vals = rng.normal(0, 10, (k, u)).astype(np.float32)
    vals[:, rng.random(u) < 0.2] = np.nan  # whole columns missing (no fit / no base value)
    if seed % 3 == 0:
        vals[rng.integers(k), rng.integers(u)] = np.nan  # a single missing cell: general path
    peer = rng.random(u) < 0.8
    peer[0] = False  # Riket
    for kind in ("peer_median", "peer_mean", "riket"):
        want, _ = tg.benchmark_values(vals.astype(np.float64), peer, kind, 0)
        got = sim.peer_benchmark(vals, peer, kind, 0)
        np.testing.assert_allclose(got, want.astype(np.float32), rtol=1e-6, equal_nan=True)
    idx = np.arange(u, dtype=np.int64)
    for n_best in (1, 3, u // 2 + 1, u + 2):
        for direction in (m.HIGHER_IS_BETTER, m.LOWER_IS_BETTER):
            want_met = tg.rank_at_most(vals.astype(np.float64), peer, idx, n_best, direction)
            kth = sim.nth_best(vals, peer, n_best, direction)
            got_met = sim.rank_met(vals, kth[:, None], direction)
            assert np.array_equal(got_met, want_met)


def test_store_accepts_enum_keys_and_builds_share_totals() -> None:
    obs, _ = random_panel(31)
    parts = observations_frame([
        {"indicator": "s", "area": "07", "period": "2024", "breakdown": b, "value": None, "numerator": n,
         "denominator": d} for b, n, d in (("K", 3.0, 10.0), ("M", 1.0, 30.0))
    ])  # fmt: skip
    frame = pl.concat([obs, parts])
    enums = frame.with_columns(
        pl.col(c).cast(pl.Enum(sorted(frame[c].unique().to_list())))
        for c in ("indicator", "area", "period", "breakdown")
    )
    pairs = [("x0", "T"), ("x1", "T"), ("s", "T"), ("x2", "K")]
    a = Store.build(frame, pairs, ["s"], 2024)
    b = Store.build(enums, pairs, ["s"], 2024)
    for ind, bd in pairs:
        ma, ya = a.matrix(ind, bd, AREAS, 2026)
        mb, yb = b.matrix(ind, bd, AREAS, 2026)
        np.testing.assert_array_equal(ya, yb)
        np.testing.assert_array_equal(ma, mb)
    share, years = a.matrix("s", "T", ["07"], 2024)
    assert share[0, list(years).index(2024)] == pytest.approx(10.0)  # pooled: 100 * 4 / 40


def test_results_do_not_depend_on_the_number_of_threads() -> None:
    obs, _ = random_panel(41)
    specs = random_specs(41)
    one = evaluate(specs, obs, as_of=AS_OF, n_sims=200, workers=1)
    two = evaluate(specs, obs, as_of=AS_OF, n_sims=200, workers=3)
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]
