"""The agenda of the autumn/spring forum as a Word document (python-docx).

It lists the round's goals that are off track or at risk (with the analyst's published assessment),
the goals that need an action, the proposed actions and the knowledge needs. Statuses are the
round's frozen ones (`RoundStatus`); nothing is recomputed here.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from styrkedja.analytics.rollup import NEEDS_ATTENTION, rank

from ..dashboards import cycle as rq
from ..dashboards import queries as q
from ..followup.models import Round


def _date(value: Any) -> str:
    return formats.date_format(value, "Y-m-d") if value else "–"


def _table(doc: Any, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def agenda_docx(round_: Round, user: Any) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = f"{_('Forum agenda')}: {round_.name}"
    doc.add_heading(f"{_('Forum agenda')}: {round_.name}", level=0)
    facts = [f"{_('Strategy')}: {round_.strategy.name}", f"{_('Data as of')}: {_date(round_.as_of)}"]
    if round_.forum_on:
        facts.append(f"{(round_.get_forum_display() or _('Forum')).capitalize()}: {_date(round_.forum_on)}")
    doc.add_paragraph(" · ".join(facts))

    statuses = sorted(
        (s for s in round_.statuses.select_related("goal") if s.status in NEEDS_ATTENTION),
        key=lambda s: (rank(s.status), s.goal.position, s.goal.key),
    )
    assessed = {a.goal_id: a for a in rq.visible_assessments(user).filter(round=round_, superseded_by__isnull=True)}
    doc.add_heading(_("1. Goals off track or at risk"), level=1)
    if statuses:
        rows = []
        for s in statuses:
            a = assessed.get(s.goal_id)
            rows.append([s.goal.name, q.status_info(s.status)["text"], a.text if a else _("No assessment yet.")])
        _table(doc, [_("Goal"), _("Status"), _("Analyst's assessment")], rows)
    else:
        doc.add_paragraph(_("No goal is off track or at risk in this round."))

    doc.add_heading(_("2. Needs action: few contributing initiatives, or none making progress"), level=1)
    flagged = rq.needs_action(round_, user)
    for item in flagged:
        doc.add_paragraph(
            f"{item.goal.name} – {q.status_info(item.status)['text']}, "
            + _("%(n)s contributing initiatives") % {"n": item.initiatives}
            + (", " + _("whose own goals are all behind") if item.no_progress else ""),
            style="List Bullet",
        )
    if not flagged:
        doc.add_paragraph(_("None."))

    doc.add_heading(_("3. Proposed actions"), level=1)
    actions = [a for a in rq.actions_for([round_.pk]) if a.status in ("planned", "ongoing")]
    if actions:
        _table(doc, [pgettext("cycle", "Action"), _("Goals"), _("Owner"), _("Due"), _("Status")],
               [[a.title, ", ".join(g.name for g in a.goals.all()), a.owner_label() or "–", _date(a.due_date),
                 a.get_status_display()] for a in actions])  # fmt: skip
    else:
        doc.add_paragraph(_("None."))

    doc.add_heading(_("4. Knowledge needs"), level=1)
    needs = list(rq.knowledge_needs_for([round_.pk]))
    if needs:
        _table(doc, [_("Question"), _("Kind"), _("Goals"), _("Owner"), _("Status")],
               [[n.question, n.get_kind_display(), ", ".join(g.name for g in n.goals.all()), n.owner_label() or "–",
                 n.get_status_display()] for n in needs])  # fmt: skip
    else:
        doc.add_paragraph(_("None."))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
