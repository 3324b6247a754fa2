"""Reading a plan workbook (the layout is `excel`'s): every cell that cannot be read is a problem naming
its sheet and cell, and the plan's checks run as on the form."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from styrkedja.connectors import xlsx
from styrkedja.connectors.base import ParseError

from . import plandata as pd
from .excel import GOAL_ROWS, NUMBERS, PLAN_ROWS, REF_COLUMN, SHEET, SLOTS, TEXT, Problem, _kind_labels, _lang
from .findings import describe
from .models import Initiative


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


@dataclass
class _Walk:
    """Where the reading of the sheet is, row after row."""

    plan: pd.PlanData = field(default_factory=pd.PlanData)
    seen_plan_rows: set[str] = field(default_factory=set)
    section: str = ""
    goal: pd.GoalRow | None = None
    goal_cells: dict[str, dict[str, str]] = field(default_factory=dict)
    links: list[tuple[pd.GoalRow, str, str, str]] = field(default_factory=list)  # goal, kind of link, cell, text


def read_workbook(content: bytes, catalogue: pd.Catalogue) -> tuple[pd.PlanData | None, list[Problem], _Reader]:
    """Parse a workbook into a plan; every cell that cannot be read is a problem (sheet and cell named)."""
    reader = _Reader(catalogue)
    ws = _open_sheet(content, reader)
    if ws is None:
        return None, reader.problems, reader
    walk = _Walk()
    for cells in ws.iter_rows(min_row=1, max_col=10):
        _read_row(
            reader, walk, int(cells[0].row or 0), {get_column_letter(i + 1): c.value for i, c in enumerate(cells)}
        )
    plan = walk.plan
    for key in ("name", "start_date", "end_date"):
        if key not in walk.seen_plan_rows:
            reader.problem("A", _("The row %(label)s is missing.") % {"label": PLAN_ROWS[key][_lang()]})
    plan.goals = [g for g in plan.goals if _goal_used(g)]
    _resolve_links(reader, plan, walk.links)
    for g in plan.goals:
        for key, cell in walk.goal_cells.get(g.ref, {}).items():
            target = {"contributes": "contributes-0", "activities": "activities-0"}.get(key, key)
            reader.cells[pd.field_id(g.ref, target)] = cell
        reader.cells.setdefault(pd.field_id(g.ref, "header"), walk.goal_cells[g.ref]["header"])
    pd.fill_raw(plan)
    return plan, reader.problems, reader


def _open_sheet(content: bytes, reader: _Reader) -> Worksheet | None:
    """The plan sheet, or None with the reason among the reader's problems."""
    try:
        xlsx.check_unpacked_size(io.BytesIO(content), "", settings.STYRKEDJA_MAX_PLAN_UNPACKED_BYTES)
    except xlsx.WorkbookTooLarge:
        limit = settings.STYRKEDJA_MAX_PLAN_UNPACKED_BYTES // (1024 * 1024)
        message = _("The workbook unpacks to more than %(limit)s MB; a plan workbook is far smaller.")
        reader.problems.append(Problem(_("the file"), "", message % {"limit": limit}))
        return None
    except ParseError:
        pass  # not a zip at all: load_workbook below says so in the usual words
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        reader.problems.append(Problem(_("the file"), "", _("The file is not an Excel workbook (.xlsx).")))
        return None
    name = next((n for n in wb.sheetnames if n in SHEET), None)
    if name is None:
        found = ", ".join(wb.sheetnames)
        message = _("The workbook has no sheet named %(sheet)s (it has: %(found)s).")
        reader.problems.append(Problem(SHEET[_lang()], "", message % {"sheet": SHEET[_lang()], "found": found}))
        return None
    reader.sheet = name
    ws: Worksheet = wb[name]
    return ws


def _read_row(reader: _Reader, walk: _Walk, r: int, values: dict[str, Any]) -> None:
    label = _label(values.get("A"))
    filled = any(values.get(c) not in (None, "") for c in SLOTS)
    if not label:
        if filled and walk.section != "activities-head":
            reader.problem(f"A{r}", _("A row with values but no label in column A."))
        return
    header = HEADER.match(label)
    if header and header.group(1) in ("huvudmål", "main goal", "delmål", "sub-goal"):
        kind = pd.MAIN if header.group(1) in ("huvudmål", "main goal") else pd.SUB
        ref = _cell_text(values.get(REF_COLUMN)) or walk.plan.new_ref()
        walk.goal = pd.GoalRow(ref=ref, kind=kind)
        walk.goal_cells[ref] = {"header": f"A{r}"}
        walk.plan.goals.append(walk.goal)
        walk.section = "goal"
    elif header:  # an activity row
        walk.section = "activities"
        a = _read_activity(reader, walk.plan, values, r)
        if a is not None:
            walk.plan.activities.append(a)
    elif label in (TEXT["activities"][0].lower(), TEXT["activities"][1].lower()):
        walk.section, walk.goal = "activities-head", None
    elif label not in {TEXT[k][i].lower() for k in ("title", "link", "data", "forces") for i in (0, 1)}:
        _read_labelled(reader, walk, r, label, values, filled)


def _read_labelled(reader: _Reader, walk: _Walk, r: int, label: str, values: dict[str, Any], filled: bool) -> None:
    """A row of the initiative's data or of a goal block, named by its label in column A."""
    plan_key = _match(PLAN_ROWS, label)
    if plan_key is not None and walk.section in ("", "plan") and walk.goal is None:
        walk.section = "plan"
        walk.seen_plan_rows.add(plan_key)
        _read_plan_value(reader, walk.plan, plan_key, values.get("B"), f"B{r}")
        return
    goal_key = _match(GOAL_ROWS, label)
    if goal_key is not None and walk.goal is not None:
        _read_goal_value(reader, walk.goal, goal_key, values, r, walk.links)
        walk.goal_cells[walk.goal.ref][goal_key] = f"B{r}"
        return
    if filled:
        reader.problem(f"A{r}", _("The row label %(label)s is not one of the template's.") % {
            "label": values.get("A")})  # fmt: skip


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
    # A numeric cell goes through the same bounds as typed text.
    text = pd.fmt_number(value, group=False) if isinstance(value, int | float) else str(value)
    try:
        parse: Callable[[str], Any] = {"year": pd.parse_year, "count": pd.parse_count}.get(kind, pd.parse_number)
        return parse(text)
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
