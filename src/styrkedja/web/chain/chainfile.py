"""The strategy file <-> the database.

`load_document` writes a validated document (see styrkedja.strategyfile) in one
transaction: objects are matched by their ids, only what differs is saved (so
loading the same file twice changes nothing), and the children of every object
in the file (goals, targets, challenges, priorities, activities) are exactly
those in the file. Top-level objects that the file does not mention are left
alone. `export_document` writes the database back in the same shape. The yearly cycle (rounds,
assessments, actions, knowledge needs, lessons) is in `followup.cyclefile`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from styrkedja.analytics.model import default_operator
from styrkedja.analytics.targets import default_growth, uses_growth
from styrkedja.data import DEFAULT_PEER_GROUPS, group_members

from ..areas.models import Area, PeerGroup
from ..core import audit
from ..followup.cyclefile import export_cycle, load_cycle
from ..followup.models import InfluenceFactor
from ..indicators.models import Indicator
from ..projects.models import Activity, Initiative
from ..strategies.models import Challenge, Goal, Priority, Strategy, Target

INDICATOR_FIELDS = (
    "name", "name_en", "definition", "motivation", "unit", "measure_type", "family", "numerator", "denominator",
    "direction", "decimals", "periodicity", "followup_class", "source_note", "stand_in",
    "target_comment",
)  # fmt: skip
INDICATOR_DEFAULTS: dict[str, Any] = {
    "measure_type": "count",
    "direction": "higher",
    "decimals": 1,
    "periodicity": "year",
}
TARGET_FIELDS = ("rule", "target_year", "operator", "value", "base_year", "change", "benchmark", "rank", "rank_by",
                 "growth", "peer_coverage", "text", "comment")  # fmt: skip


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def load_document(doc: dict[str, Any], user: Any = None) -> dict[str, int]:
    """Write a validated strategy document; returns counts of objects in the file."""
    areas = {a.code: a for a in Area.objects.all()}
    groups = _load_peer_groups(doc, areas, user)
    indicators = _load_indicators(doc, user)
    strategies = _load_strategies(doc, areas, user)
    initiatives = _load_initiatives(doc, areas, strategies, user)
    goal_items = _load_goals(doc, strategies, initiatives, indicators, areas, user)
    goals = {g.key: g for g in Goal.objects.all()}
    for item, goal in goal_items:
        audit.set_m2m(goal, "contributes_to", [goals[k] for k in item.get("contributes_to", [])], user)
        _load_targets(item, goal, groups, user)
    for item in doc.get("strategies", []):
        _load_challenges_and_priorities(item, strategies[item["id"]], goals, user)
    for item in doc.get("initiatives", []):
        _load_activities(item, initiatives[item["id"]], goals, user)
    _load_influence_factors(doc, strategies, indicators, user)
    load_cycle(doc, goals, user)
    counts = {k: len(doc.get(k, [])) for k in ("indicators", "strategies", "initiatives", "influence_factors")}
    counts["goals"] = len(goal_items)
    return counts


def _load_peer_groups(doc: dict[str, Any], areas: dict[str, Area], user: Any) -> dict[str, PeerGroup]:
    groups = {g.key: g for g in PeerGroup.objects.all()}
    for item in doc.get("peer_groups", []):
        group = audit.upsert(PeerGroup, {"key": item["id"]}, {"name": item["name"]}, user)
        codes = item["members"] if "members" in item else group_members(item["of"])
        audit.set_m2m(group, "members", [areas[c] for c in codes], user)
        groups[group.key] = group
    return groups


def _load_indicators(doc: dict[str, Any], user: Any) -> dict[str, Indicator]:
    indicators = {}
    for pos, item in enumerate(doc.get("indicators", [])):
        fields = {f: item.get(f, INDICATOR_DEFAULTS.get(f, "")) for f in INDICATOR_FIELDS}
        source = dict(item.get("source", {"kind": "none"}))
        fields.update(source_kind=source.pop("kind"), source_spec=source, position=pos)
        indicators[item["id"]] = audit.upsert(Indicator, {"key": item["id"]}, fields, user)
    indicators.update({i.key: i for i in Indicator.objects.exclude(key__in=indicators)})
    return indicators


def _load_strategies(doc: dict[str, Any], areas: dict[str, Area], user: Any) -> dict[str, Strategy]:
    strategies: dict[str, Strategy] = {s.key: s for s in Strategy.objects.all()}
    for pos, item in enumerate(doc.get("strategies", [])):
        fields = {
            "name": item["name"],
            "short_name": item.get("short_name", ""),
            "level": item["level"],
            "area": areas[item["area"]],
            "horizon_start": item["horizon"]["from"],
            "horizon_end": item["horizon"]["to"],
            "description": item.get("description", ""),
            "published": item.get("published", False),
            "position": pos,
        }
        strategies[item["id"]] = audit.upsert(Strategy, {"key": item["id"]}, fields, user)
    for item in doc.get("strategies", []):
        parent = strategies[item["parent"]] if "parent" in item else None
        audit.upsert(Strategy, {"key": item["id"]}, {"parent": parent}, user)
    return strategies


def _load_initiatives(
    doc: dict[str, Any], areas: dict[str, Area], strategies: dict[str, Strategy], user: Any
) -> dict[str, Initiative]:
    initiatives: dict[str, Initiative] = {}
    for pos, item in enumerate(doc.get("initiatives", [])):
        period = item.get("period", {})
        fields = {
            "name": item["name"],
            "kind": item["kind"],
            "owner_organisation": item.get("owner_organisation", ""),
            "contact": item.get("contact", ""),
            "area": areas[item["area"]],
            "strategy": strategies[item["strategy"]] if "strategy" in item else None,
            "start_date": dt.date.fromisoformat(period["start"]) if "start" in period else None,
            "end_date": dt.date.fromisoformat(period["end"]) if "end" in period else None,
            "budget": item.get("budget"),
            "funding": item.get("funding", ""),
            "funding_source": item.get("funding_source", ""),
            "description": item.get("description", ""),
            "position": pos,
        }
        initiatives[item["id"]] = audit.upsert(Initiative, {"key": item["id"]}, fields, user)
    return initiatives


def _load_goals(
    doc: dict[str, Any],
    strategies: dict[str, Strategy],
    initiatives: dict[str, Initiative],
    indicators: dict[str, Indicator],
    areas: dict[str, Area],
    user: Any,
) -> list[tuple[dict[str, Any], Goal]]:
    """Upsert the goals of every strategy and initiative in the file; remove their goals not in it."""
    goal_items: list[tuple[dict[str, Any], Goal]] = []
    owners_by_kind: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = [
        ("strategy", strategies, doc.get("strategies", [])),
        ("initiative", initiatives, doc.get("initiatives", [])),
    ]
    for owner_kind, owners, items in owners_by_kind:
        for owner_item in items:
            owner = owners[owner_item["id"]]
            keep = []
            for pos, item in enumerate(owner_item.get("goals", [])):
                goal = _upsert_goal(item, owner_kind, owner, pos, indicators, areas, user)
                goal_items.append((item, goal))
                keep.append(goal.pk)
            for stale in Goal.objects.filter(**{owner_kind: owner}).exclude(pk__in=keep):
                audit.delete(stale, user)
    return goal_items


def _load_targets(item: dict[str, Any], goal: Goal, groups: dict[str, PeerGroup], user: Any) -> None:
    keep = []
    for pos, titem in enumerate(item.get("targets", [])):
        fields = {f: titem.get(f) for f in TARGET_FIELDS}
        for f in ("change", "benchmark", "rank_by", "growth", "text", "comment"):
            fields[f] = _text(fields[f])
        fields["operator"] = titem.get("operator", default_operator(titem["rule"]))
        fields.update(goal=goal, position=pos, peer_group=groups.get(titem.get("peer_group", "")))
        keep.append(audit.upsert(Target, {"key": titem["id"]}, fields, user).pk)
    for stale in goal.targets.exclude(pk__in=keep):
        audit.delete(stale, user)


def _load_challenges_and_priorities(
    item: dict[str, Any], strategy: Strategy, goals: dict[str, Goal], user: Any
) -> None:
    for model, kind in ((Challenge, "challenges"), (Priority, "priorities")):
        keep = []
        for pos, citem in enumerate(item.get(kind, [])):
            fields = {"strategy": strategy, "text": citem["text"], "position": pos}
            obj = audit.upsert(model, {"key": citem["id"]}, fields, user)
            audit.set_m2m(obj, "goals", [goals[k] for k in citem.get("goals", [])], user)
            keep.append(obj.pk)
        for stale in model.objects.filter(strategy=strategy).exclude(pk__in=keep):
            audit.delete(stale, user)


def _load_activities(item: dict[str, Any], initiative: Initiative, goals: dict[str, Goal], user: Any) -> None:
    keep = []
    for pos, aitem in enumerate(item.get("activities", [])):
        fields = {
            "initiative": initiative,
            "name": aitem["name"],
            "content": aitem.get("content", ""),
            "occasions": aitem.get("occasions"),
            "hours_per_occasion": aitem.get("hours_per_occasion"),
            "position": pos,
        }
        act = audit.upsert(Activity, {"key": aitem["id"]}, fields, user)
        audit.set_m2m(act, "feeds", [goals[k] for k in aitem.get("feeds", [])], user)
        keep.append(act.pk)
    for stale in initiative.activities.exclude(pk__in=keep):
        audit.delete(stale, user)


def _load_influence_factors(
    doc: dict[str, Any], strategies: dict[str, Strategy], indicators: dict[str, Indicator], user: Any
) -> None:
    for pos, item in enumerate(doc.get("influence_factors", [])):
        fields = {
            "name": item["name"],
            "theory": item.get("theory", ""),
            "position": pos,
            "strategy": strategies[item["strategy"]] if "strategy" in item else None,
            "weight": float(item.get("weight", 1.0)),
            "indicator_weights": {k: float(v) for k, v in item.get("indicator_weights", {}).items()},
            "denominators": dict(item.get("denominators", {})),
        }
        factor = audit.upsert(InfluenceFactor, {"key": item["id"]}, fields, user)
        audit.set_m2m(factor, "indicators", [indicators[k] for k in item.get("indicators", [])], user)


def _upsert_goal(item: dict[str, Any], owner_kind: str, owner: Any, pos: int, indicators: dict[str, Indicator],
                 areas: dict[str, Area], user: Any) -> Goal:  # fmt: skip
    baseline = item.get("baseline", {})
    fields = {
        "strategy": owner if owner_kind == "strategy" else None,
        "initiative": owner if owner_kind == "initiative" else None,
        "kind": item["kind"], "name": item["name"], "formulation": item.get("formulation", ""),
        "indicator": indicators[item["indicator"]] if "indicator" in item else None,
        "area": areas[item["area"]] if "area" in item else None,
        "baseline_value": baseline.get("value"), "baseline_period": baseline.get("period", ""),
        "baseline_source": baseline.get("source", ""), "followup_class": item.get("followup_class", ""),
        "position": pos,
    }  # fmt: skip
    result: Goal = audit.upsert(Goal, {"key": item["id"]}, fields, user)
    return result


# --- export -------------------------------------------------------------------


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    """Add a field unless it is empty, so exported files stay as short as written ones."""
    if value is None or value == "" or value == [] or value == {}:
        return
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out[key] = value


def export_document() -> dict[str, Any]:
    """The whole chain in the database as a strategy document."""
    doc: dict[str, Any] = {"format": "styrkedja/1"}
    _put(doc, "indicators", _export_indicators())
    _put(doc, "peer_groups", _export_peer_groups())
    _put(doc, "strategies", _export_strategies())
    _put(doc, "initiatives", _export_initiatives())
    _put(doc, "influence_factors", _export_factors())
    for section, items in export_cycle(_put).items():
        _put(doc, section, items)
    return doc


def _export_indicators() -> list[dict[str, Any]]:
    indicators = []
    for ind in Indicator.objects.order_by("position", "key"):
        out: dict[str, Any] = {"id": ind.key}
        for f in INDICATOR_FIELDS:
            value = getattr(ind, f)
            if value != INDICATOR_DEFAULTS.get(f):
                _put(out, f, value)
        if ind.source_kind != "none" or ind.source_spec:
            out["source"] = {"kind": ind.source_kind, **ind.source_spec}
        indicators.append(out)
    return indicators


def _effective_growth(t: Target, g: Goal) -> str | None:
    """The growth measure a growth rule is evaluated with, written out so that the file states it
    (defaulted from the indicator's measure type when the target does not say)."""
    if g.indicator is None or not uses_growth(t.as_rule()):
        return None
    return default_growth(g.indicator.measure_type)


def _export_peer_groups() -> list[dict[str, Any]]:
    """The groups the file declared: the default ones (counties, municipalities) need no declaration."""
    groups = PeerGroup.objects.exclude(key__in=tuple(DEFAULT_PEER_GROUPS)).prefetch_related("members")
    return [{"id": g.key, "name": g.name, "members": sorted(a.code for a in g.members.all())} for g in groups]


def _export_strategies() -> list[dict[str, Any]]:
    strategies = []
    for s in Strategy.objects.select_related("area", "parent").order_by("position", "key"):
        out: dict[str, Any] = {"id": s.key, "name": s.name}
        _put(out, "short_name", s.short_name)
        out["level"] = s.level
        _put(out, "parent", s.parent.key if s.parent else None)
        out["area"] = s.area.code
        out["horizon"] = {"from": s.horizon_start, "to": s.horizon_end}
        _put(out, "description", s.description)
        if s.published:
            out["published"] = True
        for kind in ("challenges", "priorities"):
            items = [
                _without_empty({"id": c.key, "text": c.text, "goals": sorted(g.key for g in c.goals.all())})
                for c in getattr(s, kind).order_by("position", "key").prefetch_related("goals")
            ]
            _put(out, kind, items)
        _put(out, "goals", [_goal(g) for g in s.goals.order_by("position", "key")])
        strategies.append(out)
    return strategies


def _export_initiatives() -> list[dict[str, Any]]:
    initiatives = []
    for i in Initiative.objects.select_related("area", "strategy").order_by("position", "key"):
        out: dict[str, Any] = {"id": i.key, "name": i.name, "kind": i.kind}
        for f in ("owner_organisation", "contact"):
            _put(out, f, getattr(i, f))
        out["area"] = i.area.code
        _put(out, "strategy", i.strategy.key if i.strategy else None)
        period: dict[str, str] = {}
        _put(period, "start", i.start_date.isoformat() if i.start_date else None)
        _put(period, "end", i.end_date.isoformat() if i.end_date else None)
        _put(out, "period", period)
        for f in ("budget", "funding", "funding_source", "description"):
            _put(out, f, getattr(i, f))
        _put(out, "goals", [_goal(g) for g in i.goals.order_by("position", "key")])
        _put(
            out,
            "activities",
            [_activity(a) for a in i.activities.order_by("position", "key").prefetch_related("feeds")],
        )
        initiatives.append(out)
    return initiatives


def _activity(a: Activity) -> dict[str, Any]:
    aout: dict[str, Any] = {"id": a.key, "name": a.name}
    _put(aout, "content", a.content)
    _put(aout, "occasions", a.occasions)
    _put(aout, "hours_per_occasion", a.hours_per_occasion)
    _put(aout, "feeds", sorted(g.key for g in a.feeds.all()))
    return aout


def _export_factors() -> list[dict[str, Any]]:
    factors = []
    for factor in InfluenceFactor.objects.select_related("strategy").order_by("position", "key"):
        fout: dict[str, Any] = {"id": factor.key, "name": factor.name}
        _put(fout, "theory", factor.theory)
        _put(fout, "strategy", factor.strategy.key if factor.strategy else None)
        _put(fout, "weight", factor.weight if factor.weight != 1.0 else None)
        _put(fout, "indicators", [i.key for i in factor.indicators.order_by("position", "key")])
        _put(fout, "indicator_weights", {k: _number(v) for k, v in factor.indicator_weights.items()})
        _put(fout, "denominators", factor.denominators)
        factors.append(fout)
    return factors


def _without_empty(d: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        _put(out, k, v)
    return out


def _goal(g: Goal) -> dict[str, Any]:
    out: dict[str, Any] = {"id": g.key, "kind": g.kind, "name": g.name}
    _put(out, "formulation", g.formulation)
    _put(out, "indicator", g.indicator.key if g.indicator else None)
    _put(out, "area", g.area.code if g.area else None)
    baseline: dict[str, Any] = {}
    _put(baseline, "value", g.baseline_value)
    _put(baseline, "period", g.baseline_period)
    _put(baseline, "source", g.baseline_source)
    _put(out, "baseline", baseline)
    _put(out, "contributes_to", sorted(c.key for c in g.contributes_to.all()))
    _put(out, "followup_class", g.followup_class)
    targets = []
    for t in g.targets.order_by("position", "key").select_related("peer_group"):
        tout: dict[str, Any] = {"id": t.key, "rule": t.rule, "target_year": t.target_year}
        if t.operator != default_operator(t.rule):
            tout["operator"] = t.operator
        for f in ("value", "base_year", "change", "benchmark"):
            _put(tout, f, getattr(t, f))
        _put(tout, "peer_group", t.peer_group.key if t.peer_group else None)
        for f in ("rank", "rank_by"):
            _put(tout, f, getattr(t, f))
        _put(tout, "growth", t.growth or _effective_growth(t, g))
        for f in ("peer_coverage", "text", "comment"):
            _put(tout, f, getattr(t, f))
        targets.append(tout)
    _put(out, "targets", targets)
    return out
