"""`import-data --area` (issue 10): honoured for a PX/JSON-stat table without a region dimension,
refused with a clear message, the database unchanged, for files whose rows carry their area (CSV,
Excel, Kolada) and for tables that have a region dimension."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from styrkedja.web.indicators.models import Observation
from tests.web.dbdump import dump_database

FIXTURES = Path(__file__).parents[2] / "fixtures"
RECORDED = FIXTURES / "recorded"
CSV = FIXTURES / "broken" / "csv_bad_period.csv"


def run(*args: str) -> tuple[int, str]:
    err = StringIO()
    try:
        call_command(*args, stdout=StringIO(), stderr=err)
        return 0, err.getvalue()
    except SystemExit as exc:
        return int(exc.code or 0), err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "message"),
    [
        (CSV, "a csv file names the area of every row in its own column; leave --area out"),
        (RECORDED / "px/scb_pxweb_BE0101A1_population.px", "the table has its own region dimension (areas "),
    ],
)
def test_area_is_refused_where_the_file_has_its_own_areas(path, message):
    before = dump_database()
    code, err = run("import_data", str(path), "--create-indicators", "--area", "00")
    assert code == 1 and message in err and str(path) in err and "Nothing was imported." in err
    assert dump_database() == before


@pytest.mark.django_db
def test_area_is_honoured_for_a_table_without_a_region_dimension():
    code, err = run("import_data", str(RECORDED / "px/scb_pxweb_EN0106A1_decimals_sv.px"), "--create-indicators",
                       "--area", "00")  # fmt: skip
    assert code == 0, err
    assert set(Observation.objects.values_list("area__code", flat=True)) == {"00"}
