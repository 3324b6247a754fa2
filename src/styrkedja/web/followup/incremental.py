"""Which goals an incremental evaluation evaluates again after some indicators were imported.

A goal's results depend only on its own indicator's series (relative targets compare the same
indicator across areas) and on the forecast calibration, which the incremental run takes from the
run it builds on. So after importing indicator X, only the goals measured by X, or by an indicator
computed from X (directly or through other computed indicators), can change; every other goal's
results are copied from the base run. Goals or targets that the base run did not evaluate (added
since) or whose targets were edited since (`fingerprints`) are evaluated too; a change of the peer
groups makes it a full run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..indicators.models import Indicator
from .models import EvaluationResult, EvaluationRun

if TYPE_CHECKING:
    from .evaluation import Specs


PEERS = "peer-groups"  # the fingerprints' entry for the peer groups


def base_run(as_of: dt.date, prints: dict[str, str]) -> EvaluationRun | None:
    """The latest run on the same date, if it covered every area, kept its calibration and used the
    same peer groups (`prints`: the current `fingerprints`)."""
    run = EvaluationRun.objects.filter(as_of=as_of, finished_at__isnull=False).first()
    if run is None or run.area or not run.calibration or run.fingerprints.get(PEERS) != prints[PEERS]:
        return None
    return run


def fingerprints(specs: Specs, peer_groups: dict[str, list[str]], peer_coverage: float | None = None) -> dict[str, str]:
    """Goal id -> a hash of its specs (rules, indicator, area; edited targets change it), and under
    `PEERS` a hash of the peer groups and the default peer coverage (either changes every relative
    target's comparison, so a change makes the next run a full one)."""
    per_goal: dict[str, list[str]] = {}
    for t in specs.targets:
        per_goal.setdefault(str(specs.target_ids[t.target_key][1]), []).append(repr(t))
    for tr in specs.trends:
        per_goal.setdefault(str(specs.trend_goal_ids[tr.goal_key]), []).append(repr(tr))
    out = {goal: _digest(sorted(parts)) for goal, parts in per_goal.items()}
    out[PEERS] = _digest([*sorted(f"{k}={','.join(v)}" for k, v in peer_groups.items()), f"coverage={peer_coverage}"])
    return out


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def affected(keys: Iterable[str]) -> set[str]:
    """`keys` and every computed indicator whose inputs include one of them, transitively."""
    dependants: dict[str, set[str]] = {}
    for key, spec in Indicator.objects.filter(source_kind="computed").values_list("key", "source_spec"):
        for source in (spec or {}).get("inputs", []):
            dependants.setdefault(str(source), set()).add(key)
    out, todo = set(keys), list(keys)
    while todo:
        for dep in dependants.get(todo.pop(), set()) - out:
            out.add(dep)
            todo.append(dep)
    return out


def only_affected(specs: Specs, base: EvaluationRun, indicators: set[str]) -> Specs:
    """The specs of the goals to evaluate again: measured by `indicators`, or not (fully) in `base`."""
    before = set(EvaluationResult.objects.filter(run=base).values_list("goal_id", "target_id"))
    redo = {goal for target, goal in specs.target_ids.values() if (goal, target) not in before}
    now = fingerprints(specs, {})
    redo |= {int(goal) for goal, digest in now.items() if goal != PEERS and base.fingerprints.get(goal) != digest}
    redo |= {goal for goal in specs.trend_goal_ids.values() if (goal, None) not in before}
    redo |= {specs.target_ids[t.target_key][1] for t in specs.targets if t.indicator.key in indicators}
    redo |= {specs.trend_goal_ids[t.goal_key] for t in specs.trends if t.indicator.key in indicators}
    targets = [t for t in specs.targets if specs.target_ids[t.target_key][1] in redo]
    trends = [t for t in specs.trends if specs.trend_goal_ids[t.goal_key] in redo]
    return replace(specs, targets=targets, trends=trends)


def goal_ids(specs: Specs) -> set[int]:
    """The goals `specs` evaluates (targets' and trends')."""
    ids = {specs.target_ids[t.target_key][1] for t in specs.targets}
    return ids | {specs.trend_goal_ids[t.goal_key] for t in specs.trends}
