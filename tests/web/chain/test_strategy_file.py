"""Loading and exporting the strategy file: round trip, idempotence, and the broken-file corpus."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from styrkedja.strategyfile import dump_document, read_strategy_file
from styrkedja.web.chain.chainfile import export_document, load_document
from styrkedja.web.core.models import AuditEntry
from styrkedja.web.strategies.models import Goal, Target
from tests.web.dbdump import dump_database

FIXTURES = Path(__file__).parents[2] / "fixtures"
MINIMAL = FIXTURES / "strategy" / "minimal.yaml"
BROKEN = sorted((FIXTURES / "strategy-broken").glob("*.yaml"))


def export_text() -> str:
    out = StringIO()
    call_command("export", "--format", "yaml", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_round_trip_is_identical(tmp_path):
    load_document(read_strategy_file(MINIMAL))
    first = export_text()
    path = tmp_path / "exported.yaml"
    path.write_text(first, encoding="utf-8")
    load_document(read_strategy_file(path))
    assert export_text() == first


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load_document(read_strategy_file(MINIMAL))
    before, audit_rows = dump_database(), AuditEntry.objects.count()
    load_document(read_strategy_file(MINIMAL))
    assert dump_database() == before
    assert AuditEntry.objects.count() == audit_rows


@pytest.mark.django_db
def test_load_stores_typed_targets_and_links():
    load_document(read_strategy_file(MINIMAL))
    target = Target.objects.get(key="t-pop")
    assert (target.rule, target.benchmark, target.base_year, target.target_year) == (
        "growth_vs_benchmark", "peer_median", 2014, 2025,
    )  # fmt: skip
    assert target.operator == ">"  # "above the median" is strict unless the file says otherwise
    assert Target.objects.get(key="t-emp").operator == ">="
    assert list(Goal.objects.get(key="proj-main").contributes_to.values_list("key", flat=True)) == ["g-sub"]
    assert Goal.objects.get(key="g-pop").baseline_value == 189128


@pytest.mark.django_db
def test_children_missing_from_the_file_are_removed(tmp_path):
    load_document(read_strategy_file(MINIMAL))
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "          - {id: t-pop-rank, rule: rank, rank: 10, rank_by: growth, base_year: 2014, target_year: 2025}\n",
        "",
    )
    path = tmp_path / "fewer.yaml"
    path.write_text(text, encoding="utf-8")
    load_document(read_strategy_file(path))
    assert not Target.objects.filter(key="t-pop-rank").exists()
    assert Target.objects.filter(key="t-pop").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_file_is_rejected_with_location_and_nothing_changes(path, capsys):
    load_document(read_strategy_file(MINIMAL))
    before = dump_database()
    header = path.read_text(encoding="utf-8").splitlines()
    expect = header[0].removeprefix("# expect: ")
    at = header[1].removeprefix("# at: ") if header[1].startswith("# at: ") else None
    with pytest.raises(SystemExit) as exit_info:
        call_command("load", str(path))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert expect in err
    assert dump_database() == before
    # Every problem names the file and a line; where the corpus says where, the line holds that text.
    lines = path.read_text(encoding="utf-8").splitlines()
    locations = re.findall(rf"^{re.escape(str(path))}:(\d+): ", err, flags=re.MULTILINE)
    assert locations
    if at:
        assert any(at in lines[int(n) - 1] for n in locations), (at, locations)


@pytest.mark.django_db
def test_export_document_validates_against_the_schema(tmp_path):
    load_document(read_strategy_file(MINIMAL))
    path = tmp_path / "out.yaml"
    path.write_text(dump_document(export_document()), encoding="utf-8")
    assert read_strategy_file(path)["format"] == "styrkedja/1"
