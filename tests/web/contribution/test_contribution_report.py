"""The contribution analyses in the yearly report: the latest stored run per goal and project, its
figures as stored, in every format of the internal edition (the public one: see test_contribution_publish)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest

from styrkedja.analytics.text import format_number_sv
from styrkedja.web.contribution import services
from styrkedja.web.contribution.report import contribution_sections
from styrkedja.web.dashboards.reportfile import make_report
from styrkedja.web.strategies.models import Goal
from tests.web.contribution.test_contribution import did_csv, world  # noqa: F401  (the fixture)


@pytest.fixture
def runs(world):  # noqa: F811
    goal = Goal.objects.get(key="g-pop")
    services.run_scm("pop", "07", 2019, goal=goal)  # superseded by the next run for the same goal
    scm = services.run_scm("pop", "07", 2020, goal=goal)
    did = services.run_did_text("proj", "deltagare.csv", did_csv().decode(), 2021)
    return scm, did


def test_the_section_holds_the_latest_run_per_goal_and_project_as_stored(runs):
    scm, did = runs
    (section,) = contribution_sections(dt.date.today(), "sv")
    assert section.title == "Bidragsanalyser" and section.public_rows == ()  # nothing published yet
    assert [row[0] for row in section.rows] == ["Befolkningen ska växa", "Ett projekt"]
    goal_row, project_row = section.rows
    assert goal_row[2] == "2020" and goal_row[3].startswith(scm.result["reading"]["sv"]["text"])
    assert goal_row[4] == format_number_sv(scm.result["p_value"], 2) and goal_row[5].startswith(f"#{scm.pk}, ")
    assert goal_row[5].endswith(", inte publicerad")
    # The DiD row shows the regression's estimate, equal to the hand-made 2x2 difference.
    two_by_two = did.result["two_by_two"]["did"]["value"]
    assert f"Skattad effekt {format_number_sv(two_by_two, 2)} " in project_row[3]
    (before,) = contribution_sections(dt.date.today() - dt.timedelta(days=1), "en")
    assert before.rows == () and before.title == "Contribution analyses"  # made after that day: not in it


def test_the_section_is_in_every_format_of_the_internal_edition_while_nothing_is_published(runs, tmp_path):
    scm, _did = runs
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(make_report(2026, "pdf"))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())  # fmt: skip
    assert "Bidragsanalyser" in text and "syntetisk kontroll" in text and f"#{scm.pk}," in text
    import docx
    import openpyxl
    import pptx

    doc = docx.Document(io.BytesIO(make_report(2026, "docx")))
    heading = next(p for p in doc.paragraphs if p.text == "Bidragsanalyser")
    assert heading.style.name == "Heading 1"
    assert any("skillnad-i-skillnader" in c.text for t in doc.tables for row in t.rows for c in row.cells)
    slides = pptx.Presentation(io.BytesIO(make_report(2026, "pptx"))).slides
    slide = next(s for s in slides if s.shapes.title is not None and s.shapes.title.text == "Bidragsanalyser")
    cells = [c.text for sh in slide.shapes if sh.has_table for row in sh.table.rows for c in row.cells]
    assert "Befolkningen ska växa" in cells and format_number_sv(scm.result["p_value"], 2) in cells
    wb = openpyxl.load_workbook(io.BytesIO(make_report(2026, "xlsx")))
    assert wb["Bidragsanalyser"].cell(2, 1).value == "Befolkningen ska växa"
    public = openpyxl.load_workbook(io.BytesIO(make_report(2026, "xlsx", edition="publik")))
    assert "Bidragsanalyser" not in public.sheetnames
