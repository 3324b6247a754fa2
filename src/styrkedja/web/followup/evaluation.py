"""Run the evaluation: database -> frames -> styrkedja.analytics -> stored results.

Reads go through SQL into a polars frame, never through ORM objects per row.
The frame holds the values that were current at `as_of`: an observation's
value counts from its batch's retrieval date until the batch that replaced it
(kept in the revision history) was retrieved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from styrkedja.analytics import model as am
from styrkedja.analytics.evaluate import evaluate
from styrkedja.analytics.frames import observations_frame
from styrkedja.analytics.trend import assess_trend

from ..areas.models import Area, PeerGroup
from ..strategies.models import Goal, Target
from .models import EvaluationResult, EvaluationRun

FRAME_SQL = """
SELECT i.key, a.code, o.period, o.breakdown, o.value, o.numerator, o.denominator, b.id, b.retrieved_at
FROM indicators_observation o
JOIN indicators_indicator i ON i.id = o.indicator_id
JOIN areas_area a ON a.id = o.area_id
JOIN indicators_importbatch b ON b.id = o.batch_id
WHERE b.retrieved_at <= %s {indicator_filter}
UNION ALL
SELECT i.key, a.code, o.period, o.breakdown, r.value, r.numerator, r.denominator, b.id, b.retrieved_at
FROM indicators_observationrevision r
JOIN indicators_observation o ON o.id = r.observation_id
JOIN indicators_indicator i ON i.id = o.indicator_id
JOIN areas_area a ON a.id = o.area_id
JOIN indicators_importbatch b ON b.id = r.batch_id
JOIN indicators_importbatch rb ON rb.id = r.replaced_by_id
WHERE b.retrieved_at <= %s AND rb.retrieved_at > %s {indicator_filter}
"""


def end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def observations_as_of(as_of: dt.date, indicator_keys: Sequence[str] | None = None) -> tuple[pl.DataFrame, list[int]]:
    """The observation frame current at the end of `as_of`, and the batches it came from.

    On PostgreSQL the rows are streamed with `COPY (SELECT ...) TO STDOUT` into a temporary file and
    parsed by polars (national scale: tens of millions of rows); the indicator and area columns are
    then polars Enums, period and breakdown Categoricals (the evaluation accepts them; they compare
    equal to strings). Elsewhere (SQLite) the rows are fetched and validated by `observations_frame`."""
    if connection.vendor == "postgresql":
        return _observations_as_of_copy(as_of, indicator_keys)
    cutoff = end_of_day(as_of)
    params: list[Any] = [cutoff]
    flt = ""
    if indicator_keys is not None:
        keys = list(indicator_keys) or [""]
        flt = f"AND i.key IN ({', '.join(['%s'] * len(keys))})"
    sql = FRAME_SQL.format(indicator_filter=flt)
    params = [cutoff, *(keys if flt else []), cutoff, cutoff, *(keys if flt else [])]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    columns = ["indicator", "area", "period", "breakdown", "value", "numerator", "denominator", "batch", "retrieved"]
    raw = pl.DataFrame(rows, schema=columns, orient="row", infer_schema_length=None)
    if raw.height == 0:
        return observations_frame(pl.DataFrame(schema={c: pl.String for c in columns[:4]} | {
            "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64})), []  # fmt: skip
    # Imports out of date order could leave two candidates; the latest retrieval wins.
    raw = raw.sort("retrieved").unique(subset=["indicator", "area", "period", "breakdown"], keep="last")
    batches = sorted(int(b) for b in raw["batch"].unique().to_list())
    return observations_frame(raw.drop("batch", "retrieved")), batches


COPY_CURRENT = """
SELECT o.indicator_id, o.area_id, o.period, o.breakdown, o.value, o.numerator, o.denominator, o.batch_id
FROM indicators_observation o JOIN indicators_importbatch b ON b.id = o.batch_id
WHERE b.retrieved_at <= {cutoff} {indicator_filter}
"""
COPY_REVISED = """
SELECT o.indicator_id, o.area_id, o.period, o.breakdown, r.value, r.numerator, r.denominator, r.batch_id
FROM indicators_observationrevision r
JOIN indicators_observation o ON o.id = r.observation_id
JOIN indicators_importbatch b ON b.id = r.batch_id
JOIN indicators_importbatch rb ON rb.id = r.replaced_by_id
WHERE b.retrieved_at <= {cutoff} AND rb.retrieved_at > {cutoff} {indicator_filter}
"""
COPY_SCHEMA = {
    "indicator_id": pl.Int32, "area_id": pl.Int32, "period": pl.Categorical, "breakdown": pl.Categorical,
    "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64, "batch": pl.Int32,
}  # fmt: skip


def _copy_frame(cur: Any, query: Any) -> pl.DataFrame:
    import tempfile

    from psycopg import sql

    statement = sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv)").format(query)
    with tempfile.TemporaryFile() as fh:
        with cur.copy(statement) as copy:
            for block in copy:
                fh.write(block)
        if fh.tell() == 0:
            return pl.DataFrame(schema=COPY_SCHEMA)
        fh.seek(0)
        return pl.read_csv(fh, has_header=False, new_columns=list(COPY_SCHEMA), schema=COPY_SCHEMA)


def _observations_as_of_copy(as_of: dt.date, indicator_keys: Sequence[str] | None) -> tuple[pl.DataFrame, list[int]]:
    from psycopg import sql

    cutoff = sql.Literal(end_of_day(as_of))
    with connection.cursor() as wrapper:
        cur = wrapper.cursor
        cur.execute("SELECT id, key FROM indicators_indicator")
        indicators = dict(cur.fetchall())
        cur.execute("SELECT code, id FROM areas_area")
        areas = {i: c for c, i in cur.fetchall()}
        cur.execute("SELECT id, retrieved_at FROM indicators_importbatch")
        retrieved = dict(cur.fetchall())
        flt: sql.Composable = sql.SQL("")
        if indicator_keys is not None:
            ids = [i for i, k in indicators.items() if k in set(indicator_keys)] or [-1]
            flt = sql.SQL("AND o.indicator_id = ANY({})").format(sql.Literal(ids))
        current = _copy_frame(cur, sql.SQL(COPY_CURRENT).format(cutoff=cutoff, indicator_filter=flt))
        revised = _copy_frame(cur, sql.SQL(COPY_REVISED).format(cutoff=cutoff, indicator_filter=flt))
    keys = ["indicator_id", "area_id", "period", "breakdown"]
    raw = current
    if revised.height:
        # Imports out of date order could leave two candidates; the latest retrieval wins. Only the
        # keys with a revision can have two, so only those are sorted.
        both = pl.concat([current.join(revised.select(keys).unique(), on=keys, how="semi"), revised])
        both = both.with_columns(
            pl.col("batch").replace_strict(retrieved, return_dtype=pl.Datetime("us", "UTC")).alias("_retrieved")
        )
        both = both.sort("_retrieved", maintain_order=True).unique(subset=keys, keep="last").drop("_retrieved")
        raw = pl.concat([current.join(revised.select(keys).unique(), on=keys, how="anti"), both])
    ind_enum = pl.Enum(sorted(set(indicators.values())))
    area_enum = pl.Enum(sorted(set(areas.values())))
    num = ("value", "numerator", "denominator")
    frame = raw.select(
        pl.col("indicator_id").replace_strict(indicators, return_dtype=ind_enum).alias("indicator"),
        pl.col("area_id").replace_strict(areas, return_dtype=area_enum).alias("area"),
        "period",
        "breakdown",
        *[pl.when(pl.col(c).is_finite()).then(pl.col(c)).otherwise(None).alias(c) for c in num],
    )
    batches = sorted(int(b) for b in raw["batch"].unique().to_list())
    return frame, batches


def indicator_info(goal: Goal) -> am.IndicatorInfo:
    ind = goal.indicator
    assert ind is not None
    return am.IndicatorInfo(
        key=ind.key, name=ind.name, name_en=ind.name_en, unit=ind.unit, measure_type=ind.measure_type,
        direction=ind.direction, decimals=ind.decimals,
    )  # fmt: skip


@dataclass
class Specs:
    targets: list[am.TargetSpec]
    target_ids: dict[str, tuple[int, int]]  # target key -> (target id, goal id)
    trends: list[am.TrendSpec]
    trend_goal_ids: dict[str, int]


def collect_specs(area: str | None = None) -> Specs:
    """Every target on a goal with an indicator; goals with an indicator but no target get a trend assessment."""
    goals = (
        Goal.objects.filter(indicator__isnull=False)
        .select_related("indicator", "area", "strategy__area", "initiative__area")
        .prefetch_related("targets__peer_group")
    )
    specs = Specs([], {}, [], {})
    for goal in goals:
        measured = goal.measured_area()
        if measured is None or (area is not None and measured.code != area):
            continue
        info = indicator_info(goal)
        targets = list(goal.targets.all())
        for t in targets:
            spec = am.TargetSpec(
                target_key=t.key, goal_key=goal.key, goal_name=goal.name, indicator=info,
                area=measured.code, area_name=measured.name, rule=t.as_rule(),
            )  # fmt: skip
            specs.targets.append(spec)
            specs.target_ids[t.key] = (t.pk, goal.pk)
        if not targets:
            base = int(goal.baseline_period[:4]) if goal.baseline_period[:4].isdigit() else None
            specs.trends.append(
                am.TrendSpec(
                    goal_key=goal.key,
                    goal_name=goal.name,
                    indicator=info,
                    area=measured.code,
                    area_name=measured.name,
                    base_year=base,
                )
            )
            specs.trend_goal_ids[goal.key] = goal.pk
    return specs


def peer_groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for code, key in PeerGroup.members.through.objects.values_list("area__code", "peergroup__key"):
        groups.setdefault(key, []).append(code)
    return {k: sorted(v) for k, v in groups.items()}


@dataclass
class Outcome:
    run: EvaluationRun | None
    results: list[am.TargetResult]
    trends: list[am.TrendResult]


def run_evaluation(as_of: dt.date | None = None, *, area: str | None = None, store: bool = True,
                   user: Any = None) -> Outcome:  # fmt: skip
    """Evaluate every target (and trend) on the data current at `as_of` (default today); store the run."""
    as_of = as_of or timezone.localdate()
    specs = collect_specs(area)
    needed = sorted({s.indicator.key for s in specs.targets} | {s.indicator.key for s in specs.trends})
    frame, batches = observations_as_of(as_of, needed)
    groups = peer_groups()
    results = evaluate(specs.targets, frame, peer_groups=groups, as_of=as_of)
    trends = assess_trend(specs.trends, frame, peer_groups=groups, as_of=as_of)
    if not store:
        return Outcome(None, results, trends)
    areas = dict(Area.objects.values_list("code", "id"))
    indicators = dict(Goal.objects.filter(indicator__isnull=False).values_list("key", "indicator_id"))
    with transaction.atomic():
        run = EvaluationRun.objects.create(
            as_of=as_of, batches=batches, user=user if getattr(user, "pk", None) else None
        )
        rows = []
        for r in results:
            target_id, goal_id = specs.target_ids[r.target_key]
            rows.append(EvaluationResult(
                run=run, goal_id=goal_id, target_id=target_id, area_id=areas[r.area],
                indicator_id=indicators.get(r.goal_key), rule=r.rule, target_year=r.target_year, status=r.status,
                probability=r.probability, latest_period=r.latest_period or "", latest_value=r.latest_value,
                data_through=str(r.data_through or ""), preliminary=r.preliminary, explanation_sv=r.explanation_sv,
                explanation_en=r.explanation_en, detail=r.to_dict(),
            ))  # fmt: skip
        for t in trends:
            rows.append(EvaluationResult(
                run=run, goal_id=specs.trend_goal_ids[t.goal_key], area_id=areas[t.area],
                indicator_id=indicators.get(t.goal_key), rule="trend", status=t.status,
                latest_period=str(t.data_through or ""), latest_value=t.latest_value,
                data_through=str(t.data_through or ""), explanation_sv=t.explanation_sv,
                explanation_en=t.explanation_en, detail=t.to_dict(),
            ))  # fmt: skip
        EvaluationResult.objects.bulk_create(rows, batch_size=2000)
        run.result_count = len(rows)
        run.finished_at = timezone.now()
        run.save(update_fields=["result_count", "finished_at"])
    return Outcome(run, results, trends)


__all__ = ["Outcome", "Specs", "Target", "collect_specs", "observations_as_of", "run_evaluation"]
