"""The indicator catalogue grouped by goal: each goal with its status, then its indicator with the
publisher of the stored values (from the import batches' provenance) and whether it has data.

Indicators no goal uses (a computed series' inputs, the influence factors') come last, in a group of their
own. A fixed number of queries for any size of catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet

from ..indicators.models import Indicator, Observation
from ..strategies.models import Goal
from . import provenance
from . import queries as q
from .cycle import latest_goal_statuses

# The "has data" filter: every indicator, those with at least one value, those without any.
DATA_FILTERS = ("", "yes", "no")


@dataclass
class Row:
    indicator: Indicator
    name: str
    source: str
    latest: str | None

    @property
    def has_data(self) -> bool:
        return self.latest is not None


@dataclass
class Group:
    goal: Goal | None  # None: the indicators no goal uses
    status: str = ""
    rows: list[Row] = field(default_factory=list)


def search(qs: QuerySet[Indicator], text: str) -> QuerySet[Indicator]:
    if not text:
        return qs
    return qs.filter(
        Q(name__icontains=text) | Q(name_en__icontains=text) | Q(definition__icontains=text) | Q(key__icontains=text)
    )


def _latest_with_values(indicators: list[Indicator]) -> dict[int, str]:
    """Indicator id -> its latest period with a value (missing values do not count as data)."""
    return dict(
        Observation.objects.filter(indicator__in=indicators, value__isnull=False)
        .values("indicator_id")
        .annotate(m=Max("period"))
        .values_list("indicator_id", "m")
    )


def groups(user: Any, text: str = "", data: str = "") -> tuple[list[Group], int]:
    """The catalogue's groups, filtered by the search text and "has data"; and the number of indicators shown."""
    indicators = list(search(q.visible_indicators(user), text).order_by("position", "key"))
    latest = _latest_with_values(indicators)
    if data in ("yes", "no"):
        indicators = [i for i in indicators if (i.pk in latest) == (data == "yes")]
    sources = provenance.sources_for(indicators)
    rows = {i.pk: Row(i, q.indicator_name(i), sources.get(i.pk, ""), latest.get(i.pk)) for i in indicators}
    goals = list(
        q.visible_goals(user)
        .filter(indicator_id__in=list(rows))
        .select_related("strategy", "initiative")
        .order_by("strategy__position", "initiative__position", "position", "key")
    )
    goals.sort(key=lambda g: (g.strategy_id is None, g.strategy.position if g.strategy else 0))
    statuses = latest_goal_statuses([g.pk for g in goals])
    out = [Group(goal=g, status=statuses.get(g.pk, ""), rows=[rows[g.indicator_id]]) for g in goals if g.indicator_id]
    used = {g.indicator_id for g in goals}
    loose = [r for pk, r in rows.items() if pk not in used]
    if loose:
        out.append(Group(goal=None, rows=loose))
    return out, len(rows)
