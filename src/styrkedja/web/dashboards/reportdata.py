"""The yearly report's input: the chain, an evaluation and the statistics current at a date, as the
plain records of `styrkedja.reports.assemble`, with a fixed number of queries whatever the chain's size.

Reproducible: with `as_of` the evaluation is run on the values current at that date (nothing stored),
and the charts read the same values; without it the latest stored run is used, with the values current
at its date. Either way the same date gives the same figures."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.db.models import Prefetch

from styrkedja.analytics import model as am
from styrkedja.reports import assemble as a
from styrkedja.reports import charts

from ..areas.models import Area
from ..followup.evaluation import run_evaluation
from ..followup.models import Assessment, EvaluationResult, EvaluationRun
from ..indicators.models import ImportBatch, Indicator, Observation, ObservationRevision
from ..indicators.observations import observations_as_of
from ..projects.models import APPROVED, Initiative, ReportValue
from ..strategies.models import Challenge, Goal, Priority, Strategy
from . import queries as q
from . import records as rec
from .sections import section_sources


def _strategy_in(s: Strategy) -> a.StrategyIn:
    return a.StrategyIn(
        key=s.key, name=s.name, level="rus" if s.level == Strategy.RUS else s.level,
        level_label=str(s.get_level_display()), published=s.published,
        parent_key=s.parent.key if s.parent_id else None,  # type: ignore[union-attr]
        horizon=f"{s.horizon_start}–{s.horizon_end}", area_name=s.area.name,
    )  # fmt: skip


def _target_record(r: am.TargetResult) -> a.ResultIn:
    return a.ResultIn(
        goal_key=r.goal_key, rule=r.rule, status=r.status, target_key=r.target_key,
        target_year=r.target_year, probability=r.probability, latest_period=r.latest_period or "",
        latest_value=r.latest_value, data_through=str(r.data_through or ""), preliminary=r.preliminary,
        explanation_sv=r.explanation_sv, explanation_en=r.explanation_en, detail=r.to_dict(),
    )  # fmt: skip


def _trend_record(t: am.TrendResult) -> a.ResultIn:
    return a.ResultIn(
        goal_key=t.goal_key, rule="trend", status=t.status, latest_period=str(t.data_through or ""),
        latest_value=t.latest_value, data_through=str(t.data_through or ""),
        explanation_sv=t.explanation_sv, explanation_en=t.explanation_en, detail=t.to_dict(),
    )  # fmt: skip


def _results(
    as_of: dt.date, run: EvaluationRun | None, goals: dict[str, Goal]
) -> tuple[dt.date, list[a.ResultIn], str]:
    """The evaluation's results: the stored `run`, else a fresh evaluation at `as_of` (not stored)."""
    if run is None:
        day = as_of
        out = run_evaluation(day, store=False)
        recs = [_target_record(r) for r in out.results] + [_trend_record(t) for t in out.trends]
        order = {t.key: (t.position, t.key) for g in goals.values() for t in g.targets.all()}
        recs.sort(key=lambda r: (r.goal_key, order.get(r.target_key or "", (0, ""))))
        return day, recs, ""
    rows = (
        EvaluationResult.objects.filter(run=run)
        .select_related("goal", "target")
        .order_by("goal_id", "target__position", "target_id", "id")
    )
    recs = [rec.result_in(r, r.goal.key, r.target.key if r.target_id else None) for r in rows]  # type: ignore[union-attr]
    return run.as_of, recs, f"#{run.pk}"


def _points(frame: pl.DataFrame, indicators: dict[str, Indicator]) -> dict[tuple[str, str], tuple[charts.Point, ...]]:
    """(indicator key, level) -> the total ("T") values of Riket and every area of that level."""
    areas = {code: (name, level) for code, name, level in Area.objects.values_list("code", "name", "level")}
    out: dict[tuple[str, str], list[charts.Point]] = {}
    rows = frame.filter(pl.col("breakdown").cast(pl.String) == "T").select(
        pl.col("indicator").cast(pl.String), pl.col("area").cast(pl.String), pl.col("period").cast(pl.String), "value"
    )
    for key, code, period, value in rows.iter_rows():
        if key not in indicators or code not in areas:
            continue
        name, level = areas[code]
        point = charts.Point(code, name, period, value)
        levels = ("county", "municipality") if level == Area.COUNTRY else (level,)
        for lv in levels:
            out.setdefault((key, lv), []).append(point)
    return {k: tuple(v) for k, v in out.items()}


