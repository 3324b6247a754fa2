"""Evaluate targets in one vectorised pass.

`evaluate(specs, observations, peer_groups=..., as_of=...)` returns one `TargetResult` per spec,
in the order given. The work is organised so that no Python loop runs over observations:

1. the observations are filtered to the (indicator, breakdown) pairs the specs need and
   scattered into one dense matrix (series x years, NaN = missing);
2. specs are grouped by (indicator, breakdown, rule, peer set); each group is evaluated for all
   its areas at once with numpy (growths, medians, competition ranks, forecasts);
3. relative targets whose target year is not yet published are settled by simulating every
   peer jointly (a seeded numpy Generator per group, so results are reproducible and do not
   depend on which other specs are evaluated in the same call);
4. a final per-result loop only writes the explanation texts.

Semantics are documented in docs/evaluation.md.
"""

from __future__ import annotations

from styrkedja.analytics.evaluate.absolute import operator_statement_absolute
from styrkedja.analytics.evaluate.context import Context
from styrkedja.analytics.evaluate.relative import operator_statement_relative
from styrkedja.analytics.evaluate.run import Calibration, evaluate, evaluate_calibrated, status_from_data
from styrkedja.analytics.evaluate.store import (
    CHUNK_ROWS,
    DEFAULT_N_SIMS,
    DEFAULT_SEED,
    MIN_POINTS,
    RELATIVE_RULES,
    Store,
    prepare_observations,
)

__all__ = [
    "CHUNK_ROWS",
    "DEFAULT_N_SIMS",
    "DEFAULT_SEED",
    "MIN_POINTS",
    "RELATIVE_RULES",
    "Calibration",
    "Context",
    "Store",
    "evaluate",
    "evaluate_calibrated",
    "operator_statement_absolute",
    "operator_statement_relative",
    "prepare_observations",
    "status_from_data",
]
