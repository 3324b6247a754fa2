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
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from styrkedja.connectors import cells as safe_cells
from styrkedja.connectors import xlsx
from styrkedja.connectors.base import ParseError

from . import plandata as pd
from .findings import describe
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


def write_workbook(plan: pd.PlanData, catalogue: pd.Catalogue) -> bytes:  # noqa: C901 - one pass down the sheet
    lang = _lang()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET[lang]
    lists = wb.create_sheet(LISTS[lang])
    bold = Font(bold=True)
    head = PatternFill("solid", fgColor="DDE7F0")
    ws.column_dimensions["A"].width = 40
    for col in SLOTS:
        ws.column_dimensions[col].width = 36
    ws.column_dimensions[REF_COLUMN].hidden = True
    _put(ws, "A1", _t("title"))
    ws["A1"].font = Font(bold=True, size=16)
    _put(ws, "A2", _t("link"))
    ws["A2"].font = Font(italic=True)

    main_blocks = len(plan.main_goals) + 1
    sub_blocks = max(3, len(plan.sub_goals) + 1)
    act_rows = max(6, len(plan.activities) + 3)
    # Lists: indicators, strategy goals, sub-goal links (main goals and strategy goals), kinds.
    indicators = [i.label for i in catalogue.indicators.values()]
    strategy = [g.label for g in catalogue.strategy_goals.values()]
    mains = [f"{_t('main')} {n}" for n in range(1, main_blocks + 1)]
    columns = {"A": indicators, "B": strategy, "C": mains + strategy, "D": [label for _c, label in _kind_labels()]}
    for col, entries in columns.items():
        for i, entry in enumerate(entries, 1):
            _put(lists, f"{col}{i}", entry)
    lists.sheet_state = "hidden"

    def source(col: str) -> str:
        n = max(1, len(columns[col]))
        return f"={LISTS[lang]}!${col}$1:${col}${n}"

    row = 4
    _put(ws, f"A{row}", _t("data"))
    ws[f"A{row}"].font = bold
    values: dict[str, Any] = {
        "name": plan.name, "kind": dict(_kind_labels()).get(plan.kind, plan.kind),
        "owner_organisation": plan.owner_organisation, "contact": plan.contact, "start_date": plan.start_date,
        "end_date": plan.end_date, "budget": plan.budget, "funding_source": plan.funding_source,
        "funding": plan.funding, "description": plan.description,
    }  # fmt: skip
    for key, labels in PLAN_ROWS.items():
        row += 1
        _put(ws, f"A{row}", labels[lang])
        value = values[key]
        _put(ws, f"B{row}", value if value not in ("", None) else None)
        if isinstance(value, dt.date):
            ws[f"B{row}"].number_format = "yyyy-mm-dd"
        if key == "kind":
            _list_validation(ws, source("D"), f"B{row}")
        if key == "description":
            ws[f"B{row}"].alignment = Alignment(wrap_text=True, vertical="top")
    row += 2
    act_first = None  # filled in once the activity rows are known; validations below refer to it
    pending_activity_cells: list[str] = []
    blocks: list[tuple[str, pd.GoalRow | None, int]] = []
    blocks += [("main", g, n) for n, g in enumerate(plan.main_goals, 1)]
    blocks += [("main", None, n) for n in range(len(plan.main_goals) + 1, main_blocks + 1)]
    blocks += [("sub", g, n) for n, g in enumerate(plan.sub_goals, 1)]
    blocks += [("sub", None, n) for n in range(len(plan.sub_goals) + 1, sub_blocks + 1)]
    act_names = {a.ref: a.name for a in plan.activities}
    main_labels = {g.ref: f"{_t('main')} {n}" for n, g in enumerate(plan.main_goals, 1)}
    for kind, goal, n in blocks:
        _put(ws, f"A{row}", f"{_t(kind)} {n} {_t(kind + '_note')}")
        ws[f"A{row}"].font = bold
        for col in "AB":
            ws[f"{col}{row}"].fill = head
        if goal is not None:
            _put(ws, f"{REF_COLUMN}{row}", goal.ref)
        for key, labels in GOAL_ROWS.items():
            if key == "activities" and kind == "main":
                continue
            row += 1
            _put(ws, f"A{row}", labels[lang])
            if key == "contributes":
                links = goal.contributes_to if goal else []
                for col, link in zip(SLOTS, links, strict=False):
                    _put(ws, f"{col}{row}", _link_label(link, main_labels, catalogue))
                _list_validation(ws, source("B" if kind == "main" else "C"), f"B{row}:G{row}")
            elif key == "activities":
                for col, ref in zip(SLOTS, goal.activities if goal else [], strict=False):
                    _put(ws, f"{col}{row}", act_names.get(ref, ref))
                pending_activity_cells.append(f"B{row}:G{row}")
            elif key == "indicator":
                ind = catalogue.indicators.get(goal.indicator) if goal else None
                _put(ws, f"B{row}", ind.label if ind else None)
                _list_validation(ws, source("A"), f"B{row}")
            elif goal is not None:
                _put(ws, f"B{row}", _goal_value(goal, key))
            if key == "target_year":
                dv = DataValidation(type="whole", operator="between", formula1="1900", formula2="2200",
                                    allow_blank=True, showErrorMessage=True)  # fmt: skip
                dv.add(f"B{row}")
                ws.add_data_validation(dv)
            if key in ("formulation",):
                ws[f"B{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        row += 2
    _put(ws, f"A{row}", _t("activities"))
    ws[f"A{row}"].font = bold
    row += 1
    for col, key in zip("BCDE", ("act_name", "act_content", "act_occasions", "act_hours"), strict=True):
        _put(ws, f"{col}{row}", _t(key))
        ws[f"{col}{row}"].font = bold
    act_first = row + 1
    for i in range(act_rows):
        row += 1
        _put(ws, f"A{row}", f"{_t('activity')} {i + 1}")
        if i < len(plan.activities):
            a = plan.activities[i]
            _put(ws, f"{REF_COLUMN}{row}", a.ref)
            for col, item in zip("BCDE", (a.name, a.content, a.occasions, a.hours_per_occasion), strict=True):
                _put(ws, f"{col}{row}", item if item not in ("", None) else None)
    act_last = row
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True)  # fmt: skip
    whole.add(f"D{act_first}:D{act_last}")
    ws.add_data_validation(whole)
    for cells in pending_activity_cells:
        _list_validation(ws, f"=$B${act_first}:$B${act_last}", cells)
    _put(ws, f"A{row + 2}", _t("forces"))
    ws[f"A{row + 2}"].font = Font(italic=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


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


# --- Reading --------------------------------------------------------------------------------------------


@dataclass
class _Reader:
    catalogue: pd.Catalogue
    sheet: str = SHEET[0]
    problems: list[Problem] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # form field id -> cell

    def problem(self, cell: str, message: str) -> None:
        self.problems.append(Problem(self.sheet, cell, message))


def _label(text: Any) -> str:
    return " ".join(str(text).split()).strip().lower() if text is not None else ""


def _match(labels: dict[str, tuple[str, str]], text: str) -> str | None:
    for key, pair in labels.items():
        if text in (pair[0].lower(), pair[1].lower()):
            return key
    return None


HEADER = re.compile(r"^(huvudmål|main goal|delmål|sub-goal|aktivitet|activity)\s+(\d+)\b")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(  # noqa: C901 - one pass down the sheet
    content: bytes, catalogue: pd.Catalogue
) -> tuple[pd.PlanData | None, list[Problem], _Reader]:
    """Parse a workbook into a plan; every cell that cannot be read is a problem (sheet and cell named)."""
    reader = _Reader(catalogue)
    try:
        xlsx.check_unpacked_size(io.BytesIO(content), "", settings.STYRKEDJA_MAX_PLAN_UNPACKED_BYTES)
    except xlsx.WorkbookTooLarge:
        limit = settings.STYRKEDJA_MAX_PLAN_UNPACKED_BYTES // (1024 * 1024)
        message = _("The workbook unpacks to more than %(limit)s MB; a plan workbook is far smaller.")
        reader.problems.append(Problem(_("the file"), "", message % {"limit": limit}))
        return None, reader.problems, reader
    except ParseError:
        pass  # not a zip at all: load_workbook below says so in the usual words
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        reader.problems.append(Problem(_("the file"), "", _("The file is not an Excel workbook (.xlsx).")))
        return None, reader.problems, reader
    name = next((n for n in wb.sheetnames if n in SHEET), None)
    if name is None:
        found = ", ".join(wb.sheetnames)
        message = _("The workbook has no sheet named %(sheet)s (it has: %(found)s).")
        reader.problems.append(Problem(SHEET[_lang()], "", message % {"sheet": SHEET[_lang()], "found": found}))
        return None, reader.problems, reader
    reader.sheet = name
    ws = wb[name]
    plan = pd.PlanData()
    seen_plan_rows: set[str] = set()
    section = ""
    goal: pd.GoalRow | None = None
    goal_cells: dict[str, dict[str, str]] = {}
    links: list[tuple[pd.GoalRow, str, str, str]] = []  # goal, kind of link, cell, text
    for cells in ws.iter_rows(min_row=1, max_col=10):
        r = int(cells[0].row or 0)
        values = {get_column_letter(i + 1): c.value for i, c in enumerate(cells)}
        label = _label(values.get("A"))
        rest = [values.get(c) for c in SLOTS]
        if not label:
            if any(v not in (None, "") for v in rest) and section != "activities-head":
                reader.problem(f"A{r}", _("A row with values but no label in column A."))
            continue
        header = HEADER.match(label)
        if header and header.group(1) in ("huvudmål", "main goal", "delmål", "sub-goal"):
            kind = pd.MAIN if header.group(1) in ("huvudmål", "main goal") else pd.SUB
            ref = _cell_text(values.get(REF_COLUMN)) or plan.new_ref()
            goal = pd.GoalRow(ref=ref, kind=kind)
            goal_cells[ref] = {"header": f"A{r}"}
            plan.goals.append(goal)
            section = "goal"
            continue
        if header:  # an activity row
            section = "activities"
            a = _read_activity(reader, plan, values, r)
            if a is not None:
                plan.activities.append(a)
            continue
        if label in (TEXT["activities"][0].lower(), TEXT["activities"][1].lower()):
            section, goal = "activities-head", None
            continue
        if label in {TEXT[k][i].lower() for k in ("title", "link", "data", "forces") for i in (0, 1)}:
            continue
        plan_key = _match(PLAN_ROWS, label)
        if plan_key is not None and section in ("", "plan") and goal is None:
            section = "plan"
            seen_plan_rows.add(plan_key)
            _read_plan_value(reader, plan, plan_key, values.get("B"), f"B{r}")
            continue
        goal_key = _match(GOAL_ROWS, label)
        if goal_key is not None and goal is not None:
            _read_goal_value(reader, goal, goal_key, values, r, links)
            goal_cells[goal.ref][goal_key] = f"B{r}"
            continue
        if any(v not in (None, "") for v in rest):
            reader.problem(f"A{r}", _("The row label %(label)s is not one of the template's.") % {
                "label": values.get("A")})  # fmt: skip
    for key in ("name", "start_date", "end_date"):
        if key not in seen_plan_rows:
            reader.problem("A", _("The row %(label)s is missing.") % {"label": PLAN_ROWS[key][_lang()]})
    plan.goals = [g for g in plan.goals if _goal_used(g)]
    _resolve_links(reader, plan, links)
    for g in plan.goals:
        for key, cell in goal_cells.get(g.ref, {}).items():
            target = {"contributes": "contributes-0", "activities": "activities-0"}.get(key, key)
            reader.cells[pd.field_id(g.ref, target)] = cell
        reader.cells.setdefault(pd.field_id(g.ref, "header"), goal_cells[g.ref]["header"])
    pd.fill_raw(plan)
    return plan, reader.problems, reader


def _block_name(plan: pd.PlanData, g: pd.GoalRow) -> str:
    group = plan.main_goals if g.kind == pd.MAIN else plan.sub_goals
    word = TEXT["main" if g.kind == pd.MAIN else "sub"][_lang()]
    return f"{word} {group.index(g) + 1}"


def _goal_used(g: pd.GoalRow) -> bool:
    return any([g.name, g.formulation, g.indicator, g.baseline_value is not None, g.baseline_period, g.source,
                g.target_value is not None, g.target_year is not None, g.contributes_to, g.activities,
                g.new_indicator.name])  # fmt: skip


def _number(reader: _Reader, value: Any, cell: str, kind: str) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool | dt.datetime | dt.date):
        reader.problem(cell, pd.number_error(kind))
        return None
    try:
        if isinstance(value, int | float):
            value = pd.fmt_number(value)  # a numeric cell goes through the same bounds as typed text
        parse: Callable[[str], Any] = {"year": pd.parse_year, "count": pd.parse_count}.get(kind, pd.parse_number)
        return parse(str(value))
    except ValueError:
        reader.problem(cell, _("%(message)s (found: %(value)s).") % {"message": pd.number_error(kind),
                                                                      "value": value})  # fmt: skip
        return None


