"""Excel round trip of a plan: identical both ways; broken workbooks are rejected, naming sheet and cell,
and nothing is stored."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from styrkedja.web.projects import excel
from styrkedja.web.projects import plandata as pd
from styrkedja.web.projects import services as sv
from styrkedja.web.projects.models import Initiative
from tests.web.dbdump import dump_database
from tests.web.projects.plans import sound_plan

SHEET = "Projektplan"


@pytest.fixture
def planned(cast):
    initiative = Initiative.objects.get(key="proj")
    sv.save_plan(initiative, sound_plan(), cast["owner_a"])
    return initiative


def cells(content: bytes) -> dict[str, dict[str, object]]:
    wb = load_workbook(io.BytesIO(content))
    return {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
            for ws in wb.worksheets}  # fmt: skip


def upload(client, content: bytes):
    return client.post("/projekt/proj/plan/ladda-upp/", {"workbook": SimpleUploadedFile("plan.xlsx", content)})


def test_workbook_has_the_template_layout_and_real_drop_downs(planned):
    content = excel.write_workbook(pd.from_db(planned), pd.load_catalogue())
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Projektplan", "Listor"]
    ws = wb["Projektplan"]
    column_a = [c.value for c in ws["A"] if c.value]
    for label in ("Ska koppla till mål i under-strategier och RUS", "Huvudmål 1 (effekter på lång sikt)",
                  "Delmål 1 (effekter på kort- och medellång sikt)", "Delmål 3 (effekter på kort- och medellång sikt)",
                  "Målformulering", "Indikator", "Utgångsvärde", "Källa", "Aktiviteter som bidrar till målet",
                  "Aktivitet 1"):  # fmt: skip
        assert label in column_a, label
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    sources = {dv.formula1.lstrip("=") for dv in lists}
    assert any(s.startswith("Listor!$A$1") for s in sources)  # indicators
    assert any(s.startswith("Listor!$B$1") for s in sources)  # strategy goals (main goals)
    activity_row = next(c.row for c in ws["A"] if c.value == "Aktiviteter som bidrar till målet")
    validation = next(dv for dv in lists if f"B{activity_row}" in str(dv.sqref))
    first, _last = validation.formula1.lstrip("=").replace("$", "").split(":")
    assert ws[first].value == "Workshop"  # the drop-down lists the plan's own activities
    assert f"B{activity_row}" in str(validation.sqref) and ws[f"B{activity_row}"].value == "Workshop"


def test_round_trip_is_identical(client, cast, planned):
    plan = pd.from_db(planned)
    content = excel.write_workbook(plan, pd.load_catalogue())
    read, problems, _reader = excel.read_workbook(content, pd.load_catalogue())
    assert problems == []
    assert read == plan
    client.force_login(cast["owner_a"])  # before the dump: logging in updates last_login
    before = dump_database()
    response = upload(client, content)
    assert response.status_code == 302
    after = dump_database()
    # Uploading the plan as downloaded changes no goal, target, activity or link: only the save is logged.
    assert without_audit_log(before) == without_audit_log(after)
    again = client.get("/projekt/proj/plan.xlsx").content
    assert cells(again) == cells(content)


def test_a_filled_in_template_creates_goals_and_activities(client, cast, planned):
    content = excel.write_workbook(pd.from_db(planned), pd.load_catalogue())
    wb = load_workbook(io.BytesIO(content))
    ws = wb[SHEET]
    r = row_of(ws, "Aktivitet 2")
    ws[f"B{r}"], ws[f"C{r}"], ws[f"D{r}"], ws[f"E{r}"] = "Studiebesök", "Besök hos företag", 2, 6
    r = row_of(ws, "Aktiviteter som bidrar till målet", "Delmål 1")
    ws[f"C{r}"] = "Studiebesök"
    out = io.BytesIO()
    wb.save(out)
    client.force_login(cast["owner_a"])
    assert upload(client, out.getvalue()).status_code == 302
    plan = pd.from_db(planned)
    assert [a.name for a in plan.activities] == ["Workshop", "Studiebesök"]
    assert pd.total_hours(plan) == 30 + 12
    assert len(plan.sub_goals[0].activities) == 2


def row_of(ws, label: str, block: str | None = None) -> int:
    inside = block is None
    for c in ws["A"]:
        text = str(c.value or "")
        if block is not None and text.startswith(block + " "):
            inside = True
            continue
        if inside and text == label:
            return c.row
    raise AssertionError(label)


def _set(label: str, value: object, block: str | None = None, col: str = "B") -> Callable:
    def change(ws) -> str:
        r = row_of(ws, label, block)
        ws[f"{col}{r}"] = value
        return f"{col}{r}"

    return change


def _rename(ws) -> str:
    ws.title = "Blad1"
    return ""


def _activity_without_name(ws) -> str:
    r = row_of(ws, "Aktivitet 3")
    ws[f"E{r}"] = 2
    return f"B{r}"


def _unknown_label(ws) -> str:
    r = row_of(ws, "Källa", "Huvudmål 1")
    ws[f"A{r}"] = "Källor och annat"
    return f"A{r}"


# (name, change -> the cell it breaks, the expected problem cell or None for the sheet only, words in the message)
BROKEN = [
    ("wrong sheet", _rename, None, "Projektplan"),
    ("text in a number cell", _set("Målvärde", "trettio", "Huvudmål 1"), "same", "trettio"),
    (
        "unknown activity in a drop-down cell",
        _set("Aktiviteter som bidrar till målet", "Fiskeresa", "Delmål 1", "C"),
        "same",
        "Fiskeresa",
    ),
    ("missing required cell: the name", _set("Namn", None), "same", "namn"),
    ("missing goal formulation", _set("Målformulering", None, "Delmål 1"), "same", "målformulering"),
    ("unknown indicator", _set("Indikator", "Antal cyklar [cyklar]", "Huvudmål 1"), "same", "cyklar"),
    ("unknown strategy goal", _set("Bidrar till mål", "RUS: Något annat [okant]", "Huvudmål 1"), "same", "okant"),
    ("date not a date", _set("Slutdatum", "31/12/2021"), "same", "31/12/2021"),
    ("target year not a year", _set("Målår", 21.5, "Delmål 1"), "same", "21.5"),
    ("share outside 0-100 %", _set("Målvärde", 120, "Delmål 1"), "same", "120"),
    ("main goal linked to nothing", _set("Bidrar till mål", None, "Huvudmål 1"), "same", "RUS"),
    ("activity without a name", _activity_without_name, "same", "namn"),
    ("text in the occasions cell", _set("Aktivitet 1", "tio", None, "D"), "same", "tio"),
    ("unknown row label", _unknown_label, "same", "Källor och annat"),
    ("sub-goal target year after the project", _set("Målår", 2023, "Delmål 1"), "same", "2023"),
    ("comparison text too long", _set("Jämförelsegrupp", "x" * 301), "same", "300 tecken"),
    ("comparison chosen without a group", _set("Jämförelsegrupp", None), "same", "jämförelsegrupp"),
]


@pytest.mark.parametrize(("name", "change", "where", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_workbook_is_rejected_naming_sheet_and_cell_and_nothing_is_stored(
    client, cast, planned, name, change, where, words
):
    wb = load_workbook(io.BytesIO(excel.write_workbook(pd.from_db(planned), pd.load_catalogue())))
    ws = wb[SHEET]
    cell = change(ws)
    out = io.BytesIO()
    wb.save(out)
    client.force_login(cast["owner_a"])
    before = dump_database()
    response = upload(client, out.getvalue())
    assert response.status_code == 400, name
    assert dump_database() == before, name
    _plan, problems = excel.read_and_check(out.getvalue(), pd.load_catalogue(), "proj")
    assert problems, name
    if where is None:
        assert problems[0].sheet == "Projektplan" and problems[0].cell == ""
    else:
        assert any(p.sheet == SHEET and p.cell == cell for p in problems), (name, cell, problems)
    html = response.content.decode()
    assert words.lower() in html.lower(), (name, words)
    if where is not None:
        assert f"{SHEET}!{cell}" in html


def test_not_a_workbook_is_rejected(client, cast, planned):
    client.force_login(cast["owner_a"])
    before = dump_database()
    response = upload(client, b"Namn;Typ\nEtt projekt;projekt\n")
    assert response.status_code == 400
    assert "inte en excel" in response.content.decode().lower() or "ingen excel" in response.content.decode().lower()
    assert dump_database() == before


def without_audit_log(dump: str) -> str:
    return "\n".join(line for line in dump.splitlines() if not line.startswith("core.AuditEntry:"))


def test_an_oversized_upload_is_refused_with_413_before_it_is_read(client, cast, planned, settings):
    settings.STYRKEDJA_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(cast["owner_a"])
    before = dump_database()
    response = upload(client, b"0" * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert "större än 1 MB" in response.content.decode()
    assert dump_database() == before


def test_a_workbook_unpacking_to_gigabytes_is_refused_before_parsing(client, cast, planned, settings):
    settings.STYRKEDJA_MAX_PLAN_UNPACKED_BYTES = 5_000_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 1_000_000)  # 6 MB of XML in a few KB
    client.force_login(cast["owner_a"])
    before = dump_database()
    response = upload(client, out.getvalue())
    assert response.status_code == 400
    assert "packas upp till mer än 4 MB" in response.content.decode()
    assert dump_database() == before
