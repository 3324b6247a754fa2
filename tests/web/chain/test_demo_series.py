"""Each real series the demo imports, checked once: a figure stored by the product's importer equals the
figure read off the original file another way (plain `csv` over the original's own layout, not the
conversion or the importer). Computed indicators are checked against a hand computation."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest

from styrkedja.demo import data_dir, strategy_file
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.indicators.demo_data import import_demo_data, manifest
from styrkedja.web.indicators.models import Observation

ORIGINAL = data_dir() / "original"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def stored(indicator: str, area: str, period: str) -> float | None:
    return Observation.objects.get(indicator__key=indicator, area__code=area, period=period, breakdown="T").value


def one(path: Path, **where: str) -> dict[str, str]:
    """The one row of the file matching `where` (the caller picks the value column)."""
    found = [r for r in rows(path) if all(r[k] == v for k, v in where.items())]
    assert len(found) == 1, (path.name, where, len(found))
    return found[0]


FOU = ORIGINAL / "kolada_N85085-7_fou_kr_per_inv_county_2011_2021.csv"
ETABLERING = ORIGINAL / "dalastrategin_etablering_vistelsetid_county_2010_2021.csv"
ETABLERING_VALUE = "Andel förvärvsarbetande (ny definition från och med 2019)"


def etablering(group: str) -> tuple[Path, dict[str, str], str]:
    where = {"region": "Kronobergs län", "kön": "män och kvinnor", "bakgrundsvariabel": group, "år": "2021"}
    return ETABLERING, where, ETABLERING_VALUE


# indicator -> (area, period), (the original file, the row's fields in the original's own layout, value column)
CHECKS: dict[str, tuple[tuple[str, str], tuple[Path, dict[str, str], str]]] = {
    "fou-foretag-per-inv": (("07", "2019"), (FOU, {"kpi": "Företagens utgifter för egen FoU", "year": "2019",
                                                   "municipality": "Kronobergs län"}, "value")),
    "fou-offentlig-per-inv": (("20", "2011"), (FOU, {"kpi": "Offentliga sektorns utgifter för FoU", "year": "2011",
                                                     "municipality": "Dalarnas län"}, "value")),
    "fou-hogskola-per-inv": (("12", "2021"), (FOU, {"kpi": "Universitets- och högskolesektorns utgifter för FoU",
                                                    "year": "2021", "municipality": "Skåne län"}, "value")),
    "befolkning": (("07", "1975"), (ORIGINAL / "scb_BE0101N1_population_county_sex_1968_2015.csv",
                                    {"region_code": "07", "year": "1975"}, "total")),
    "sysselsatt-dagbefolkning": (("07", "2014"), (
        data_dir() / "employment_persons_nuts3_eurostat_nama_10r_3empers_2000_2017_tidy.csv",
        {"area_code": "07", "period": "2014"}, "value")),
    "sysselsattningsgrad-utrikes-fodda": (("07", "2024"), (
        data_dir() / "employment_rate_foreign_born_20_64_scb_bas_S_SYSS_UTR_2020_2024_tidy.csv",
        {"area_code": "07", "period": "2024"}, "value")),
    "foretag-vill-vaxa": (("07", "2011"), (
        data_dir() / "smf_growth_willingness_tillvaxtverket_fvv_county_2011_2020_tidy.csv",
        {"indicator": "smf_share_wanting_to_grow", "area_code": "07", "period": "2011"}, "value")),
    "kollektivtrafiknara-lage": (("25", "2020"), (
        data_dir() / "kolada_N07418_public_transport_near_share_county_2014_2020_tidy.csv",
        {"area_code": "25", "period": "2020"}, "value")),
    "nybyggda-lagenheter": (("13", "2023"), (
        data_dir() / "kolada_N07917_dwellings_completed_new_per_1000_riket_2010_2024_county_2020_2024_tidy.csv",
        {"area_code": "13", "period": "2023"}, "value")),
    "bostadspriser": (("07", "2024M03"), (ORIGINAL / "laget_smahuspriser_county_monthly_1997_2024.csv",
                                          {"region": "Kronoberg", "Period": "2024-03"}, "Medelpris")),
    "nystartade-foretag": (("07", "2010"), (ORIGINAL / "dalastrategin_nystartade_ftg_county_1994_2021_tidy.csv",
                                            {"lan": "Kronobergs län", "ar_kolumn": "2010**"},
                                            "antal_nystartade_foretag")),
    "matchningsgrad": (("07", "2020"), (ORIGINAL / "dalastrategin_matchningsgrad_county_2015_2020.csv",
                                        {"region": "Kronobergs län", "kön": "samtliga anställda", "år": "2020"},
                                        "totalt")),
    "etablering-0-1-ar": (("07", "2021"), etablering("vistelsetid 0-1 år")),
    "etablering-2-3-ar": (("07", "2021"), etablering("vistelsetid 2-3 år")),
    "etablering-4-9-ar": (("07", "2021"), etablering("vistelsetid 4-9 år")),
    "etablering-10-ar": (("07", "2021"), etablering("vistelsetid 10- år")),
    "varuexport-per-invanare": (("07", "2019"), (ORIGINAL / "dalastrategin_exportperinv_county_1997_2019.csv",
                                                 {"AstLan": "07", "Ar": "2019"}, "RegExp_inv20_64ar")),
    "ekonomiskt-utsatta-barn": (("07", "2021"), (
        ORIGINAL / "dalastrategin_kolada_N02904_ek_utsatta_0_19_county_2007_2021.csv",
        {"municipality_id": "0007", "year": "2021"}, "value")),
    "vaxthusgasutslapp-produktion": (("07", "2020"), (
        ORIGINAL / "dalastrategin_effektivitet_brp_utslapp_county_2008_2020.csv",
        {"Region": "Kronobergs län", "År": "2020"}, "Utsläpp")),
    "internationaliseringsindex": (("07", "2020"), (
        ORIGINAL / "dalastrategin_internationaliseringsindex_county_2020_tidy.csv",
        {"matt": "Totalindex år 2020", "lan": "Kronoberg"}, "varde")),
    "arbetsloshet-20-64": (("07", "2022"), (ORIGINAL / "laget_arbetsloshet_20_64_county_2020_2022.csv",
                                            {"regionkod": "07", "år": "2022"}, "arbetslöshet")),
    "arbetsloshet-20-64-manad": (("00", "2024M01"), (
        ORIGINAL / "laget_arbetsloshet_20_64_county_monthly_2020_2024.csv",
        {"regionkod": "00", "Period": "2024-01"}, "arbetslöshet")),
}  # fmt: skip


OLD = {"befolkning", "brp-lopande", "sysselsatta-eurostat", "sysselsattningsgrad-20-64", "sysselsatta-20-64",
       "utbildning-eftergymnasial", "utbildning-gymnasial-hogsta", "besoksnatter-lan"}  # fmt: skip


def test_every_new_manifest_entry_has_a_check():
    new = {e["indicator"] for e in manifest()} - OLD
    assert new | {"befolkning"} == set(CHECKS)


@pytest.fixture
def demo_chain(db):
    load_document(read_strategy_file(strategy_file()))


@pytest.mark.parametrize("indicator", sorted(CHECKS))
def test_a_figure_of_each_new_series_equals_the_original_file(demo_chain, indicator):
    (area, period), (path, where, column) = CHECKS[indicator]
    import_demo_data(lambda _line: None, only={indicator})
    assert stored(indicator, area, period) == pytest.approx(float(one(path, **where)[column]), rel=1e-12)


def test_a_value_missing_in_the_original_stays_missing(demo_chain):
    """R's NA in the R&D file (Gotland 2017, business R&D) is stored as a missing value, never 0."""
    import_demo_data(lambda _line: None, only={"fou-foretag-per-inv"})
    original = one(FOU, kpi="Företagens utgifter för egen FoU", year="2017", municipality="Gotlands län")
    assert original["value"] == "NA"
    obs = Observation.objects.get(indicator__key="fou-foretag-per-inv", area__code="09", period="2017")
    assert obs.value is None and obs.status == "missing"


