"""Every recorded fixture that holds Swedish data imports through `styrkedja import-data`, and
`export-data` shows its values with their source. Files of other countries' statistics are parser
fixtures only: their areas are not SCB codes, so the import refuses them naming the code."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

RECORDED = Path(__file__).parents[2] / "fixtures" / "recorded"

SWEDISH = {  # file -> extra arguments (tables without a region dimension are national: Riket)
    "jsonstat/scb_pxweb_v1_api_jsonstat1_statswe.json": [],
    "px/scb_BE0101N1_sv_iso88591.px": [],
    "px/scb_pxweb_BE0101A1_population.px": [],
    "px/scb_pxweb_BE0101F1_en_sv.px": [],
    "px/scb_pxweb_BE0101F1datasymbols.px": [],
    "px/scb_pxweb_BE0101F1nildotsymbols.px": [],
    "px/scb_pxweb_BE0101F1symbnotkeys_KEYS.px": [],
    "px/scb_pxweb_EN0106A1_decimals_sv.px": ["--area", "00"],
    "px/scb_pxweb_PR0101D8_month.px": ["--area", "00"],
    "scb_v1_json_BefolkningNy_civilstand_2015_2017.json": [],
    "scb_v1_json_BefolkningNy_region_riket.json": [],
    "scb_v1_jsonstat1_BefolkningNy_kon_2017.json": ["--area", "00"],
    "scb_v2_pxwebpy_TAB6471_data.json": [],
}
FOREIGN = {
    "jsonstat/jsonstatorg_v2_canada.json": "unknown area",
    "jsonstat/jsonstatorg_v2_galicia.json": "unknown area",
    "jsonstat/jsonstatorg_v2_oecd.json": "unknown area",
    "px/cso_ie_VSA31.px": "unknown area code 'IE11'",
    "px/ssb_no_14216_tettsteder.px": "no region dimension (Region or role geo): say which area the whole table is "
    "for, e.g. `styrkedja import-data FILE --area 00`",
    "px/statfin_001_111p_halfyear.px": "no region dimension",
}


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        return 0, out.getvalue(), err.getvalue()
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()


def test_the_lists_cover_every_data_fixture():
    data_files = {str(p.relative_to(RECORDED)) for p in RECORDED.rglob("*") if p.suffix in (".px", ".json")}
    not_data = {f for f in data_files if any(w in f for w in ("metadata", "config", "codelist", "search", "tables",
                                                               "kpi_RECONSTRUCTED"))}  # fmt: skip
    assert data_files - not_data == set(SWEDISH) | set(FOREIGN)


@pytest.mark.django_db
def test_every_swedish_fixture_imports_and_exports_with_its_source():
    for name, extra in SWEDISH.items():
        code, out, err = run("import_data", str(RECORDED / name), "--create-indicators", *extra)
        assert code == 0, (name, err)
        assert "values: " in out and ("as batch #" in out or "nothing changed" in out), (name, out)
    _, exported, _ = run("export_data")
    rows = list(csv.DictReader(StringIO(exported)))
    sources = {row["source"] for row in rows}
    assert len(rows) > 30_000
    assert all(row["source"] and row["batch"] and row["retrieved_at"] for row in rows), [
        r for r in rows if not (r["source"] and r["batch"] and r["retrieved_at"])
    ][:2]
    assert any("TAB6471" in s for s in sources)  # the v2 table id travels from the response to every value
    # A value a person reads off the file survives import and export: TAB6471, Stockholms län (01),
    # 2026M01, age 0-9, both sexes: 245 284 (the file's first value).
    tab = [r for r in rows if r["area"] == "01" and r["period"] == "2026M01" and r["indicator"].endswith("0-9")
           and r["breakdown"] == "T"]  # fmt: skip
    assert [float(r["value"]) for r in tab] == [245284.0]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_foreign_statistics_are_refused_naming_the_problem(name):
    code, _, err = run("import_data", str(RECORDED / name), "--create-indicators")
    assert code == 1
    assert FOREIGN[name] in err and "Nothing was imported" in err


@pytest.mark.django_db
def test_created_indicators_take_label_and_unit_from_the_file(tmp_path):
    from styrkedja.connectors.sources import read_file
    from styrkedja.web.indicators.models import Indicator

    px = RECORDED / "px/scb_pxweb_BE0101A1_population.px"
    parsed = read_file(px)
    code, _, err = run("import_data", str(px), "--create-indicators")
    assert code == 0, err
    created = Indicator.objects.get(source_spec__series=parsed.records[0].series)
    # The PX file says CONTENTS="Population", UNITS="number" and VALUES for each dimension.
    series = parsed.records[0].series  # e.g. BE0101A1|marital status=SK|age=13
    marital, age = (part.split("=")[1] for part in series.split("|")[1:])
    status_words = {"OG": "single", "G": "married", "ÄNKL": "widowers/widows", "SK": "divorced"}
    assert created.name == f"Population, marital status: {status_words[marital]}, age: {age}"
    assert created.unit == "number"

    csv_file = tmp_path / "own.csv"
    csv_file.write_text("indicator,area_code,period,value,unit\nmy_series,07,2024,1,antal\n", encoding="utf-8")
    assert run("import_data", str(csv_file), "--create-indicators")[0] == 0
    own = Indicator.objects.get(source_spec__series="my_series")
    assert (own.name, own.unit) == ("my_series", "antal")  # a CSV has no label column: the code is the name