def _batches(batch_ids: list[int]) -> tuple[tuple[a.BatchIn, ...], dict[str, tuple[int, ...]]]:
    used = sorted(set(batch_ids)) or [0]
    pairs = set(Observation.objects.filter(batch_id__in=used).values_list("indicator__key", "batch_id").distinct())
    pairs |= set(
        ObservationRevision.objects.filter(batch_id__in=used)
        .values_list("observation__indicator__key", "batch_id")
        .distinct()
    )
    by_ind: dict[str, set[int]] = {}
    for key, bid in pairs:
        by_ind.setdefault(key, set()).add(bid)
    rows = {b.pk: b for b in ImportBatch.objects.filter(pk__in=used)}
    # A computed series names the batches of its inputs too: those are the tables it really rests on.
    inputs = {b.pk: {int(i) for ids in (b.query or {}).get("input_batches", {}).values() for i in ids}
              for b in rows.values() if b.source == "computed"}  # fmt: skip
    if missing := set().union(*inputs.values()) - set(rows) if inputs else set():
        rows.update({b.pk: b for b in ImportBatch.objects.filter(pk__in=missing)})
    for ids in by_ind.values():
        ids |= {i for b in list(ids) for i in inputs.get(b, ()) if i in rows}
    batches = tuple(
        a.BatchIn(b.pk, b.source, b.table, b.location, b.retrieved_at, rec.publisher_of(b))
        for b in sorted(rows.values(), key=lambda b: b.pk)
    )
    return batches, {k: tuple(sorted(v)) for k, v in by_ind.items()}


def _initiatives(
    goals: dict[int, Goal], as_of: dt.date, graph: q.Graph
) -> tuple[list[a.InitiativeIn], list[a.InitiativeIn]]:
    """(ongoing, finished at `as_of`) with the goals each serves, budget and hours."""
    keys = {pk: g.key for pk, g in goals.items()}
    values = ReportValue.objects.filter(report__state=APPROVED).select_related("report").order_by("report__period")
    latest: dict[int, ReportValue] = {v.goal_id: v for v in values}  # the latest approved report wins
    ongoing: list[a.InitiativeIn] = []
    finished: list[a.InitiativeIn] = []
    for ini in Initiative.objects.prefetch_related("activities", "goals__targets").select_related("strategy"):
        hours = [x.total_hours for x in ini.activities.all() if x.total_hours is not None]
        own = [
            a.ProjectGoalIn(
                g.name, "; ".join(rec.target_text(t) for t in g.targets.all()), *_reported(latest.get(g.pk))
            )
            for g in ini.goals.all()
        ]
        record = a.InitiativeIn(
            key=ini.key, name=ini.name, kind_label=str(ini.get_kind_display()),
            strategy_key=ini.strategy.key if ini.strategy_id else None,  # type: ignore[union-attr]
            start=ini.start_date, end=ini.end_date, budget=ini.budget, hours=sum(hours) if hours else None,
            serves=tuple(sorted(keys[g] for g in graph.goals_served_by(ini.pk) if g in keys)), goal_results=tuple(own),
        )  # fmt: skip
        (finished if ini.end_date is not None and ini.end_date < as_of else ongoing).append(record)
    return ongoing, finished


def _reported(v: ReportValue | None) -> tuple[str, str]:
    if v is None:
        return "", ""
    value = v.share if v.share is not None else v.value
    return (q.number(value, 1, "%" if v.share is not None else None) if value is not None else ""), v.report.period


