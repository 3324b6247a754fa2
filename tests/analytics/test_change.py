"""The latest change of a series, checked against the differences computed by hand."""

from __future__ import annotations

from styrkedja.analytics.change import change_sentence, latest_change


def test_the_last_two_values_gaps_skipped():
    # population 2021 201 469, 2022 201 996, 2023 missing, 2024 201 812: by hand 201 812 - 201 996 = -184
    series = [("2021", 201_469.0), ("2022", 201_996.0), ("2023", None), ("2024", 201_812.0)]
    change = latest_change(series, decimals=0)
    assert change is not None
    assert (change.from_period, change.to_period, change.direction, change.arrow) == ("2022", "2024", "down", "↘")
    assert change.change == -184.0
    assert change_sentence(change, ("201 996", "201 812"), "sv") == "Minskade från 201 996 (2022) till 201 812 (2024)."
    assert change_sentence(change, ("201,996", "201,812"), "en") == "Fell from 201,996 (2022) to 201,812 (2024)."


def test_equal_at_the_shown_decimals_is_unchanged_and_order_does_not_matter():
    change = latest_change([("2024", 80.64), ("2023", 80.61)], decimals=1)
    assert change is not None and change.direction == "flat" and change.arrow == "→"
    assert change_sentence(change, ("80,6", "80,6"), "sv") == "Oförändrat, 80,6, från 2023 till 2024."
    rising = latest_change([("2023", 86.9), ("2024", 87.14)], decimals=1)
    assert rising is not None and rising.direction == "up" and round(rising.change, 2) == 0.24


def test_fewer_than_two_values_give_none():
    assert latest_change([("2024", 1.0), ("2023", None)]) is None
    assert latest_change([]) is None


def test_growth_between_areas_by_hand():
    from styrkedja.analytics.change import growth_between

    base = {"07": 189_128.0, "01": 2_163_042.0, "03": None, "08": 0.0}
    end = {"07": 203_351.0, "01": 2_454_821.0, "03": 400_000.0, "08": 5.0}
    got = growth_between(base, end, "percent")
    assert round(got["07"], 4) == round((203_351 / 189_128 - 1) * 100, 4) == 7.5203  # the demo's stored 7.52
    assert round(got["01"], 4) == 13.4893
    assert got["03"] is None and got["08"] is None  # missing base; no positive base for a percent growth
    assert growth_between({"07": 79.2}, {"07": 80.6}, "pp") == {"07": 80.6 - 79.2}
