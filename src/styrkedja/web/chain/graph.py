"""The chain graph: the database -> the pure records the logic checks work on."""

from __future__ import annotations

from styrkedja.analytics import logic
from styrkedja.analytics.targets import uses_growth

from ..projects.models import Activity, Initiative
from ..strategies.models import Goal, Strategy


def chain_from_db() -> logic.Chain:
    owners: list[logic.OwnerNode] = [
        logic.OwnerNode(s.key, "strategy", s.name, s.horizon_start, s.horizon_end, s.level)
        for s in Strategy.objects.all()
    ]
    for i in Initiative.objects.all():
        owners.append(
            logic.OwnerNode(
                i.key,
                "initiative",
                i.name,
                i.start_date.year if i.start_date else None,
                i.end_date.year if i.end_date else None,
            )
        )
    goals = []
    qs = Goal.objects.select_related("strategy", "initiative", "indicator").prefetch_related(
        "contributes_to", "targets", "contributors"
    )
    for g in qs:
        owner_kind, owner_key = ("strategy", g.strategy.key) if g.strategy else ("initiative", g.initiative.key)  # type: ignore[union-attr]
        goals.append(
            logic.GoalNode(
                key=g.key,
                name=g.name,
                owner_kind=owner_kind,
                owner_key=owner_key,
                kind=g.kind,
                indicator=g.indicator.key if g.indicator else None,
                baseline_value=g.baseline_value,
                baseline_period=g.baseline_period,
                baseline_source=g.baseline_source,
                formulation=g.formulation,
                contributes_to=tuple(c.key for c in g.contributes_to.all()),
                target_years=tuple(t.target_year for t in g.targets.all()),
                share_values=tuple(t.value for t in g.targets.all() if t.rule == "share" and t.value is not None),
                has_contributors=bool(g.contributors.all()),
                direction=g.indicator.direction if g.indicator else "",
                target_values=tuple(
                    t.value for t in g.targets.all() if t.rule in ("level", "share") and t.value is not None
                ),
                measure_type=g.indicator.measure_type if g.indicator else "",
                growth_targets=tuple((t.key, t.growth) for t in g.targets.all() if uses_growth(t.as_rule())),
            )
        )
    activities = [
        logic.ActivityNode(
            a.key,
            a.name,
            a.initiative.key,
            tuple(g.key for g in a.feeds.all()),
            a.occasions,
            a.hours_per_occasion,
        )
        for a in Activity.objects.select_related("initiative").prefetch_related("feeds")
    ]
    return logic.Chain(owners, goals, activities)