def _matrix(goals: dict[int, Goal], rus_ids: set[int], graph: q.Graph) -> tuple[a.MatrixRowIn, ...]:
    challenges: dict[int, list[str]] = {}
    for c in Challenge.objects.prefetch_related("goals"):
        for g in c.goals.all():
            challenges.setdefault(g.pk, []).append(c.text)
    priorities: dict[int, list[str]] = {}
    for p in Priority.objects.prefetch_related("goals"):
        for g in p.goals.all():
            priorities.setdefault(g.pk, []).append(p.text)
    rows = []
    for g in goals.values():
        if g.strategy_id is None or g.strategy_id in rus_ids:
            continue
        ups = [u for u in graph.upstream([g.pk]) if u in goals and goals[u].strategy_id in rus_ids]
        subs = [goals[d] for d in graph.down.get(g.pk, ()) if d in goals and goals[d].indicator_id]
        rows.append(
            a.MatrixRowIn(
                g.key, tuple(challenges.get(g.pk, [])), tuple(priorities.get(g.pk, [])),
                tuple(q.indicator_name(d.indicator) for d in subs), q.indicator_name(g.indicator),
                tuple(goals[u].key for u in ups),
            )
        )  # fmt: skip
    return tuple(rows)


def _assessments() -> list[a.AssessmentIn]:
    """Current versions only (a correction supersedes the published one); drafts enter the internal edition."""
    return [
        a.AssessmentIn(
            x.goal.key,
            x.year,
            str(x.get_rating_display()),
            x.text,
            x.author_name,
            published=x.state == Assessment.PUBLISHED,
        )
        for x in Assessment.objects.filter(superseded_by__isnull=True)
        .select_related("goal")
        .order_by("goal_id", "-year", "-created_at", "-id")
    ]


def report_input(year: int, as_of: dt.date | None = None, language: str = "sv") -> a.ReportInput:
    """Everything the report needs. Raises `ReportError` when there are no statistics at `as_of`."""
    strategies = list(Strategy.objects.select_related("area", "parent").order_by("position", "key"))
    goal_qs = (
        Goal.objects.select_related("indicator", "area", "strategy__area", "initiative__area")
        .prefetch_related(*rec.goal_prefetch(), Prefetch("contributes_to", queryset=Goal.objects.only("key")))
        .order_by("strategy__position", "position", "key")
    )
    goals = {g.pk: g for g in goal_qs}
    run = None if as_of is not None else q.latest_run()  # the run the pages show
    day = as_of or (run.as_of if run else dt.date.today())
    indicators = {g.indicator.key: g.indicator for g in goals.values() if g.indicator is not None}
    frame, batch_ids = observations_as_of(day, sorted(indicators))
    if not batch_ids:
        raise a.ReportError(f"no statistics were retrieved on or before {day.isoformat()} (--as-of)")
    day, results, run_label = _results(day, run, {g.key: g for g in goals.values()})
    pubs = rec.publishers(i.pk for i in indicators.values())
    batches, by_ind = _batches(batch_ids)
    graph = q.load_graph()
    ongoing, finished = _initiatives(goals, day, graph)
    rus_ids = {s.pk for s in strategies if s.level == Strategy.RUS}
    region = next(
        (s.area.name for s in strategies if s.level == Strategy.RUS), strategies[0].area.name if strategies else ""
    )
    assessments = _assessments()
    extra = tuple(s for source in section_sources() for s in source(day, language))
    return a.ReportInput(
        year=year,
        as_of=day,
        region_name=region,
        strategies=tuple(_strategy_in(s) for s in strategies),
        goals=tuple(
            rec.goal_in(g, g.measured_area(), [u.key for u in g.contributes_to.all()])
            for g in goals.values()
            if g.strategy_id is not None
        ),
        indicators={k: rec.indicator_in(i, pubs.get(i.pk, "")) for k, i in indicators.items()},
        results=tuple(results),
        points=_points(frame, indicators),
        initiatives=tuple(ongoing),
        finished=tuple(finished),
        assessments=tuple(assessments),
        batches=batches,
        batches_by_indicator=by_ind,
        matrix=_matrix(goals, rus_ids, graph),
        extra_sections=extra,
        run_label=run_label,
    )


__all__ = ["report_input"]