def _read_plan_value(reader: _Reader, plan: pd.PlanData, key: str, value: Any, cell: str) -> None:
    reader.cells[f"i-{key}"] = cell
    if key in ("start_date", "end_date"):
        day: dt.date | None = None
        try:
            if isinstance(value, dt.datetime | dt.date):
                day = pd.parse_date(value.isoformat()[:10])
            elif value not in (None, ""):
                day = pd.parse_date(str(value).strip())
        except ValueError:
            reader.problem(cell, _("%(message)s (found: %(value)s).") % {"message": pd.number_error("date"),
                                                                          "value": value})  # fmt: skip
        setattr(plan, key, day)
    elif key == "budget":
        plan.budget = _number(reader, value, cell, "number")
    elif key == "kind":
        text = _cell_text(value)
        labels = {label.lower(): code for code, label in _kind_labels()}
        codes = {code for code, _label in Initiative.KINDS}
        if text.lower() in labels:
            plan.kind = labels[text.lower()]
        elif text in codes:
            plan.kind = text
        else:
            reader.problem(cell, _("Choose a kind from the list (found: %(value)s).") % {"value": text or "–"})
    else:
        setattr(plan, key, _cell_text(value))


def _read_goal_value(reader: _Reader, goal: pd.GoalRow, key: str, values: dict[str, Any], r: int,
                     links: list[tuple[pd.GoalRow, str, str, str]]) -> None:  # fmt: skip
    value = values.get("B")
    cell = f"B{r}"
    if key in ("contributes", "activities"):
        for col in SLOTS:
            text = _cell_text(values.get(col))
            if text:
                links.append((goal, key, f"{col}{r}", text))
        return
    if key in NUMBERS:
        setattr(goal, key, _number(reader, value, cell, NUMBERS[key]))
        return
    text = _cell_text(value)
    if key == "indicator":
        if text:
            found = _indicator_key(reader.catalogue, text)
            if found is None:
                reader.problem(cell, _("Unknown indicator %(value)s: choose one from the list.") % {"value": text})
            goal.indicator = found or ""
        return
    if key.startswith("ni_"):
        draft = goal.new_indicator
        setattr(draft, key[3:], text)
        if text and key == "ni_name":
            goal.indicator = pd.NEW_INDICATOR
        if draft.name or draft.numerator or draft.denominator:
            draft.measure_type = "share" if (draft.numerator or draft.denominator) else "count"
        return
    setattr(goal, key, text)


