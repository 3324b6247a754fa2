"""The entry points: group the specs, build the store, evaluate absolute and relative targets, explain."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from threadpoolctl import threadpool_limits

from styrkedja.analytics import conformal as cf
from styrkedja.analytics import forecast as fc
from styrkedja.analytics import model as m
from styrkedja.analytics import simulate as sim
from styrkedja.analytics.evaluate.absolute import (
    _eval_absolute,
)
from styrkedja.analytics.evaluate.caution import with_caution
from styrkedja.analytics.evaluate.context import (
    Context,
    _finish,
    _no_data,
    _Pending,
    _Summaries,
    missing_symbols,
)
from styrkedja.analytics.evaluate.relative import (
    _eval_relative,
)
from styrkedja.analytics.evaluate.store import (
    DEFAULT_N_SIMS,
    DEFAULT_SEED,
    MIN_PEERS,
    RELATIVE_RULES,
    FloatArray,
    IntArray,
    Store,
)
from styrkedja.analytics.family import family_of
from styrkedja.analytics.frames import FrameError, area_level, resolve_peers
from styrkedja.data import RIKET

# --- Entry point ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Calibration:
    """The per-family forecast calibration an evaluation learnt (`_learn`). A later evaluation of a
    subset of the targets (after one indicator's import) reuses it, so that its probabilities are those
    the full evaluation gives with the same calibration, not those of a calibration on the subset."""

    scales: Mapping[str, cf.Scale]
    relative_scales: Mapping[str, cf.Scale]

    def to_dict(self) -> dict[str, dict[str, dict[str, Any]]]:
        return {
            "scales": {f: asdict(s) for f, s in self.scales.items()},
            "relative_scales": {f: asdict(s) for f, s in self.relative_scales.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> Calibration:
        def scales(part: str) -> dict[str, cf.Scale]:
            return {f: cf.Scale(**s) for f, s in data.get(part, {}).items()}

        return cls(scales("scales"), scales("relative_scales"))


def _group_key(spec: m.TargetSpec) -> tuple[Any, ...]:
    rule = spec.rule
    if rule.rule in RELATIVE_RULES:
        peers_key: Any = ("group", rule.peer_group) if rule.peer_group else ("default", area_level(spec.area))
    else:
        peers_key = None
    return (spec.indicator, spec.breakdown, rule, peers_key)


def evaluate(
    specs: Sequence[m.TargetSpec],
    observations: pl.DataFrame,
    *,
    peer_groups: Mapping[str, Sequence[str]] | None = None,
    as_of: date,
    thresholds: tuple[float, float] = (0.7, 0.3),
    seed: int = DEFAULT_SEED,
    n_sims: int = DEFAULT_N_SIMS,
    sd_inflation: float | None = None,
    horizon_power: float | None = None,
    level: float = 0.8,
    workers: int | None = None,
    catalogue: Sequence[m.IndicatorInfo] = (),
    peer_coverage: float = m.DEFAULT_PEER_COVERAGE,
    calibration: Calibration | None = None,
) -> list[m.TargetResult]:
    """Evaluate every spec against the observations (a frame as built by `frames.observations_frame`;
    the key columns may also be polars Enum/Categorical).

    Years after `as_of.year` are ignored. `thresholds` = (on-track, off-track) probability cut-offs.
    The drift forecast's sd is multiplied by a factor `k * min(h, 10)**gamma` learnt per indicator
    family from the back-test errors in `observations` (`conformal.learn_scales`); relative targets
    simulate every peer jointly with common shocks (`shocks.simulate`). Passing `sd_inflation` (and
    `horizon_power`) fixes the factor for every indicator instead (1.0 and 0.0: the textbook
    interval) and simulates peers independently. `catalogue`: further indicators whose series (total
    breakdown) join the calibration, so that a probability does not depend on which targets are
    evaluated together (pass the whole indicator catalogue). `workers`: threads for the relative targets
    (default: the number of cores; results do not depend on it). `peer_coverage`: the percent of a
    peer group that must have the target year for it to be compared on that year (the missing peers
    are named; below it the comparison falls back a year); a target's own `peer_coverage` wins.
    `calibration`: use this one (from `evaluate_calibrated` on the same data) instead of learning it.
    Returns results in the order of `specs`."""
    ctx = Context(as_of, thresholds, seed, n_sims, sd_inflation, level, horizon_power, peer_coverage=peer_coverage)
    return _run(specs, observations, peer_groups, ctx, workers, catalogue, calibration)


def evaluate_calibrated(
    specs: Sequence[m.TargetSpec],
    observations: pl.DataFrame,
    *,
    peer_groups: Mapping[str, Sequence[str]] | None = None,
    as_of: date,
    calibration: Calibration | None = None,
    peer_coverage: float = m.DEFAULT_PEER_COVERAGE,
) -> tuple[list[m.TargetResult], Calibration]:
    """`evaluate` with the defaults, also giving the calibration it used (learnt, or `calibration`)."""
    ctx = Context(as_of, (0.7, 0.3), DEFAULT_SEED, DEFAULT_N_SIMS, None, 0.8, None, peer_coverage=peer_coverage)
    results = _run(specs, observations, peer_groups, ctx, None, (), calibration)
    return results, Calibration(dict(ctx.scales), dict(ctx.relative_scales))


def status_from_data(
    specs: Sequence[m.TargetSpec],
    observations: pl.DataFrame,
    *,
    peer_groups: Mapping[str, Sequence[str]] | None = None,
    as_of: date,
    workers: int | None = None,
    peer_coverage: float = m.DEFAULT_PEER_COVERAGE,
) -> list[m.TargetResult]:
    """Only the part of `evaluate` that comes from the data: growth, benchmark, rank and whether the
    rule holds at `data_through`, for every target (no forecasts, probabilities or explanations).
    Targets whose target year is not yet published get `met`/`not_met` as of `data_through` and
    `preliminary=True`. Used by the benchmark, `evaluate_frame` and quick checks; pages use `evaluate`.
    `workers` and `peer_coverage` as for `evaluate`."""
    ctx = Context(as_of, (0.7, 0.3), DEFAULT_SEED, DEFAULT_N_SIMS, None, 0.8, None, forecasts=False,
                  peer_coverage=peer_coverage)  # fmt: skip
    return _run(specs, observations, peer_groups, ctx, workers)


def _run(
    specs: Sequence[m.TargetSpec],
    observations: pl.DataFrame,
    peer_groups: Mapping[str, Sequence[str]] | None,
    ctx: Context,
    workers: int | None = None,
    catalogue: Sequence[m.IndicatorInfo] = (),
    calibration: Calibration | None = None,
) -> list[m.TargetResult]:
    pending: list[_Pending | None] = [None] * len(specs)
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    absolute: list[int] = []
    for i, spec in enumerate(specs):
        problems = spec.rule.problems()
        if problems:
            detail = "; ".join(f"{f}: {msg}" for f, msg in problems)
            pending[i] = (_no_data(spec, m.Reason(m.Why.INVALID_RULE, detail=detail)), None)
            continue
        if spec.rule.rule not in RELATIVE_RULES:
            absolute.append(i)
            continue
        try:
            groups[_group_key(spec)].append(i)
        except FrameError:  # the only failure here: the area is not an SCB code
            pending[i] = (_no_data(spec, m.Reason(m.Why.NOT_AN_AREA, detail=spec.area)), None)
    used = absolute + [i for idx in groups.values() for i in idx]
    indicators = [specs[i].indicator for i in used] + list(catalogue)
    pairs = _store_pairs(specs, used, catalogue, ctx)
    shares = sorted({ind.key for ind in indicators if ind.measure_type == "share"})
    store = Store.build(observations, sorted(pairs), shares, ctx.as_of.year)
    ctx.symbols = missing_symbols(observations, pairs, ctx.as_of.year)
    if calibration is not None and ctx.forecasts and not ctx.fixed:
        ctx.scales, ctx.relative_scales = dict(calibration.scales), dict(calibration.relative_scales)
    else:
        _learn(ctx, store, indicators, sorted(pairs))
    ctx.bank = sim.TBank(ctx.seed, ctx.n_sims)
    ctx.summaries = _Summaries(int(store.years[0])) if ctx.forecasts else None
    if absolute:
        for i, p in zip(absolute, _eval_absolute([specs[i] for i in absolute], store, ctx), strict=True):
            pending[i] = p
    for i, p in _run_relative(specs, groups, store, peer_groups, ctx, workers):
        pending[i] = p
    return _complete(specs, pending, store, ctx)


def _run_relative(
    specs: Sequence[m.TargetSpec],
    groups: Mapping[tuple[Any, ...], list[int]],
    store: Store,
    peer_groups: Mapping[str, Sequence[str]] | None,
    ctx: Context,
    workers: int | None,
) -> list[tuple[int, _Pending]]:
    """The relative targets' results, by index into `specs`.

    Per indicator/breakdown: the caches (matrices, fits, simulated values,
    benchmarks) are shared within one pair, and pairs are independent, so they run in threads
    (numpy releases the GIL in the heavy parts: sorting, arithmetic)."""
    buckets: dict[tuple[str, str], list[tuple[tuple[Any, ...], list[int]]]] = defaultdict(list)
    for key, idx in sorted(groups.items(), key=lambda kv: (kv[0][0].key, kv[0][1], kv[0][2].target_year)):
        buckets[(key[0].key, key[1])].append((key, idx))

    def run_bucket(items: list[tuple[tuple[Any, ...], list[int]]]) -> list[tuple[int, _Pending]]:
        local = replace(ctx, mats={}, fits={}, vals={}, bench={})
        out: list[tuple[int, _Pending]] = []
        for key, idx in items:
            group_specs = [specs[i] for i in idx]
            out.extend(zip(idx, _evaluate_group(key, group_specs, store, peer_groups, local), strict=True))
        return out

    n_workers = max(1, min(workers if workers is not None else (os.cpu_count() or 1), len(buckets), 8))
    # The simulation's matrix products are small (1,000 draws x ~25 years x the areas): a
    # multi-threaded BLAS spends more on waking its threads than on the product (measured 2x
    # slower per call), and it would compete with these threads for the same cores.
    with threadpool_limits(limits=1, user_api="blas"):
        if n_workers == 1:
            done = [run_bucket(b) for b in buckets.values()]
        else:
            with ThreadPoolExecutor(max_workers=n_workers) as pool:
                done = list(pool.map(run_bucket, buckets.values()))
    return [item for part in done for item in part]


def _complete(
    specs: Sequence[m.TargetSpec], pending: list[_Pending | None], store: Store, ctx: Context
) -> list[m.TargetResult]:
    """Attach the forecast summaries, the history and caution, and the explanations."""
    summaries = ctx.summaries.compute(ctx) if ctx.summaries is not None else []
    out: list[m.TargetResult] = []
    for i, item in enumerate(pending):
        assert item is not None
        res, req = item
        if req is not None:
            res = replace(res, forecast=summaries[req])
        out.append(_finish(specs[i], with_caution(specs[i], res, store, ctx)) if ctx.forecasts else res)
    return out


def _store_pairs(
    specs: Sequence[m.TargetSpec], used: list[int], catalogue: Sequence[m.IndicatorInfo], ctx: Context
) -> set[tuple[str, str]]:
    """The (indicator, breakdown) series the store needs: the targets' and, when the calibration is
    learnt, the catalogue's totals."""
    pairs = {(specs[i].indicator.key, specs[i].breakdown) for i in used}
    if ctx.forecasts and not ctx.fixed:
        pairs |= {(ind.key, "T") for ind in catalogue}
    return pairs


def _learn(ctx: Context, store: Store, indicators: list[m.IndicatorInfo], pairs: list[tuple[str, str]]) -> None:
    """The per-family calibration of this evaluation, from every stored series of the family (all
    areas, data up to the evaluation year only); nothing when the scale is fixed or without forecasts."""
    if not ctx.forecasts or ctx.fixed:
        return
    info = {ind.key: ind for ind in indicators}
    series: dict[str, list[tuple[FloatArray, IntArray]]] = defaultdict(list)
    areas = sorted(store.area_ids, key=store.area_ids.__getitem__)
    for ind_key, breakdown in pairs:
        ind = info[ind_key]
        mat = store.values[store.rows(ind_key, breakdown, areas)]
        mat = mat[np.isfinite(mat).any(axis=1)]
        if mat.shape[0] == 0:
            continue
        kind = fc.choose_transform(ind.measure_type, ind.unit, mat)
        series[family_of(ind)].append((fc.transform(mat, kind), store.years))
    ctx.scales = cf.learn_scales(series, level=ctx.level)
    ctx.relative_scales = cf.learn_scales(series, level=ctx.level, relative=True)


def _evaluate_group(
    key: tuple[Any, ...],
    specs: list[m.TargetSpec],
    store: Store,
    peer_groups: Mapping[str, Sequence[str]] | None,
    ctx: Context,
) -> list[_Pending]:
    rule = specs[0].rule
    pkey = ("peers", rule.peer_group, area_level(specs[0].area) if rule.peer_group is None else None)
    try:
        if pkey not in ctx.peers:
            ctx.peers[pkey] = resolve_peers(specs[0].area, rule.peer_group, peer_groups)
        peers = ctx.peers[pkey]
    except FrameError:  # a named group that is not defined
        return [(_no_data(s, m.Reason(m.Why.UNKNOWN_PEER_GROUP, detail=str(rule.peer_group))), None) for s in specs]
    universe = sorted(set(peers) | {s.area for s in specs} | {RIKET})
    uses_peers = rule.rule == m.RANK or rule.benchmark != "riket"
    few = [uses_peers and bool(peers) and len(set(peers) - {s.area}) < MIN_PEERS for s in specs]
    if not any(few):
        return _eval_relative(specs, universe, peers, store, ctx)
    ok = [s for s, f in zip(specs, few, strict=True) if not f]
    done = iter(_eval_relative(ok, universe, peers, store, ctx) if ok else [])
    return [
        (_no_data(s, m.Reason(m.Why.TOO_FEW_PEERS, n=len(set(peers) - {s.area}), minimum=MIN_PEERS)), None)
        if f
        else next(done)
        for s, f in zip(specs, few, strict=True)
    ]
