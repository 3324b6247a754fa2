"""What a forecast-based result rests on, and when it must say that it is uncertain.

* `history_from`: the first year of the area's series; `calibration_n`: the back-test errors behind
  the family's calibration. Every forecast-based explanation states both.
* stale: the latest value is more than `STALE_YEARS` years before the evaluation year (e.g. data
  through 2017 evaluated in 2026): the explanation says "osäker bedömning: senaste data 2017" and the
  result carries no forecast interval, so no fan is drawn as if it were precise;
* thin: fewer than `MIN_HISTORY` observations, or the family had too few errors of its own to be
  calibrated (`conformal.Scale.thin`);
* not yet known: the target year has passed but its value is not published. Such a result also gets
  the status `NOT_YET_KNOWN` ("ej känt ännu") instead of a forecast-based one: the outcome is decided,
  only not published; the probability stays, as the forecast of what will be published.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from styrkedja.analytics import model as m
from styrkedja.analytics.evaluate.context import Context
from styrkedja.analytics.evaluate.store import Store
from styrkedja.analytics.family import family_of

STALE_YEARS = 3  # data ending more than this many years before the evaluation year are stale
MIN_HISTORY = 6  # fewer observations than this: too short a history to trust the calibration


def with_caution(spec: m.TargetSpec, res: m.TargetResult, store: Store, ctx: Context) -> m.TargetResult:
    """`res` with its history, calibration size and caution (only results with a probability)."""
    if res.probability is None:
        return res
    row = store.values[store.rows(spec.indicator.key, spec.breakdown, [spec.area])[0]]
    seen = np.nonzero(np.isfinite(row) & (store.years <= spec.rule.target_year))[0]
    first = int(store.years[seen[0]]) if seen.size else None
    scale = ctx.scale(family_of(spec.indicator), relative=spec.rule.rule in (m.GROWTH_VS_BENCHMARK,
                      m.LEVEL_VS_BENCHMARK, m.RANK))  # fmt: skip
    caution = None
    last = res.data_through
    if last is not None and last < ctx.as_of.year - STALE_YEARS:
        caution = m.CAUTION_STALE
    elif seen.size < MIN_HISTORY or (scale.thin and not ctx.fixed):
        caution = m.CAUTION_THIN
    elif spec.rule.target_year < ctx.as_of.year:
        caution = m.CAUTION_NOT_YET_KNOWN
    forecast = None if caution == m.CAUTION_STALE else res.forecast
    status = m.NOT_YET_KNOWN if target_passed(spec, res, ctx) else res.status
    return replace(res, status=status, history_from=first, calibration_n=scale.n, caution=caution, forecast=forecast)


def target_passed(spec: m.TargetSpec, res: m.TargetResult, ctx: Context) -> bool:
    """True when the target year has ended (before the evaluation year) but its value is not published:
    the result rests on a forecast of a year that is already over."""
    return res.preliminary and res.probability is not None and spec.rule.target_year < ctx.as_of.year
