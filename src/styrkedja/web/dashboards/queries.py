"""Reads behind the pages: a few set-based queries per page, never one per row.

The chain is loaded as a graph once per request (goal -> goals it contributes to, goal -> owner,
activity -> goals it feeds); walking it is plain Python.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet

from styrkedja.analytics import model as am
from styrkedja.analytics.targets import competition_ranks
from styrkedja.reports import charts

from ..areas.models import Area

# The formatting helpers moved to core (every app's pages use them); the dashboards keep reading them here.
from ..core.formatting import STATUS_FILTER as STATUS_FILTER
from ..core.formatting import STATUS_TEXT as STATUS_TEXT
from ..core.formatting import is_english, lang
from ..core.formatting import number as number
from ..core.formatting import operator_words as operator_words
from ..core.formatting import percent as percent
from ..core.formatting import status_info as status_info
from ..core.formatting import unit_label as unit_label
from ..core.permissions import sees_unpublished
from ..followup.models import EvaluationResult, EvaluationRun
from ..indicators.models import Indicator, Observation
from ..projects.models import Activity, Initiative
from ..strategies.models import Goal, Strategy
from . import provenance

charts.set_cache_dir(settings.STYRKEDJA_CACHE_DIR / "charts")

# Building a chart (Altair objects, validated against the Vega-Lite JSON schema) costs 5-30 ms even when
# its SVG is cached: 40 sparklines made the overview cost about a second of CPU at national scale. Charts
# are pure functions of their rows and meta, so the finished Chart is kept per process, keyed by the
# arguments' content: new data or another language is another key, never a stale chart.
_CHARTS: OrderedDict[Any, charts.Chart] = OrderedDict()
_CHARTS_LOCK = threading.Lock()
_CHARTS_MAX = 2048


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def chart(builder: Callable[..., charts.Chart], *args: Any, **kwargs: Any) -> charts.Chart:
    """`builder(*args, **kwargs)` from a small per-process cache keyed by the arguments' content."""
    try:
        key = (builder.__module__, builder.__qualname__, _frozen(args), _frozen(kwargs))
        hash(key)
    except TypeError:  # an unhashable argument: build it every time
        return builder(*args, **kwargs)
    with _CHARTS_LOCK:
        hit = _CHARTS.get(key)
        if hit is not None:
            _CHARTS.move_to_end(key)
            return hit
    built = builder(*args, **kwargs)
    with _CHARTS_LOCK:
        _CHARTS[key] = built
        while len(_CHARTS) > _CHARTS_MAX:
            _CHARTS.popitem(last=False)
    return built


# ---------------------------------------------------------------- visibility


def visible_strategies(user: Any) -> QuerySet[Strategy]:
    qs = Strategy.objects.select_related("area", "parent")
    return qs if sees_unpublished(user) else qs.filter(published=True)


def visible_goals(user: Any) -> QuerySet[Goal]:
    qs = Goal.objects.all()
    if sees_unpublished(user):
        return qs
    return qs.filter(Q(strategy__published=True) | Q(initiative__strategy__published=True))


def visible_initiatives(user: Any) -> QuerySet[Initiative]:
    qs = Initiative.objects.all()
    return qs if sees_unpublished(user) else qs.filter(strategy__published=True)


def visible_indicators(user: Any) -> QuerySet[Indicator]:
    if sees_unpublished(user):
        return Indicator.objects.all()
    return Indicator.objects.filter(
        Q(goals__strategy__published=True) | Q(goals__initiative__strategy__published=True)
    ).distinct()


# ---------------------------------------------------------------- evaluation results


def latest_run() -> EvaluationRun | None:
    return EvaluationRun.objects.order_by("-started_at", "-id").first()


def results_by_goal(run: EvaluationRun | None, goal_ids: Iterable[int]) -> dict[int, list[EvaluationResult]]:
    out: dict[int, list[EvaluationResult]] = defaultdict(list)
    if run is None:
        return out
    qs = (
        EvaluationResult.objects.filter(run=run, goal_id__in=list(goal_ids))
        .select_related("target")
        .order_by("goal_id", "target__position", "target_id", "id")
    )
    for r in qs:
        out[r.goal_id].append(r)
    return out


# ---------------------------------------------------------------- the chain as a graph


