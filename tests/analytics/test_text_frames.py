"""Swedish number formatting and the frame contract."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from styrkedja.analytics import model as m
from styrkedja.analytics.frames import (
    FrameError,
    annual_wide,
    default_peer_group,
    observations_frame,
    resolve_peers,
)
from styrkedja.analytics.text import format_number_en, format_number_sv
from styrkedja.analytics.trend import assess_trend

from .conftest import POP, make_obs


def test_format_number_sv() -> None:
    assert format_number_sv(7.4951, 1, unit="%") == "7,5\u00a0%"
    assert format_number_sv(189128, 0) == "189\u202f128"
    assert format_number_sv(10551707.25, 2) == "10\u202f551\u202f707,25"
    assert format_number_sv(-0.66, 1) == "\u22120,7"
    assert format_number_sv(-0.01, 1) == "0,0"
    assert format_number_sv(None) == "uppgift saknas"
    assert format_number_sv(float("nan")) == "uppgift saknas"
    assert format_number_sv(2.0, 1, sign=True) == "+2,0"
    assert format_number_en(7.4951, 1, unit="%") == "7.5%"
    assert format_number_en(189128, 0) == "189,128"


def test_observations_frame_dedupes_and_rejects_conflicts() -> None:
    rows = [
        {"indicator": "x", "area": "07", "period": "2020", "value": 1.0},
        {"indicator": "x", "area": "07", "period": "2020", "value": 1.0},
        {"indicator": "x", "area": "07", "period": "2021", "value": None},
    ]
    df = observations_frame(rows)
    assert df.height == 2 and df.columns == [
        "indicator",
        "area",
        "period",
        "breakdown",
        "value",
        "numerator",
        "denominator",
    ]
    assert df["value"].null_count() == 1  # missing stays missing
    with pytest.raises(FrameError):
        observations_frame([*rows, {"indicator": "x", "area": "07", "period": "2020", "value": 2.0}])
    with pytest.raises(FrameError):
        observations_frame(pl.DataFrame({"indicator": ["x"], "area": ["07"]}))


def test_annual_wide_drops_quarters() -> None:
    df = observations_frame(
        [
            {"indicator": "x", "area": "07", "period": "2020", "value": 1.0},
            {"indicator": "x", "area": "07", "period": "2020K1", "value": 9.0},
            {"indicator": "x", "area": "07", "period": "2021", "value": 2.0},
        ]
    )
    wide = annual_wide(df)
    assert wide.columns == ["area", "2020", "2021"]


def test_peer_groups() -> None:
    counties = default_peer_group("07")
    assert len(counties) == 21 and "00" not in counties and "07" in counties
    municipalities = default_peer_group("0780", {"municipalities": ["0780", "0781", "00"]})
    assert len(municipalities) == 290 and "0780" in municipalities and "00" not in municipalities
    assert resolve_peers("07", "g", {"g": ["00", "06", "08"]}) == ["06", "08"]
    assert default_peer_group("00") == []


def test_assess_trend(eurostat_obs) -> None:  # type: ignore[no-untyped-def]
    specs = [
        m.TrendSpec("g", "Fler invånare", POP, "07", "Kronobergs län", base_year=2014),
        m.TrendSpec("g", "Fler invånare", POP, "25", "Norrbottens län", base_year=2014),
        m.TrendSpec("g", "Fler invånare", POP, "07", "Kronobergs län", base_year=1990),
    ]
    res = assess_trend(specs, eurostat_obs, as_of=date(2026, 1, 1))
    assert res[0].status == m.IMPROVING and res[0].data_through == 2024
    assert res[0].change == pytest.approx((203351 / 189128 - 1) * 100)
    assert res[0].recent_base_year == 2019
    assert res[0].peer_n == 21 and res[0].riket_change is not None
    assert res[1].status == m.UNCHANGED  # -0.5 % is within the 1 % tolerance
    assert res[2].status == m.NO_DATA and "base year" in (res[2].reason or "")
    assert "förbättrats" in res[0].explanation_sv


def test_assess_trend_lower_is_better_and_pp_tolerance() -> None:
    ind = m.IndicatorInfo(key="x", name="Arbetslösheten", measure_type="rate", unit="%", direction=m.LOWER_IS_BETTER)
    obs = make_obs({"07": {2015: 8.0, 2020: 7.8, 2024: 6.0}, "00": {2015: 7.0, 2024: 7.5}})
    res = assess_trend(
        [m.TrendSpec("g", "Lägre arbetslöshet", ind, "07", "Kronobergs län")], obs, as_of=date(2025, 1, 1)
    )[0]
    assert res.growth_measure == "pp" and res.tolerance == 0.5
    assert res.change == pytest.approx(-2.0) and res.status == m.IMPROVING
    assert res.riket_change == pytest.approx(0.5)
    res2 = assess_trend(
        [m.TrendSpec("g", "x", ind, "07", "K", base_year=2020)], obs, as_of=date(2025, 1, 1), tolerance_pp=2.0
    )[0]
    assert res2.status == m.UNCHANGED  # -1.8 pp within 2 pp
