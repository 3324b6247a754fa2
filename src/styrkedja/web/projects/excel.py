"""A plan as an Excel workbook laid out like the familiar template, and back.

Sheet "Projektplan": the initiative's data, then one block per main goal (Huvudmål) and
sub-goal (Delmål) with the template's rows, then the activities as a table. Drop-down
cells (indicator, the goals a goal contributes to, the activities of a sub-goal, the kind)
carry real list validations whose lists are on the sheet "Listor" (activities: the
activity names on the plan sheet itself). Column J keeps each row's id so that an
uploaded workbook updates the same goals and activities.

Reading runs the same checks as the plan form and names the sheet and cell of every problem.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from styrkedja.connectors import cells as safe_cells

from . import plandata as pd
from .models import Initiative

SHEET = ("Projektplan", "Project plan")
LISTS = ("Listor", "Lists")
REF_COLUMN = "J"
SLOTS = "BCDEFG"  # cells of a drop-down row
# key: (Swedish, English). Rows of the initiative's data, then of each goal block.
PLAN_ROWS = {
    "name": ("Namn", "Name"),
    "kind": ("Typ", "Kind"),
    "owner_organisation": ("Ägarorganisation", "Owner organisation"),
    "contact": ("Kontaktperson", "Contact"),
    "start_date": ("Startdatum", "Start date"),
    "end_date": ("Slutdatum", "End date"),
    "budget": ("Budget (kr)", "Budget (SEK)"),
    "funding_source": ("Finansieringskälla", "Funding source"),
    "funding": ("Finansiering", "Funding"),
    "description": ("Beskrivning", "Description"),
    "comparison_group": ("Jämförelsegrupp", "Comparison group"),
    "comparison_selection": ("Så väljs jämförelsegruppen", "How the comparison group is chosen"),
    "comparison_measure": ("Mått som jämförs före och efter", "Measure compared before and after"),
}
GOAL_ROWS = {
    "name": ("Kort namn", "Short name"),
    "formulation": ("Målformulering", "Goal formulation"),
    "indicator": ("Indikator", "Indicator"),
    "ni_name": ("Ny indikator: namn", "New indicator: name"),
    "ni_numerator": ("Ny indikator: täljare", "New indicator: numerator"),
    "ni_denominator": ("Ny indikator: nämnare", "New indicator: denominator"),
    "baseline_value": ("Utgångsvärde", "Baseline value"),
    "baseline_period": ("Utgångsvärdets period", "Baseline period"),
    "source": ("Källa", "Source"),
    "target_value": ("Målvärde", "Target value"),
    "target_year": ("Målår", "Target year"),
    "contributes": ("Bidrar till mål", "Contributes to goals"),
    "activities": ("Aktiviteter som bidrar till målet", "Activities that contribute to the goal"),
}
TEXT = {
    "title": ("Projektplan", "Project plan"),
    "link": ("Ska koppla till mål i under-strategier och RUS", "Shall link to goals in sub-strategies and the RUS"),
    "data": ("Projektets uppgifter", "The project's data"),
    "main": ("Huvudmål", "Main goal"),
    "main_note": ("(effekter på lång sikt)", "(long-term effects)"),
    "sub": ("Delmål", "Sub-goal"),
    "sub_note": ("(effekter på kort- och medellång sikt)", "(short and medium-term effects)"),
    "activities": ("Aktiviteter", "Activities"),
    "activity": ("Aktivitet", "Activity"),
    "act_name": ("Namn på aktivitet", "Name of the activity"),
    "act_content": ("Aktivitetens innehåll och syfte", "Content and purpose"),
    "act_occasions": ("Antal gånger", "Number of occasions"),
    "act_hours": ("Tid per tillfälle (h)", "Hours per occasion"),
    "choose": ("Välj i rullistan", "Choose from the list"),
    "forces": ("”Tvingar” in projektlogik och ”rimlighet”", "“Forces” project logic and “reasonableness”"),
}
NUMBERS = {"baseline_value": "number", "target_value": "number", "target_year": "year"}


def _lang() -> int:
    return 1 if (get_language() or "sv").startswith("en") else 0


def _t(key: str) -> str:
    return TEXT[key][_lang()]


@dataclass(frozen=True)
class Problem:
    sheet: str
    cell: str
    message: str

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


# --- Writing ------------------------------------------------------------------------------------------


def _put(ws: Worksheet, ref: str, value: Any) -> None:
    cell = ws[ref]
    cell.value = value
    safe_cells.mark_text(cell)  # text the owner typed is never a formula


def _list_validation(ws: Worksheet, source: str, cells: str) -> None:
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                        errorTitle=_t("choose"), error=_t("choose"))  # fmt: skip
    dv.add(cells)
    ws.add_data_validation(dv)


def _kind_labels() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in Initiative.KINDS]


@dataclass
class _Lists:
    """The hidden sheet of drop-down lists: A indicators, B strategy goals, C sub-goal links, D kinds."""

    name: str
    columns: dict[str, list[str]]

    def source(self, col: str) -> str:
        n = max(1, len(self.columns[col]))
        return f"={self.name}!${col}$1:${col}${n}"


def write_workbook(plan: pd.PlanData, catalogue: pd.Catalogue) -> bytes:
    """The plan as the template's workbook: the initiative's data, the goal blocks, then the activities."""
    lang = _lang()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET[lang]
    _write_head(ws)
    main_blocks = len(plan.main_goals) + 1
    lists = _write_lists(wb, catalogue, main_blocks, lang)
    row = _write_data(ws, plan, lists, 4)
    row, pending_activity_cells = _write_goal_blocks(ws, plan, catalogue, lists, row + 2, main_blocks)
    _write_activities(ws, plan, row, pending_activity_cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_head(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 40
    for col in SLOTS:
        ws.column_dimensions[col].width = 36
    ws.column_dimensions[REF_COLUMN].hidden = True
    _put(ws, "A1", _t("title"))
    ws["A1"].font = Font(bold=True, size=16)
    _put(ws, "A2", _t("link"))
    ws["A2"].font = Font(italic=True)


def _write_lists(wb: Workbook, catalogue: pd.Catalogue, main_blocks: int, lang: int) -> _Lists:
    sheet = wb.create_sheet(LISTS[lang])
    indicators = [i.label for i in catalogue.indicators.values()]
    strategy = [g.label for g in catalogue.strategy_goals.values()]
    mains = [f"{_t('main')} {n}" for n in range(1, main_blocks + 1)]
    columns = {"A": indicators, "B": strategy, "C": mains + strategy, "D": [label for _c, label in _kind_labels()]}
    for col, entries in columns.items():
        for i, entry in enumerate(entries, 1):
            _put(sheet, f"{col}{i}", entry)
    sheet.sheet_state = "hidden"
    return _Lists(LISTS[lang], columns)


def _write_data(ws: Worksheet, plan: pd.PlanData, lists: _Lists, row: int) -> int:
    """The initiative's rows from `row` on; returns the last row written."""
    _put(ws, f"A{row}", _t("data"))
    ws[f"A{row}"].font = Font(bold=True)
    values: dict[str, Any] = {
        "name": plan.name, "kind": dict(_kind_labels()).get(plan.kind, plan.kind),
        "owner_organisation": plan.owner_organisation, "contact": plan.contact, "start_date": plan.start_date,
        "end_date": plan.end_date, "budget": plan.budget, "funding_source": plan.funding_source,
        "funding": plan.funding, "description": plan.description,
        **{name: getattr(plan, name) for name in pd.COMPARISON},
    }  # fmt: skip
    for key, labels in PLAN_ROWS.items():
        row += 1
        _put(ws, f"A{row}", labels[_lang()])
        value = values[key]
        _put(ws, f"B{row}", value if value not in ("", None) else None)
        if isinstance(value, dt.date):
            ws[f"B{row}"].number_format = "yyyy-mm-dd"
        if key == "kind":
            _list_validation(ws, lists.source("D"), f"B{row}")
        if key in ("description", "comparison_selection"):
            ws[f"B{row}"].alignment = Alignment(wrap_text=True, vertical="top")
    return row


