"""Goal statuses combined: worst of the targets, counts worst first (checked by hand)."""

from styrkedja.analytics.rollup import changed, counts_worst_first, worst_status


def test_a_goal_is_as_bad_as_its_worst_target():
    assert worst_status(["met", "on_track"]) == "on_track"
    assert worst_status(["on_track", "at_risk", "met"]) == "at_risk"
    assert worst_status(["at_risk", "off_track"]) == "off_track"
    assert worst_status(["improving", "worsening"]) == "worsening"


def test_missing_is_unknown_not_bad():
    assert worst_status([]) == "no_data"
    assert worst_status(["no_data", "no_data"]) == "no_data"
    assert worst_status(["no_data", "on_track"]) == "on_track"


def test_counts_are_listed_worst_first_with_no_data_last():
    statuses = ["on_track", "no_data", "off_track", "on_track", "at_risk", "no_data", "met"]
    assert counts_worst_first(statuses) == [("off_track", 1), ("at_risk", 1), ("on_track", 2), ("met", 1),
                                            ("no_data", 2)]  # fmt: skip
    assert sum(n for _s, n in counts_worst_first(statuses)) == len(statuses)


def test_changed_compares_two_rounds():
    assert changed("at_risk", "off_track") and changed(None, "on_track")
    assert not changed("on_track", "on_track")
