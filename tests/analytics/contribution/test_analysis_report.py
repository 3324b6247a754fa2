"""The stored analysis, its plain-language reading and its charts (numbers drawn, never recomputed)."""

from __future__ import annotations

import numpy as np
import pytest

from styrkedja.analytics.contribution.analysis import analyse
from styrkedja.analytics.contribution.panel import Panel
from styrkedja.analytics.contribution.reading import reading
from styrkedja.analytics.contribution.synthetic_control import Design
from styrkedja.reports.charts import Meta
from styrkedja.reports.charts import contribution as charts

YEARS = tuple(range(2000, 2021))


@pytest.fixture(scope="module")
def result():
    rng = np.random.default_rng(11)
    t = np.arange(len(YEARS), dtype=float)
    donors = np.vstack([50 + 3 * i + (0.5 + 0.1 * i) * t + rng.normal(0, 0.3, t.size) for i in range(8)])
    donors[7] += 40  # far above everyone: a placebo that cannot be fitted
    region = 0.5 * donors[2] + 0.5 * donors[4]
    region[np.array(YEARS) >= 2012] += 4.0
    panel = Panel(("R", *(f"D{i}" for i in range(8))), YEARS, np.vstack([region, donors]))
    names = {"R": "Regionen", **{f"D{i}": f"Län {i}" for i in range(8)}}
    return analyse(panel, Design("R", tuple(f"D{i}" for i in range(8)), 2012), names, decimals=1)


def test_p_value_and_counts_follow_the_placebo_ratios(result):
    ratios = [p["ratio"] for p in result["placebos"]]
    k = sum(r is None or r >= result["ratio"] for r in ratios)
    assert result["as_extreme"] == k
    assert result["p_value"] == pytest.approx((1 + k) / 9)
    assert result["in_time"]["start_year"] == 2007 and result["in_time"]["years"][-1] == 2011
    assert set(result["leave_one_out"]["dropped"]) == {"D2", "D4"}


def test_reading_states_the_stored_numbers_in_both_languages(result):
    sv, en = result["reading"]["sv"], result["reading"]["en"]
    assert sv["text"].startswith("Regionens värde 2020 var 4,0 över den syntetiska kontrollens")
    assert en["text"].startswith("Regionen's value in 2020 was 4.0 above its synthetic control")
    assert f"{result['as_extreme']} of 8 comparison areas" in en["text"]
    assert "policymix" in sv["limits"] and "policy mix" in en["limits"]


def test_evidence_words_follow_the_p_value():
    base = {"last_gap": -1.0, "names": {"R": "R"}, "treated": "R", "last_year": 2020, "start_year": 2015}
    base |= {"placebos": [{}] * 20, "warnings": [{"code": "outside_hull", "detail": "2010, 2011"}]}
    strong = reading({**base, "p_value": 1 / 21, "as_extreme": 0}, "en")
    weak = reading({**base, "p_value": 2 / 21, "as_extreme": 1}, "en")
    none = reading({**base, "p_value": 10 / 21, "as_extreme": 9}, "en")
    assert "below" in strong["text"] and "clear evidence" in strong["text"]
    assert "weak evidence" in weak["text"] and "no larger" in none["text"]
    assert "outside the comparison areas' range (2010, 2011)" in strong["warnings"][0]


def test_charts_draw_the_stored_series(result):
    meta = Meta(title="Folkmängd", unit="personer", lang="sv")
    paths = charts.synthetic_paths(result, meta)
    assert paths.rows[-1] == ("2020", *(charts.fmt(v, meta) for v in (result["actual"][-1], result["synthetic"][-1])))
    gaps = charts.gap_with_placebos(result, meta)
    assert len(gaps.columns) == 2 + 8  # year, the area, every placebo in the table
    drawn = {r["unit"] for r in gaps.data if r["unit"] != "Regionen"}
    assert "Län 7" not in drawn and len(drawn) < 8  # the unfittable placebo is not drawn
    assert "skillnaden år 2020 är 4,0" in gaps.alt and 'role="img"' in gaps.svg
