"""Models -> the plain records of `styrkedja.reports.assemble` (the goal page, the overview and the
yearly report read their figures from the same assembled objects)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from styrkedja.reports import assemble as a

from ..areas.models import Area
from ..followup.models import EvaluationResult
from ..indicators.models import ImportBatch, Indicator, Observation
from ..strategies.models import Goal, Target
from . import queries as q

PUBLISHERS = ("Eurostat", "Kolada", "Tillväxtverket", "SCB")


def publisher_of(batch: ImportBatch) -> str:
    """The publisher named by a batch's provenance (its notes, table and location), else its source kind."""
    text = " ".join([*(str(n) for n in (batch.notes or [])[:1]), batch.table, batch.location]).lower()
    hits = [(text.find(p.lower()), p) for p in PUBLISHERS if p.lower() in text]
    if hits:
        return min(hits)[1]
    return {"scb": "SCB", "kolada": "Kolada"}.get(batch.source, "")


def publishers(indicator_ids: Iterable[int]) -> dict[int, str]:
    """Indicator id -> the publishers of the batches its stored values came from ("Eurostat", "Kolada, SCB").
    A computed series names the publishers of its inputs. Two or three queries."""
    pairs = set(
        Observation.objects.filter(indicator_id__in=sorted(set(indicator_ids)))
        .values_list("indicator_id", "batch_id")
        .distinct()
    )
    by_key = {b.pk: b for b in ImportBatch.objects.filter(pk__in={b for _i, b in pairs})}
    inputs: dict[int, list[int]] = {}  # a computed batch -> the batches of its inputs
    for b in list(by_key.values()):
        for ids in (b.query or {}).get("input_batches", {}).values() if b.source == "computed" else ():
            inputs.setdefault(b.pk, []).extend(int(i) for i in ids)
    missing = {i for ids in inputs.values() for i in ids} - set(by_key)
    if missing:
        by_key.update({b.pk: b for b in ImportBatch.objects.filter(pk__in=missing)})
    out: dict[int, list[str]] = {}
    for ind, bid in sorted(pairs):
        names = [publisher_of(by_key[i]) for i in inputs.get(bid, [bid]) if i in by_key]
        for n in names:
            if n and n not in out.setdefault(ind, []):
                out[ind].append(n)
    return {ind: ", ".join(sorted(names)) for ind, names in out.items()}


def source_ref(indicator: Indicator) -> str:
    spec = indicator.source_spec or {}
    return str(spec.get("table") or spec.get("kpi") or spec.get("contents") or spec.get("series") or "")


def indicator_in(indicator: Indicator, publisher: str = "") -> a.IndicatorIn:
    fallback = q.meta_for(indicator).source
    return a.IndicatorIn(
        key=indicator.key, name=indicator.name, name_en=indicator.name_en, unit=indicator.unit or "",
        measure_type=indicator.measure_type, direction=indicator.direction, decimals=indicator.decimals,
        source=publisher or fallback, source_ref=source_ref(indicator),
        processed_by=None if indicator.source_kind == "kolada" else q.settings_processed_by(),
    )  # fmt: skip


def target_words(target: Target) -> str:
    """A target in plain words from the engine's own phrase ("minst 80,0 procent år 2025", "över
    medianen 2014–2025"), never a raw operator or the rule's name ("nivå minst / högst")."""
    from styrkedja.analytics import model as am
    from styrkedja.analytics.explain import target_phrase

    ind = target.goal.indicator
    info = am.IndicatorInfo(
        key=ind.key if ind else "", name=ind.name if ind else "", unit=ind.unit if ind else "",
        measure_type=ind.measure_type if ind else "count", decimals=ind.decimals if ind else 1,
    )  # fmt: skip
    try:
        return target_phrase(target.as_rule(), info, q.lang() == "sv")
    except (KeyError, TypeError, ValueError):  # a malformed rule is described by its name, never a 500
        return f"{target.get_rule_display()} ({target.target_year})"


def target_text(target: Target | None) -> str:
    if target is None:
        return ""
    return str(target.text) if target.text else target_words(target)


def target_in(t: Target) -> a.TargetIn:
    """Needs `peer_group__members` prefetched (or one query per target with a peer group)."""
    peers = tuple(sorted(m.code for m in t.peer_group.members.all())) if t.peer_group_id else None  # type: ignore[union-attr]
    return a.TargetIn(
        key=t.key, rule=t.rule, target_year=t.target_year, text=target_text(t), operator=t.operator,
        value=t.value, base_year=t.base_year, peer_codes=peers,
    )  # fmt: skip


def goal_in(goal: Goal, area: Area | None, contributes_to: Iterable[str] = ()) -> a.GoalIn:
    """Needs targets (with peer group members) prefetched and the goal's area selected."""
    return a.GoalIn(
        key=goal.key, name=goal.name, kind=goal.kind, kind_label=str(goal.get_kind_display()),
        formulation=goal.formulation, strategy_key=goal.strategy.key if goal.strategy_id else None,  # type: ignore[union-attr]
        initiative_key=goal.initiative.key if goal.initiative_id else None,  # type: ignore[union-attr]
        indicator_key=goal.indicator.key if goal.indicator_id else None,  # type: ignore[union-attr]
        area_code=area.code if area else "", area_name=area.name if area else "",
        municipal=bool(area and area.level == Area.MUNICIPALITY), baseline_value=goal.baseline_value,
        baseline_period=goal.baseline_period, targets=tuple(target_in(t) for t in goal.targets.all()),
        contributes_to=tuple(contributes_to), position=goal.position,
    )  # fmt: skip


def result_in(r: EvaluationResult, goal_key: str, target_key: str | None) -> a.ResultIn:
    return a.ResultIn(
        goal_key=goal_key, rule=r.rule, status=r.status, target_key=target_key, target_year=r.target_year,
        probability=r.probability, latest_period=r.latest_period, latest_value=r.latest_value,
        data_through=r.data_through, preliminary=r.preliminary, explanation_sv=r.explanation_sv,
        explanation_en=r.explanation_en, detail=r.detail or {},
    )  # fmt: skip


def results_in(results: Iterable[EvaluationResult], goal: Goal) -> list[a.ResultIn]:
    """Stored results of one goal (`target` selected) as records."""
    return [result_in(r, goal.key, r.target.key if r.target_id else None) for r in results]  # type: ignore[union-attr]


def goal_prefetch() -> list[Any]:
    return [
        Prefetch(
            "targets", queryset=Target.objects.select_related("peer_group").prefetch_related("peer_group__members")
        )
    ]


def points_of(indicator: Indicator, municipal: bool) -> tuple[Any, ...]:
    """Every current observation of Riket and the areas of the goal's level (one query)."""
    levels = [Area.COUNTRY, Area.MUNICIPALITY] if municipal else [Area.COUNTRY, Area.COUNTY]
    return tuple(q.area_points(indicator, levels))
