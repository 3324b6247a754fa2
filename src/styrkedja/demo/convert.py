"""The one-time conversions of the demo's real files that are not in a format the importers read.

Each original is kept unchanged in `data/original/` with its `.source.txt`; each conversion writes a tidy
CSV (`indicator, area_code, area_name, period, value, unit, source`) to `data/` whose `.source.txt` names
the original and this module's function. Nothing is computed: values are copied (R's `NA` becomes an
empty, missing value), rows are selected (a total, one sex) and area names are turned into SCB codes.
Run it again to see that the committed files are what the originals give (a test checks it too):

    python -m styrkedja.demo.convert            # rewrites the tidy files in data/
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from styrkedja.data import area_rows
from styrkedja.demo import data_dir

TIDY_HEADER = ("indicator", "area_code", "area_name", "period", "value", "unit", "source")
Row = tuple[str, str, str, str]  # indicator (series), area code, period, value as written in the original


def original_dir() -> Path:
    return data_dir() / "original"


def county_codes() -> dict[str, str]:
    """County and country names as the originals spell them -> SCB codes ("Kronobergs län", "Kronoberg")."""
    names: dict[str, str] = {"Riket": "00", "Sverige": "00", "Samtliga": "00"}
    for row in area_rows():
        if row.level != "county":
            continue
        names[row.name] = row.code
        short = row.name.removesuffix(" län")
        names[short] = row.code
        if row.name.endswith("s län"):
            names[short.removesuffix("s")] = row.code  # "Kronobergs län" -> "Kronoberg"
    return names


def _area_names() -> dict[str, str]:
    return {row.code: row.name for row in area_rows()}


def _read(name: str) -> list[dict[str, str]]:
    with (original_dir() / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class Conversion:
    original: str  # file in data/original/
    tidy: str  # file written to data/
    unit: str
    source: str  # the tidy file's `source` column
    rows: Callable[[], Iterator[Row]]


def fou() -> Iterator[Row]:
    """Kolada N85085-N85087: the KPI label becomes its id, the county name its code."""
    kpi = {
        "Företagens utgifter för egen FoU": "N85085",
        "Offentliga sektorns utgifter för FoU": "N85086",
        "Universitets- och högskolesektorns utgifter för FoU": "N85087",
    }
    codes = county_codes()
    for r in _read("kolada_N85085-7_fou_kr_per_inv_county_2011_2021.csv"):
        yield kpi[r["kpi"]], codes[r["municipality"]], r["year"], r["value"]


def population_1968() -> Iterator[Row]:
    """SCB BE0101N1 by county, the `total` column (both sexes). The file's Riket is a sum of the counties
    made by its transcriber, not a published figure, and is left out (Eurostat's series gives Riket)."""
    for r in _read("scb_BE0101N1_population_county_sex_1968_2015.csv"):
        if r["region_code"] != "00":
            yield "population_31dec_scb", r["region_code"], r["year"], r["total"]


def new_enterprises() -> Iterator[Row]:
    """Tillväxtanalys: 2010 is given twice (old and new method); the new method's `2010**` is kept, as
    it continues into 2011-."""
    codes = county_codes()
    for r in _read("dalastrategin_nystartade_ftg_county_1994_2021_tidy.csv"):
        if r["ar_kolumn"] == "2010*":
            continue
        yield "nystartade_foretag", codes[r["lan"]], r["ar"], r["antal_nystartade_foretag"]


def matching() -> Iterator[Row]:
    """SCB regional matching indicators: all employees (`samtliga anställda`), column `totalt`."""
    codes = county_codes()
    for r in _read("dalastrategin_matchningsgrad_county_2015_2020.csv"):
        if r["kön"] == "samtliga anställda":
            yield "matchningsgrad", codes[r["region"]], r["år"], r["totalt"]


ESTABLISHMENT_GROUPS = {"vistelsetid 0-1 år": "0-1", "vistelsetid 2-3 år": "2-3", "vistelsetid 4-9 år": "4-9",
                        "vistelsetid 10- år": "10-"}  # fmt: skip


def establishment() -> Iterator[Row]:
    """SCB integration statistics, both sexes: one series per years-of-residence group."""
    codes = county_codes()
    value = "Andel förvärvsarbetande (ny definition från och med 2019)"
    for r in _read("dalastrategin_etablering_vistelsetid_county_2010_2021.csv"):
        if r["kön"] == "män och kvinnor":
            group = ESTABLISHMENT_GROUPS[r["bakgrundsvariabel"]]
            yield f"etablering_vistelsetid_{group}", codes[r["region"]], r["år"], r[value]


def exports() -> Iterator[Row]:
    """Goods exports per inhabitant 20-64 by the workplace's county; the rows for `00`/`99` (exports not
    allocated to a county, population 0, value Inf) are left out."""
    for r in _read("dalastrategin_exportperinv_county_1997_2019.csv"):
        if r["AstLan"] not in ("00", "99"):
            yield "varuexport_per_inv_20_64", r["AstLan"], r["Ar"], r["RegExp_inv20_64ar"]


def economically_vulnerable() -> Iterator[Row]:
    """Kolada N02904: Kolada's region ids (`0007`) are kept; the importer maps them to SCB codes."""
    for r in _read("dalastrategin_kolada_N02904_ek_utsatta_0_19_county_2007_2021.csv"):
        yield "N02904", r["municipality_id"], r["year"], r["value"]


def emissions() -> Iterator[Row]:
    """SCB MI1301: greenhouse-gas emissions of the production sectors (the file's `Utsläpp` column)."""
    codes = county_codes()
    for r in _read("dalastrategin_effektivitet_brp_utslapp_county_2008_2020.csv"):
        yield "utslapp_produktion", codes[r["Region"]], r["År"], r["Utsläpp"]


def internationalisation() -> Iterator[Row]:
    """Tillväxtanalys internationalisation index: the 2020 total index (the change 2016-2020 is not a level)."""
    codes = county_codes()
    for r in _read("dalastrategin_internationaliseringsindex_county_2020_tidy.csv"):
        if r["matt"] == "Totalindex år 2020":
            yield "internationaliseringsindex", codes[r["lan"]], "2020", r["varde"]


def unemployment() -> Iterator[Row]:
    """SCB BAS unemployment 20-64, yearly; the file holds only the total (both sexes, all origins)."""
    for r in _read("laget_arbetsloshet_20_64_county_2020_2022.csv"):
        yield "arbetsloshet_20_64", r["regionkod"], r["år"], r["arbetslöshet"]


def unemployment_monthly() -> Iterator[Row]:
    """SCB BAS unemployment 20-64, monthly (`2020-01` becomes `2020M01` on import)."""
    for r in _read("laget_arbetsloshet_20_64_county_monthly_2020_2024.csv"):
        yield "arbetsloshet_20_64_manad", r["regionkod"], r["Period"], r["arbetslöshet"]


def house_prices() -> Iterator[Row]:
    """SCB BO0501 average purchase price of one- and two-dwelling houses, tkr, monthly."""
    codes = county_codes()
    for r in _read("laget_smahuspriser_county_monthly_1997_2024.csv"):
        yield "smahus_medelpris_tkr", codes[r["region"]], r["Period"], r["Medelpris"]


DALARNA = "via GitHub Region-Dalarna/uppfoljning_dalastrategin @6571f181"
LAGET = "via GitHub Region-Dalarna/laget_i_Dalarna @0dabefd0"
CONVERSIONS = (
    Conversion("kolada_N85085-7_fou_kr_per_inv_county_2011_2021.csv",
               "kolada_N85085-7_fou_kr_per_inv_county_2011_2021_tidy.csv", "kr per invånare",
               "Kolada N85085-N85087 (SCB UF0301), via GitHub Region-Dalarna/uppfoljning_dalastrategin @c224a90d",
               fou),
    Conversion("scb_BE0101N1_population_county_sex_1968_2015.csv", "scb_BE0101N1_population_county_1968_2015_tidy.csv",
               "personer", "SCB BE0101N1 via GitHub StatisticsNZ/demdata @2e4fe83d", population_1968),
    Conversion("dalastrategin_nystartade_ftg_county_1994_2021_tidy.csv",
               "tillvaxtanalys_nystartade_foretag_county_1994_2021_tidy.csv", "företag",
               f"Tillväxtanalys, Nystartade företag, {DALARNA}", new_enterprises),
    Conversion("dalastrategin_matchningsgrad_county_2015_2020.csv",
               "scb_AM9906_matchningsgrad_county_2015_2020_tidy.csv", "procent",
               f"SCB AM9906A/RegionInd19M2N (000005SF), {DALARNA}", matching),
    Conversion("dalastrategin_etablering_vistelsetid_county_2010_2021.csv",
               "scb_AA0003_etablering_vistelsetid_county_2010_2021_tidy.csv", "procent",
               f"SCB AA0003B/IntGr1LanKonUtb (0000001X), {DALARNA}", establishment),
    Conversion("dalastrategin_exportperinv_county_1997_2019.csv", "varuexport_per_inv_20_64_county_1997_2019_tidy.csv",
               "kr per invånare 20–64 år", f"Regional varuexport (källa ej angiven i originalet), {DALARNA}", exports),
    Conversion("dalastrategin_kolada_N02904_ek_utsatta_0_19_county_2007_2021.csv",
               "kolada_N02904_ek_utsatta_0_19_county_2007_2021_tidy.csv", "procent", f"Kolada N02904, {DALARNA}",
               economically_vulnerable),
    Conversion("dalastrategin_effektivitet_brp_utslapp_county_2008_2020.csv",
               "scb_MI1301_utslapp_produktion_county_2008_2020_tidy.csv", "kt koldioxidekvivalenter",
               f"SCB MI1301B/UtslappLan (0000015P), {DALARNA}", emissions),
    Conversion("dalastrategin_internationaliseringsindex_county_2020_tidy.csv",
               "tillvaxtanalys_internationaliseringsindex_county_2020_tidy.csv", "index",
               f"Tillväxtanalys, regionalt internationaliseringsindex 2020, {DALARNA}", internationalisation),
    Conversion("laget_arbetsloshet_20_64_county_2020_2022.csv", "scb_bas_arbetsloshet_20_64_county_2020_2022_tidy.csv",
               "procent av arbetskraften", f"SCB AM0210A/ArbStatusAr (000006J1), {LAGET}", unemployment),
    Conversion("laget_arbetsloshet_20_64_county_monthly_2020_2024.csv",
               "scb_bas_arbetsloshet_20_64_county_monthly_2020_2024_tidy.csv", "procent av arbetskraften",
               f"SCB AM0210A/ArbStatusM (000006II), {LAGET}", unemployment_monthly),
    Conversion("laget_smahuspriser_county_monthly_1997_2024.csv",
               "scb_BO0501_smahuspriser_county_monthly_1997_2024_tidy.csv", "tkr",
               f"SCB BO0501B/SmahusT2M (BO0501AJ), {LAGET}", house_prices),
)  # fmt: skip


def tidy_text(conversion: Conversion) -> str:
    names = _area_names()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TIDY_HEADER)
    for series, area, period, value in conversion.rows():
        value = "" if value == "NA" else value  # R's NA: the value is missing (never 0)
        scb = area[2:] if len(area) == 4 and area.startswith("00") else area  # a Kolada region id
        writer.writerow((series, area, names.get(scb, ""), period, value, conversion.unit, conversion.source))
    return out.getvalue()


def source_text(conversion: Conversion) -> str:
    doc = " ".join((conversion.rows.__doc__ or "").split())
    original = (original_dir() / f"{conversion.original}.source.txt").read_text(encoding="utf-8")
    return (
        f"Converted from original/{conversion.original} by styrkedja.demo.convert.{conversion.rows.__name__} "
        f"(python -m styrkedja.demo.convert). {doc} Values are copied as written (NA becomes an empty, missing "
        "value); county names are turned into SCB codes. The original's note follows.\n\n" + original
    )


def main() -> None:
    for conversion in CONVERSIONS:
        (data_dir() / conversion.tidy).write_text(tidy_text(conversion), encoding="utf-8")
        (data_dir() / f"{conversion.tidy}.source.txt").write_text(source_text(conversion), encoding="utf-8")
        print(f"{conversion.tidy}: from original/{conversion.original}")


if __name__ == "__main__":
    main()