@dataclass
class Graph:
    up: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # goal -> goals it contributes to
    down: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # goal -> its contributors
    goal_initiative: dict[int, int] = field(default_factory=dict)
    goal_strategy: dict[int, int] = field(default_factory=dict)
    activity_feeds: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # activity -> goals
    fed_by: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # goal -> activities
    activity_initiative: dict[int, int] = field(default_factory=dict)

    def upstream(self, goals: Iterable[int]) -> set[int]:
        """Every goal reached by following contributes_to from `goals` (the goals themselves included)."""
        return _walk(goals, self.up)

    def downstream(self, goal: int) -> set[int]:
        """Every goal that contributes to `goal`, directly or through other goals (itself included)."""
        return _walk([goal], self.down)

    def initiatives_serving(self, goal: int) -> set[int]:
        """Initiatives whose goals or activities reach `goal` through the chain."""
        below = self.downstream(goal)
        out = {self.goal_initiative[g] for g in below if g in self.goal_initiative}
        for g in below:
            out |= {self.activity_initiative[a] for a in self.fed_by.get(g, ())}
        return out

    def goals_served_by(self, initiative: int) -> set[int]:
        """Every goal an initiative's goals and activities reach (its own goals included)."""
        own = {g for g, i in self.goal_initiative.items() if i == initiative}
        for a, i in self.activity_initiative.items():
            if i == initiative:
                own |= self.activity_feeds.get(a, set())
        return self.upstream(own)


def _walk(start: Iterable[int], edges: dict[int, set[int]]) -> set[int]:
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def load_graph() -> Graph:
    """Four queries, whatever the size of the chain."""
    g = Graph()
    for src, dst in Goal.contributes_to.through.objects.values_list("from_goal_id", "to_goal_id"):
        g.up[src].add(dst)
        g.down[dst].add(src)
    for gid, sid, iid in Goal.objects.values_list("id", "strategy_id", "initiative_id"):
        if iid:
            g.goal_initiative[gid] = iid
        if sid:
            g.goal_strategy[gid] = sid
    for aid, gid in Activity.feeds.through.objects.values_list("activity_id", "goal_id"):
        g.activity_feeds[aid].add(gid)
        g.fed_by[gid].add(aid)
    for aid, iid in Activity.objects.values_list("id", "initiative_id"):
        g.activity_initiative[aid] = iid
    return g


def load_graph_below(goal_ids: Iterable[int]) -> Graph:
    """The part of the chain that `downstream` and `initiatives_serving` need for `goal_ids`: every goal
    below them (a recursive query over contributes_to) with its owner, the edges into those goals and
    the goals' own upward edges, the activities feeding them, and every activity of the initiatives
    involved. Two queries whatever the size, with rows for the goals concerned only (`load_graph`
    reads the whole chain: at national scale every goal of 311 strategies, on every request).
    `up` is complete for the given goals only."""
    start = sorted({int(g) for g in goal_ids}) or [0]
    marks = ", ".join(["%s"] * len(start))
    goal_t, edge_t = Goal._meta.db_table, Goal.contributes_to.through._meta.db_table
    feed_t, act_t = Activity.feeds.through._meta.db_table, Activity._meta.db_table
    sql = f"""
        WITH RECURSIVE below(id) AS (
            SELECT id FROM {goal_t} WHERE id IN ({marks})
            UNION SELECT e.from_goal_id FROM {edge_t} e JOIN below b ON e.to_goal_id = b.id
        )
        SELECT 'g', g.id, g.strategy_id, g.initiative_id FROM below b JOIN {goal_t} g ON g.id = b.id
        UNION ALL
        SELECT 'e', e.from_goal_id, e.to_goal_id, NULL FROM {edge_t} e JOIN below b ON e.to_goal_id = b.id
        UNION ALL
        SELECT 'u', e.from_goal_id, e.to_goal_id, NULL FROM {edge_t} e WHERE e.from_goal_id IN ({marks})
        UNION ALL
        SELECT 'f', f.activity_id, f.goal_id, a.initiative_id
        FROM {feed_t} f JOIN below b ON f.goal_id = b.id JOIN {act_t} a ON a.id = f.activity_id
    """
    g = Graph()
    inis: set[int] = set()
    with connection.cursor() as cur:
        cur.execute(sql, [*start, *start])
        for kind, a, b, c in cur.fetchall():
            if kind == "g":
                if c:
                    g.goal_initiative[a] = c
                    inis.add(c)
                if b:
                    g.goal_strategy[a] = b
            elif kind in ("e", "u"):
                g.up[a].add(b)
                g.down[b].add(a)
            else:
                g.activity_feeds[a].add(b)
                g.fed_by[b].add(a)
                g.activity_initiative[a] = c
                inis.add(c)
    for aid, iid in Activity.objects.filter(initiative_id__in=sorted(inis) or [0]).values_list("id", "initiative_id"):
        g.activity_initiative[aid] = iid
    return g


# ---------------------------------------------------------------- observations