def _indicator_key(catalogue: pd.Catalogue, text: str) -> str | None:
    m = re.search(r"\[([^\[\]]+)\]\s*$", text)
    if m and m.group(1) in catalogue.indicators:
        return m.group(1)
    by_name = [i.key for i in catalogue.indicators.values() if i.name.lower() == text.lower() or i.key == text]
    return by_name[0] if len(by_name) == 1 else None


def _strategy_key(catalogue: pd.Catalogue, text: str) -> str | None:
    m = re.search(r"\[([^\[\]]+)\]\s*$", text)
    if m and m.group(1) in catalogue.strategy_goals:
        return m.group(1)
    return text if text in catalogue.strategy_goals else None


def _resolve_links(reader: _Reader, plan: pd.PlanData, links: list[tuple[pd.GoalRow, str, str, str]]) -> None:
    # A new indicator given with an indicator from the list too: the list wins only when no new name is given.
    for g in plan.goals:
        if g.new_indicator.name and g.indicator not in ("", pd.NEW_INDICATOR):
            g.indicator = pd.NEW_INDICATOR
    acts: dict[str, str] = {}
    for a in plan.activities:
        acts.setdefault(a.name.strip().lower(), a.ref)
    mains = {f"{TEXT['main'][i]} {n}".lower(): g.ref for n, g in enumerate(plan.main_goals, 1) for i in (0, 1)}
    used = {id(g) for g in plan.goals}
    for goal, key, cell, text in links:
        if id(goal) not in used:
            continue
        if key == "activities":
            if goal.kind != pd.SUB:
                continue
            ref = acts.get(text.strip().lower())
            if ref is None:
                reader.problem(cell, _("Unknown activity %(value)s: choose one of the plan's activities from the "
                                       "list.") % {"value": text})  # fmt: skip
            elif ref not in goal.activities:
                goal.activities.append(ref)
            continue
        main = mains.get(text.strip().lower())
        if main is not None and goal.kind == pd.SUB:
            link = f"p:{main}"
        else:
            found = _strategy_key(reader.catalogue, text)
            if found is None:
                reader.problem(cell, _("Unknown goal %(value)s: choose a goal from the list.") % {"value": text})
                continue
            link = f"s:{found}"
        if link not in goal.contributes_to:
            goal.contributes_to.append(link)


