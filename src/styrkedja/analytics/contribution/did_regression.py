"""The regression forms of difference-in-differences, with cluster-robust standard errors.

* `regression`: y = b0 + b1 T + b2 Post + delta T*Post [+ X'g] + e on long data (one row per unit
  and wave), OLS with standard errors clustered by unit (or by a coarser group such as the
  municipality or project). Without covariates and with a balanced panel, delta equals the 2x2
  estimate; the clustered SE equals the 2x2 SE up to the small-sample factor G/(G-1) (N-1)/(N-K).
* `event_study`: y on T, period dummies and T x period dummies with one reference period (the
  last before the start); the T x period coefficients trace the effect over time, the pre-period
  ones test parallel trends (joint Wald test; a small p-value means the groups already diverged).

statsmodels does the OLS and the cluster-robust covariance (a well-tested reference; methods.md 4.1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import statsmodels.api as sm

from styrkedja.analytics.contribution.errors import ContributionInputError

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RegressionResult:
    did: float
    se: float
    p_value: float
    ci_low: float
    ci_high: float
    n_obs: int
    n_clusters: int


@dataclass(frozen=True)
class EventStudy:
    periods: tuple[int, ...]  # every period, the reference included (its effect is 0 by definition)
    reference: int
    effects: FloatArray
    ses: FloatArray
    pretrend_p_value: float | None  # None with fewer than two pre-periods (nothing to test)


def _clean(y: FloatArray, columns: Mapping[str, FloatArray], clusters: Sequence[str]) -> npt.NDArray[np.bool_]:
    keep = ~np.isnan(y)
    for name, values in columns.items():
        if values.shape != y.shape:
            raise ContributionInputError(name, f"{values.size} values for {y.size} observations")
        keep &= ~np.isnan(values)
    if len(clusters) != y.size:
        raise ContributionInputError("cluster", f"{len(clusters)} cluster labels for {y.size} observations")
    return keep


def _cluster_codes(clusters: Sequence[str], keep: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    labels = [c for c, k in zip(clusters, keep, strict=True) if k]
    index = {label: i for i, label in enumerate(dict.fromkeys(labels))}
    return np.array([index[label] for label in labels], dtype=np.int64)


def regression(
    y: FloatArray,
    treated: FloatArray,
    post: FloatArray,
    clusters: Sequence[str],
    covariates: Mapping[str, FloatArray] | None = None,
) -> RegressionResult:
    """OLS DiD on long data; rows with any missing value are dropped (listwise)."""
    y = np.asarray(y, dtype=np.float64)
    columns = {"treated": np.asarray(treated, float), "post": np.asarray(post, float), **(covariates or {})}
    keep = _clean(y, columns, clusters)
    t, p = columns["treated"][keep], columns["post"][keep]
    if not np.any(t == 0.0):
        raise ContributionInputError("comparison", "no comparison-group observations with complete data")
    for flag, name in ((t, "treated"), (p, "post")):
        if set(np.unique(flag)) != {0.0, 1.0}:
            raise ContributionInputError(name, "expected 0/1 values with both present among the complete rows")
    cells = {(a, b): int(np.sum((t == a) & (p == b))) for a in (0.0, 1.0) for b in (0.0, 1.0)}
    if min(cells.values()) < 2:
        raise ContributionInputError("comparison", f"each group needs data before and after; counts {cells}")
    extra = [columns[name][keep] for name in (covariates or {})]
    x = sm.add_constant(np.column_stack([t, p, t * p, *extra]), has_constant="add")
    groups = _cluster_codes(clusters, keep)
    model = sm.OLS(y[keep], x).fit(cov_type="cluster", cov_kwds={"groups": groups})
    low, high = model.conf_int()[3]
    return RegressionResult(
        did=float(model.params[3]),
        se=float(model.bse[3]),
        p_value=float(model.pvalues[3]),
        ci_low=float(low),
        ci_high=float(high),
        n_obs=int(keep.sum()),
        n_clusters=int(groups.max() + 1),
    )


def event_study(
    y: FloatArray, treated: FloatArray, period: Sequence[int], start: int, clusters: Sequence[str]
) -> EventStudy:
    """Effects per period relative to the last period before `start`, with a pre-trend test."""
    y = np.asarray(y, dtype=np.float64)
    t_all = np.asarray(treated, dtype=np.float64)
    keep = _clean(y, {"treated": t_all}, clusters)
    periods = tuple(sorted(set(int(q) for q, k in zip(period, keep, strict=True) if k)))
    pre = [q for q in periods if q < start]
    if not pre or all(q < start for q in periods):
        raise ContributionInputError("period", f"needs periods before and from {start}; got {list(periods)}")
    reference = pre[-1]
    others = [q for q in periods if q != reference]
    per = np.asarray(period, dtype=np.int64)[keep]
    t = t_all[keep]
    dummies = [(per == q).astype(float) for q in others]
    x = sm.add_constant(np.column_stack([t, *dummies, *[t * d for d in dummies]]), has_constant="add")
    model = sm.OLS(y[keep], x).fit(cov_type="cluster", cov_kwds={"groups": _cluster_codes(clusters, keep)})
    first = 2 + len(others)
    effects = dict(zip(others, model.params[first:], strict=True))
    ses = dict(zip(others, model.bse[first:], strict=True))
    pre_index = [first + i for i, q in enumerate(others) if q < start]
    pretrend = None
    if pre_index:
        restriction = np.zeros((len(pre_index), x.shape[1]))
        for row, column in enumerate(pre_index):
            restriction[row, column] = 1.0
        pretrend = float(model.wald_test(restriction, scalar=True).pvalue)
    return EventStudy(
        periods=periods,
        reference=reference,
        effects=np.array([effects.get(q, 0.0) for q in periods]),
        ses=np.array([ses.get(q, 0.0) for q in periods]),
        pretrend_p_value=pretrend,
    )