def test_rd_share_of_grp_is_the_hand_computation(demo_chain):
    """fou-andel-brp (Kronoberg 2019) = (N85085 + N85086 + N85087) / (GRP mnkr * 1e6 / population) * 100,
    read off the original files."""
    from django.core.management import call_command

    import_demo_data(lambda _line: None)
    call_command("fetch", "--computed-only", "--missing-inputs-ok", stdout=StringIO())
    fou = sum(float(r["value"]) for r in rows(FOU) if r["year"] == "2019" and r["municipality"] == "Kronobergs län")
    grp = float(one(data_dir() / "eurostat_grp_nuts3_se_tidy.csv", indicator="grp_MIO_NAC", area_code="07",
                    period="2019")["value"])  # fmt: skip
    pop = {float(r["value"]) for r in rows(data_dir() / "eurostat_population_nuts3_se_tidy.csv")
           if (r["indicator"], r["area_code"], r["period"]) == ("population_31dec", "07", "2019")}  # fmt: skip
    assert len(pop) == 1  # the two vintages agree
    expected = fou / (grp * 1e6 / pop.pop()) * 100
    assert stored("fou-andel-brp", "07", "2019") == pytest.approx(expected, rel=1e-9)
    assert stored("fou-utgifter-per-inv", "07", "2019") == pytest.approx(fou, rel=1e-12)