def _write_goal_blocks(ws: Worksheet, plan: pd.PlanData, catalogue: pd.Catalogue, lists: _Lists, row: int,
                       main_blocks: int) -> tuple[int, list[str]]:  # fmt: skip
    """Every goal block (with empty ones to fill in); returns the next free row and the activity cells,
    whose list validation needs the activity rows written later."""
    sub_blocks = max(3, len(plan.sub_goals) + 1)
    blocks: list[tuple[str, pd.GoalRow | None, int]] = []
    blocks += [("main", g, n) for n, g in enumerate(plan.main_goals, 1)]
    blocks += [("main", None, n) for n in range(len(plan.main_goals) + 1, main_blocks + 1)]
    blocks += [("sub", g, n) for n, g in enumerate(plan.sub_goals, 1)]
    blocks += [("sub", None, n) for n in range(len(plan.sub_goals) + 1, sub_blocks + 1)]
    pending: list[str] = []
    main_labels = {g.ref: f"{_t('main')} {n}" for n, g in enumerate(plan.main_goals, 1)}
    head = PatternFill("solid", fgColor="DDE7F0")
    for kind, goal, n in blocks:
        _put(ws, f"A{row}", f"{_t(kind)} {n} {_t(kind + '_note')}")
        ws[f"A{row}"].font = Font(bold=True)
        for col in "AB":
            ws[f"{col}{row}"].fill = head
        if goal is not None:
            _put(ws, f"{REF_COLUMN}{row}", goal.ref)
        for key, labels in GOAL_ROWS.items():
            if key == "activities" and kind == "main":
                continue
            row += 1
            _put(ws, f"A{row}", labels[_lang()])
            _write_goal_row(ws, plan, catalogue, lists, (kind, goal, key, row, main_labels), pending)
        row += 2
    return row, pending


