"""The yearly report on the demo: page and report figures are the evaluation run's, every format opens
and is accessible, the same --as-of gives the same figures, and bad input writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import zlib
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from styrkedja.connectors.base import ObservationRecord, Provenance
from styrkedja.demo import data_dir, strategy_file
from styrkedja.reports import assemble as a
from styrkedja.reports.assemble.words import ICONS, word
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ANALYST, READER
from styrkedja.web.dashboards.reportdata import report_input
from styrkedja.web.followup.models import EvaluationResult, EvaluationRun
from styrkedja.web.indicators.demo_data import import_demo_data
from styrkedja.web.indicators.services import import_records
from styrkedja.web.projects.demo import ensure_demo_plans
from styrkedja.web.strategies.models import Goal, Strategy

AS_OF = "2026-11-27"
COUNTIES = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21",
            "22", "23", "24", "25"]  # fmt: skip
STATUS_SV = {s: word(s, "sv") for s in ICONS}


@pytest.fixture
def demo(db):
    load_document(read_strategy_file(strategy_file()))
    import_demo_data(lambda _line: None)
    call_command("fetch", "--computed-only", "--missing-inputs-ok", stdout=StringIO())
    ensure_demo_plans()
    call_command("evaluate", "--as-of", AS_OF, stdout=StringIO())
    return EvaluationRun.objects.get()


def test_report_and_pages_use_the_same_status_words():
    from django.utils import translation

    from styrkedja.web.dashboards.queries import STATUS_TEXT

    for language in ("sv", "en"):
        with translation.override(language):
            assert {s: str(STATUS_TEXT[s][0]) for s in ICONS} == {s: word(s, language) for s in ICONS}


def _user(name: str, role: str) -> User:
    from django.contrib.auth.models import Group

    user = User.objects.create_user(name, password="x")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _stored(goal: Goal) -> list[EvaluationResult]:
    return list(EvaluationResult.objects.filter(goal=goal).order_by("target__position", "target_id", "id"))


def test_page_and_report_figures_are_the_evaluation_runs_for_every_demo_goal(client, demo):
    client.force_login(_user("lasare", READER))
    report = a.assemble_report(report_input(2026))
    figures = {g.goal.key: g for g in report.goals}
    goals = list(Goal.objects.filter(strategy__isnull=False))
    assert set(figures) == {g.key for g in goals}
    for goal in goals:
        stored = _stored(goal)
        fig = figures[goal.key]
        # the report: statuses, probabilities, latest values and ranks exactly as stored
        assert [t.status for t in fig.targets] == [r.status for r in stored]
        assert [t.probability for t in fig.targets] == [r.probability for r in stored]
        assert [t.latest_value for t in fig.targets] == [r.latest_value for r in stored]
        ranks = [(r.detail["rank"]["rank"], r.detail["rank"]["n"]) for r in stored if r.detail.get("rank")]
        assert [(t.rank.rank, t.rank.n) for t in fig.targets if t.rank] == ranks
        # the page shows the same figures
        html = re.sub(r"[ \t\r\n]+", " ", client.get(f"/mal/{goal.key}/").content.decode())  # keeps no-break spaces
        for r in stored:
            assert STATUS_SV[r.status] in html, goal.key
            if r.probability is not None:
                assert f"{round(100 * r.probability)}\xa0%" in html, goal.key
        for rank, n in ranks:
            assert f"{rank} av {n} län" in html, goal.key
        if not ranks:
            assert "Plats efter" not in html, goal.key


def _education_rank_2024() -> tuple[int, int]:
    """Share with at least upper-secondary education = post-secondary + upper-secondary as the highest level."""
    total: dict[str, float] = {}
    for name in ("education_post_secondary_25_64_kolada_N01982_2010_2024_tidy.csv",
                 "education_upper_secondary_highest_25_64_kolada_N01983_2010_2024_tidy.csv"):  # fmt: skip
        with open(data_dir() / name, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["period"] == "2024" and row["area_code"] in COUNTIES:
                    total[row["area_code"]] = total.get(row["area_code"], 0.0) + float(row["value"])
    return 1 + sum(1 for c in COUNTIES if total[c] > total["07"]), len(COUNTIES)


def test_education_rank_on_the_page_is_the_evaluations_and_matches_a_hand_computation(client, demo):
    client.force_login(_user("lasare", READER))
    rank, n = _education_rank_2024()
    stored = _stored(Goal.objects.get(key="rus-mal-utbildning"))[0]
    assert stored.detail["rank"] == {"rank": rank, "n": n}
    html = client.get("/mal/rus-mal-utbildning/").content.decode()
    assert f"{rank} av {n} län (2024)" in html and "Plats efter tillväxt" not in html
    # Source captions come from the series' provenance: education's series is Kolada's.
    assert "Källa: Kolada." in html


def _pdf_objects(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated (the structure tree lives in compressed object streams)."""
    parts = [pdf]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def test_report_command_writes_accessible_documents_in_every_format(demo, tmp_path):
    paths = {}
    for fmt in ("pdf", "docx", "pptx", "xlsx"):
        paths[fmt] = tmp_path / f"r.{fmt}"
        call_command("report", "--year", "2026", "-o", str(paths[fmt]), stdout=StringIO())
    report = a.assemble_report(report_input(2026))
    charts = [g.chart for g in report.goals if g.chart is not None]
    assert charts
    # PDF: every goal's title and status in the text; tagged, with its language; alt text on every figure
    text = " ".join(subprocess.run(["pdftotext", str(paths["pdf"]), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())  # fmt: skip
    for g in report.goals:
        at = text.find(g.goal.name)
        assert at >= 0, g.goal.key
        status = g.targets[0].status_text if g.targets else word("no_data", "sv")
        assert status in text[at : at + len(g.goal.name) + 300], g.goal.key
    info = subprocess.run(["pdfinfo", str(paths["pdf"])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Tagged:\s+yes", info) and "Uppföljning av den regionala utvecklingsstrategin 2026" in info
    objects = _pdf_objects(paths["pdf"].read_bytes())
    assert b"/Lang (sv)" in objects
    figures = [e for e in objects.split(b"<</Type /StructElem")[1:] if e.startswith(b"/S /Figure")]
    assert len(figures) == len(charts) and all(b"/Alt" in f for f in figures)
    # Word: heading styles, pictures with their text alternative, tables as tables
    import docx

    doc = docx.Document(str(paths["docx"]))
    headings = {p.style.name for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= headings
    descr = [el.get("descr") for el in doc.element.body.iter("{*}docPr")]
    assert descr == [c.alt for c in charts]
    assert len(doc.tables) >= len(report.summaries)
    # slides: title, one per RUS goal, one per sub-strategy, one for the portfolio; pictures with alt text
    import pptx

    deck = pptx.Presentation(str(paths["pptx"]))
    n_rus = sum(len(s.goals) for s in report.rus)
    assert len(deck.slides) == 1 + n_rus + len(report.subs) + 1
    pics = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert pics and all(p._element.nvPicPr.cNvPr.get("descr") for p in pics)
    # Excel: one sheet per section; numbers are numbers with their source, batch and retrieval date
    import openpyxl

    wb = openpyxl.load_workbook(paths["xlsx"])
    assert wb.sheetnames == ["Sammanfattning", "RUS-mål", "Understrategier", "Spårbarhet", "Insatser",
                             "Avslutade projekt", "Källor och metod"]  # fmt: skip
    rows = list(wb.worksheets[1].iter_rows(values_only=True))
    head = rows[0]
    edu = next(r for r in rows if r[1] == "Utbildningsnivån ska öka")
    stored = _stored(Goal.objects.get(key="rus-mal-utbildning"))[0]
    assert edu[head.index("Sannolikhet")] == stored.probability and edu[head.index("Källa")] == "Kolada"
    assert edu[head.index("Senaste värde")] == stored.latest_value
    assert edu[head.index("Import")] and edu[head.index("Hämtad")] == "2026-03-20"


def _rus_figures(path: Path) -> list[tuple[object, ...]]:
    import openpyxl

    rows = list(openpyxl.load_workbook(path).worksheets[1].iter_rows(values_only=True))
    return [r[:14] for r in rows[1:]]


def test_the_same_as_of_gives_the_same_figures_after_new_statistics(demo, tmp_path):
    before = tmp_path / "before.xlsx"
    call_command("report", "--year", "2026", "--as-of", AS_OF, "-o", str(before), stdout=StringIO())
    # New statistics arrive later: the region's employment rate for 2024 is revised up.
    provenance = Provenance(source="scb", location="test", table="AM0210",
                            retrieved_at=timezone.make_aware(dt.datetime(2026, 12, 10, 9)))  # fmt: skip
    new = [ObservationRecord("rate", "07", "2024", 83.0)]
    import_records(new, provenance, lambda _s: "sysselsattningsgrad-20-64")
    again = tmp_path / "again.xlsx"
    call_command("report", "--year", "2026", "--as-of", AS_OF, "-o", str(again), stdout=StringIO())
    assert _rus_figures(again) == _rus_figures(before)
    later = tmp_path / "later.xlsx"
    call_command("report", "--year", "2026", "--as-of", "2026-12-11", "-o", str(later), stdout=StringIO())
    changed = [r for r in _rus_figures(later) if r[1] == "Förbättrad matchning – fler i arbete"]
    assert changed and changed[0][5] == 83.0
    assert _rus_figures(later) != _rus_figures(before)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--strategy", "nope"], "unknown strategy 'nope'"),
        (["--as-of", "1999-01-01"], "no statistics were retrieved on or before 1999-01-01"),
        (["--strategy", "tom"], "strategy 'tom' has no goals"),
        (["--as-of", "30/11"], "--as-of: expected a date YYYY-MM-DD"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(demo, tmp_path, args, message):
    Strategy.objects.create(key="tom", name="Tom", level=Strategy.SUB_STRATEGY, area=Strategy.objects.first().area,
                            horizon_start=2020, horizon_end=2025)  # fmt: skip
    out = tmp_path / "r.pdf"
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("report", "--year", "2026", *args, "-o", str(out), stdout=StringIO())
    assert list(tmp_path.iterdir()) == []


def test_report_page_is_for_analysts_and_downloads_each_format(client, demo):
    client.force_login(_user("lasare", READER))
    assert client.get("/rapport/").status_code == 403
    client.force_login(_user("analytiker", ANALYST))
    page = client.get("/rapport/").content.decode()
    assert "Ladda ned PDF" in page and 'href="/rapport/"' in page
    response = client.get("/rapport/", {"year": "2026", "format": "xlsx", "edition": "publik"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('publik-sv.xlsx"')
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Avslutade projekt" not in wb.sheetnames  # the public edition has no project-internal part
    bad = client.get("/rapport/", {"year": "20x6", "format": "pdf"})
    assert bad.status_code == 400 and 'href="#r-year"' in bad.content.decode()
    assert "report_ready" not in response.cookies  # no token asked for, none given
    assert 'role="status"' in page and 'name="progress"' in page


def test_report_page_answers_the_progress_token_with_a_cookie_only_when_well_formed(client, demo):
    client.force_login(_user("analytiker", ANALYST))
    asked = {"year": "2026", "format": "xlsx", "progress": "17330001234"}
    cookie = client.get("/rapport/", asked).cookies["report_ready"]
    assert cookie.value == "17330001234" and cookie["path"] == "/rapport/" and not cookie["httponly"]
    assert "report_ready" not in client.get("/rapport/", {**asked, "progress": "x;y=1"}).cookies
    assert "report_ready" not in client.get("/rapport/", {**asked, "year": "20x6"}).cookies  # no document, no cookie