def series_for(
    pairs: Iterable[tuple[int, int]], breakdown: str = "T"
) -> dict[tuple[int, int], list[tuple[str, float | None]]]:
    """(indicator id, area id) -> [(period, value)] sorted by period; one query."""
    pairs = {p for p in pairs if p[0] and p[1]}
    out: dict[tuple[int, int], list[tuple[str, float | None]]] = defaultdict(list)
    if not pairs:
        return out
    indicators = {p[0] for p in pairs}
    areas = {p[1] for p in pairs}
    rows = (
        Observation.objects.filter(indicator_id__in=indicators, area_id__in=areas, breakdown=breakdown)
        .values_list("indicator_id", "area_id", "period", "value")
        .order_by("period")
    )
    for ind, area, period, value in rows:
        if (ind, area) in pairs:
            out[(ind, area)].append((period, value))
    return out


def area_points(
    indicator: Indicator, levels: Iterable[str], *, parent: Area | None = None, breakdown: str = "T"
) -> list[charts.Point]:
    """All observations of an indicator for areas of the given levels (optionally within a county)."""
    qs = Observation.objects.filter(indicator=indicator, breakdown=breakdown, area__level__in=list(levels))
    if parent is not None:
        qs = qs.filter(area__parent=parent)
    rows = qs.values_list("area__code", "area__name", "period", "value", "breakdown")
    return [charts.Point(c, n, p, v, b) for c, n, p, v, b in rows]


def sex_points(indicator: Indicator, area: Area) -> list[charts.Point]:
    """The area's women, men and total (K, M, T) of an indicator; [] when the series has no split by sex."""
    rows = list(
        Observation.objects.filter(indicator=indicator, area=area, breakdown__in=["K", "M", "T"]).values_list(
            "area__code", "area__name", "period", "value", "breakdown"
        )
    )
    if not any(b in ("K", "M") for *_, b in rows):
        return []
    return [charts.Point(c, n, p, v, b) for c, n, p, v, b in rows]


def latest_period(points: Iterable[charts.Point]) -> str | None:
    periods = {p.period for p in points if p.value is not None and math.isfinite(p.value)}
    return max(periods, key=lambda p: (charts.period_to_year(p) or 0.0, p)) if periods else None


def meta_for(indicator: Indicator, title: str | None = None, source: str | None = None, **extra: Any) -> charts.Meta:
    """The chart meta of an indicator: its name, unit, decimals and source ("Källa: Eurostat. Bearbetning: …").

    The source is the publisher of the stored values (their import batches, see provenance.py); pass
    `source` when the caller looked it up for many indicators at once."""
    if source is None:
        source = provenance.sources_for([indicator])[indicator.pk]
    processed = None if indicator.source_kind == "kolada" else settings_processed_by()
    name = indicator.name_en if is_english() and indicator.name_en else indicator.name
    return charts.Meta(
        title=title or name,
        unit=unit_label(indicator.unit or ""),
        source=str(source or "–"),
        processed_by=processed,
        lang=lang(),
        decimals=indicator.decimals,
        **extra,
    )


def settings_processed_by() -> str | None:
    """The organisation that processed the statistics (setting STYRKEDJA_PROCESSED_BY); None when not set."""
    return str(getattr(settings, "PROCESSED_BY", "") or "") or None


def indicator_name(indicator: Indicator | None) -> str:
    if indicator is None:
        return ""
    return indicator.name_en if is_english() and indicator.name_en else indicator.name


def source_link(indicator: Indicator) -> str | None:
    """A link to the SCB table or the Kolada KPI the indicator comes from."""
    spec = indicator.source_spec or {}
    if indicator.source_kind == "scb":
        path = spec.get("path")
        if path:
            parts = str(path).split("/")
            return (
                "https://www.statistikdatabasen.scb.se/pxweb/sv/ssd/START__" + "__".join(parts[:-1]) + f"/{parts[-1]}/"
            )
        if spec.get("table"):
            return f"https://statistikdatabasen.scb.se/api/v2/tables/{spec['table']}"
    if indicator.source_kind == "kolada" and spec.get("kpi"):
        return f"https://www.kolada.se/verktyg/fri-sokning/?kpis={spec['kpi']}"
    return None


def rank_of(values: dict[str, float], code: str, higher_is_better: bool) -> tuple[int, int] | None:
    """Rank (1 = best; ties share the better place) of `code` among `values`, and the count.

    The evaluation's own ranking (`analytics.targets.competition_ranks`), so a page and a rank target
    never disagree on who is ahead."""
    if code not in values:
        return None
    codes = list(values)
    vals = np.array([values[c] for c in codes], dtype=float)
    direction = am.HIGHER_IS_BETTER if higher_is_better else am.LOWER_IS_BETTER
    rank, n = competition_ranks(vals, np.ones(len(codes), dtype=bool), np.array([codes.index(code)]), direction)
    return int(rank[0]), int(n[0])