_At = tuple[str, pd.GoalRow | None, str, int, dict[str, str]]  # block kind, goal, row key, row, main goal labels


def _write_goal_row(ws: Worksheet, plan: pd.PlanData, catalogue: pd.Catalogue, lists: _Lists, at: _At,
                    pending: list[str]) -> None:  # fmt: skip
    kind, goal, key, row, main_labels = at
    if key == "contributes":
        for col, link in zip(SLOTS, goal.contributes_to if goal else [], strict=False):
            _put(ws, f"{col}{row}", _link_label(link, main_labels, catalogue))
        _list_validation(ws, lists.source("B" if kind == "main" else "C"), f"B{row}:G{row}")
    elif key == "activities":
        act_names = {a.ref: a.name for a in plan.activities}
        for col, ref in zip(SLOTS, goal.activities if goal else [], strict=False):
            _put(ws, f"{col}{row}", act_names.get(ref, ref))
        pending.append(f"B{row}:G{row}")
    elif key == "indicator":
        ind = catalogue.indicators.get(goal.indicator) if goal else None
        _put(ws, f"B{row}", ind.label if ind else None)
        _list_validation(ws, lists.source("A"), f"B{row}")
    elif goal is not None:
        _put(ws, f"B{row}", _goal_value(goal, key))
    if key == "target_year":
        dv = DataValidation(type="whole", operator="between", formula1="1900", formula2="2200", allow_blank=True,
                            showErrorMessage=True)  # fmt: skip
        dv.add(f"B{row}")
        ws.add_data_validation(dv)
    if key == "formulation":
        ws[f"B{row}"].alignment = Alignment(wrap_text=True, vertical="top")


def _write_activities(ws: Worksheet, plan: pd.PlanData, row: int, pending: list[str]) -> None:
    _put(ws, f"A{row}", _t("activities"))
    ws[f"A{row}"].font = Font(bold=True)
    row += 1
    for col, key in zip("BCDE", ("act_name", "act_content", "act_occasions", "act_hours"), strict=True):
        _put(ws, f"{col}{row}", _t(key))
        ws[f"{col}{row}"].font = Font(bold=True)
    act_first = row + 1
    for i in range(max(6, len(plan.activities) + 3)):
        row += 1
        _put(ws, f"A{row}", f"{_t('activity')} {i + 1}")
        if i < len(plan.activities):
            a = plan.activities[i]
            _put(ws, f"{REF_COLUMN}{row}", a.ref)
            for col, item in zip("BCDE", (a.name, a.content, a.occasions, a.hours_per_occasion), strict=True):
                _put(ws, f"{col}{row}", item if item not in ("", None) else None)
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True)  # fmt: skip
    whole.add(f"D{act_first}:D{row}")
    ws.add_data_validation(whole)
    for cells in pending:
        _list_validation(ws, f"=$B${act_first}:$B${row}", cells)
    _put(ws, f"A{row + 2}", _t("forces"))
    ws[f"A{row + 2}"].font = Font(italic=True)


def _link_label(link: str, main_labels: dict[str, str], catalogue: pd.Catalogue) -> str:
    if link.startswith("p:"):
        return main_labels.get(link[2:], link)
    choice = catalogue.strategy_goals.get(link[2:])
    return choice.label if choice else link[2:]


def _goal_value(goal: pd.GoalRow, key: str) -> Any:
    if key.startswith("ni_"):
        return None  # new indicators are in the catalogue once saved
    value = getattr(goal, key)
    return None if value in ("", None) else value


# --- Reading (in workbook_read; imported when used, since it builds on the layout above) ----------------


def read_workbook(content: bytes, catalogue: pd.Catalogue) -> tuple[pd.PlanData | None, list[Problem], Any]:
    from .workbook_read import read_workbook as read

    return read(content, catalogue)


def read_and_check(content: bytes, catalogue: pd.Catalogue, initiative_key: str
                   ) -> tuple[pd.PlanData | None, list[Problem]]:  # fmt: skip
    from .workbook_read import read_and_check as read

    return read(content, catalogue, initiative_key)
