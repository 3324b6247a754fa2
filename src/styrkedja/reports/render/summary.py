"""Short texts for slides: a goal in three lines."""

from __future__ import annotations

from styrkedja.reports.assemble import GoalFigures
from styrkedja.reports.assemble.summary import first_sentence
from styrkedja.reports.render import figures as fx
from styrkedja.reports.render.labels import label


def three_lines(g: GoalFigures, lang: str) -> list[str]:
    """Status (with probability), the target, the evaluation's verdict in one sentence."""
    t = g.main
    if t is None:
        return [f"– {label('no_data_yet', lang)}", g.goal.formulation or g.goal.name, ""]
    target = f"{label('target', lang)}: {t.target_text}" if t.target_text else fx.latest_text(g, t, lang)
    return [fx.status_line(t, lang), target, first_sentence(t.explanation)]