def _read_activity(reader: _Reader, plan: pd.PlanData, values: dict[str, Any], r: int) -> pd.ActivityRow | None:
    name, content = _cell_text(values.get("B")), _cell_text(values.get("C"))
    occasions = _number(reader, values.get("D"), f"D{r}", "count")
    hours = _number(reader, values.get("E"), f"E{r}", "number")
    if not any([name, content, values.get("D") not in (None, ""), values.get("E") not in (None, "")]):
        return None
    ref = _cell_text(values.get(REF_COLUMN)) or plan.new_ref()
    if not name:
        reader.problem(f"B{r}", _("Activity row %(row)s: the name of the activity is required.") % {"row": r})
    for field_name, col in (("name", "B"), ("content", "C"), ("occasions", "D"), ("hours_per_occasion", "E")):
        reader.cells[pd.field_id(ref, field_name, "a")] = f"{col}{r}"
    return pd.ActivityRow(ref, name, content, occasions, hours)


def read_and_check(content: bytes, catalogue: pd.Catalogue, initiative_key: str
                   ) -> tuple[pd.PlanData | None, list[Problem]]:  # fmt: skip
    """Read a workbook and run the plan's logic checks; every problem names its sheet and cell."""
    plan, problems, reader = read_workbook(content, catalogue)
    if plan is None:
        return None, problems
    for g in plan.goals:  # required cells
        if not g.formulation:
            cell = reader.cells.get(pd.field_id(g.ref, "formulation")) or reader.cells[pd.field_id(g.ref, "header")]
            message = _("%(goal)s: the goal formulation is required.") % {"goal": _block_name(plan, g)}
            problems.append(Problem(reader.sheet, cell, message))
    if not plan.name:
        problems.append(
            Problem(reader.sheet, reader.cells.get("i-name", "B5"), _("The initiative's name is required."))
        )
    for fid, message in {**pd.period_errors(plan), **pd.text_errors(plan)}.items():
        problems.append(Problem(reader.sheet, reader.cells.get(fid, ""), message))
    refs = [g.ref for g in plan.goals] + [a.ref for a in plan.activities]
    if len(refs) != len(set(refs)):
        message = _("Two rows carry the same id in column %(col)s; copy blocks without their id.")
        problems.append(Problem(reader.sheet, REF_COLUMN, message % {"col": REF_COLUMN}))
    for f in pd.check(plan, initiative_key, catalogue):
        if f.severity != "error":
            continue
        shown = describe(plan, f)
        cell = reader.cells.get(shown.field_id, "")
        if not cell and shown.field_id in ("add-main", "add-activity"):
            cell = "A"
        problems.append(Problem(reader.sheet, cell, shown.text))
    return plan, problems
