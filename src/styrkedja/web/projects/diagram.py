"""The project logic diagram: activities -> sub-goals -> main goals -> strategy goals.

Laid out on the server as plain boxes and links, drawn as SVG for the eye and given
as a nested list for screen readers and print (the same data, so they cannot differ).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import plandata as pd

COLUMN_WIDTH = 230
COLUMN_GAP = 50
BOX_HEIGHT = 56
ROW_GAP = 14
LINE_CHARS = 34


@dataclass
class Box:
    id: str
    label: str
    detail: str
    column: int
    row: int = 0
    links: list[str] = field(default_factory=list)  # ids of boxes to the right
    link_labels: list[str] = field(default_factory=list)  # the same, as text for the list version
    lines: list[str] = field(default_factory=list)
    x: int = 0
    y: int = 0


@dataclass
class Edge:
    path: str


@dataclass
class Diagram:
    columns: list[tuple[str, list[Box]]]
    edges: list[Edge]
    width: int
    height: int

    @property
    def empty(self) -> bool:
        return not any(boxes for _, boxes in self.columns)

    def box(self, box_id: str) -> Box | None:
        for _title, boxes in self.columns:
            for b in boxes:
                if b.id == box_id:
                    return b
        return None


def build(plan: pd.PlanData, catalogue: pd.Catalogue) -> Diagram:
    acts = [Box(f"a:{a.ref}", a.name or "–", _hours(a), 0) for a in plan.activities]
    subs = [Box(f"p:{g.ref}", _("Sub-goal %(n)s") % {"n": n}, g.formulation or g.name, 1)
            for n, g in enumerate(plan.sub_goals, 1)]  # fmt: skip
    mains = [Box(f"p:{g.ref}", _("Main goal %(n)s") % {"n": n}, g.formulation or g.name, 2)
             for n, g in enumerate(plan.main_goals, 1)]  # fmt: skip
    strategy_keys: list[str] = []
    for g in plan.goals:
        for link in g.contributes_to:
            if link.startswith("s:") and link[2:] not in strategy_keys:
                strategy_keys.append(link[2:])
    strat = []
    for key in strategy_keys:
        choice = catalogue.strategy_goals.get(key)
        strat.append(Box(f"s:{key}", choice.strategy_name if choice else key, choice.name if choice else key, 3))
    for g in plan.sub_goals:
        for ref in g.activities:
            box = next((b for b in acts if b.id == f"a:{ref}"), None)
            if box is not None:
                box.links.append(f"p:{g.ref}")
    for g in plan.goals:
        box = next((b for b in subs + mains if b.id == f"p:{g.ref}"), None)
        if box is not None:
            box.links += list(g.contributes_to)
    columns = [(_("Activities"), acts), (_("Sub-goals"), subs), (_("Main goals"), mains),
               (_("Goals in the RUS and sub-strategies"), strat)]  # fmt: skip
    return _layout(columns)


def _layout(columns: list[tuple[str, list[Box]]]) -> Diagram:
    height = 0
    for col, (_title, boxes) in enumerate(columns):
        for row, b in enumerate(boxes):
            b.row, b.x, b.y = row, col * (COLUMN_WIDTH + COLUMN_GAP), 30 + row * (BOX_HEIGHT + ROW_GAP)
            b.lines = [b.label[:LINE_CHARS], *textwrap.wrap(b.detail, LINE_CHARS)[:2]]
            height = max(height, b.y + BOX_HEIGHT + 10)
    diagram = Diagram(columns, [], 4 * COLUMN_WIDTH + 3 * COLUMN_GAP, max(height, 80))
    for _title, boxes in columns:
        for b in boxes:
            for link in b.links:
                target = diagram.box(link)
                if target is None or target.column <= b.column:
                    continue
                b.link_labels.append(target.label if target.column < 3 else f"{target.label}: {target.detail}")
                x1, y1 = b.x + COLUMN_WIDTH, b.y + BOX_HEIGHT // 2
                x2, y2 = target.x, target.y + BOX_HEIGHT // 2
                mid = (x1 + x2) // 2
                diagram.edges.append(Edge(f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2 - 6},{y2}"))
    return diagram


def _hours(a: pd.ActivityRow) -> str:
    if a.total_hours is None:
        return ""
    return _("%(occasions)s × %(hours)s h = %(total)s h") % {
        "occasions": a.occasions,
        "hours": pd.fmt_number(a.hours_per_occasion),
        "total": pd.fmt_number(a.total_hours),
    }
