"""Synthetic control: hand-computed cases, properties, placebos, warnings and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styrkedja.analytics.contribution import checks, placebo
from styrkedja.analytics.contribution.errors import ContributionInputError
from styrkedja.analytics.contribution.panel import Panel, panel_from_long
from styrkedja.analytics.contribution.simplex import simplex_weights
from styrkedja.analytics.contribution.synthetic_control import Design, Predictor, fit

YEARS = tuple(range(2005, 2021))


def donor_panel(seed: int = 1, n_donors: int = 6) -> Panel:
    rng = np.random.default_rng(seed)
    t = np.arange(len(YEARS), dtype=float)
    donors = np.vstack([100 + 5 * i + (1 + 0.3 * i) * t + rng.normal(0, 0.5, t.size) for i in range(n_donors)])
    units = tuple(f"D{i}" for i in range(n_donors))
    return Panel(units, YEARS, donors)


def with_region(panel: Panel, region: np.ndarray) -> Panel:
    return Panel(("R", *panel.units), panel.years, np.vstack([region, panel.outcome]))


def test_identical_donor_gets_weight_one():
    base = donor_panel()
    panel = with_region(base, base.outcome[3].copy())
    result = fit(panel, Design("R", base.units, 2015))
    assert result.weights[3] == pytest.approx(1.0, abs=1e-6)
    assert result.pre_rmspe == pytest.approx(0.0, abs=1e-6)


def test_known_mixture_is_recovered_and_the_effect_measured():
    # Region = 0.25 D1 + 0.75 D4 before 2015, then 3 units higher: weights, gap and ratio by hand.
    base = donor_panel()
    region = 0.25 * base.outcome[1] + 0.75 * base.outcome[4]
    region[np.array(YEARS) >= 2015] += 3.0
    result = fit(with_region(base, region), Design("R", base.units, 2015))
    assert result.donor_weights(1e-4) == pytest.approx({"D1": 0.25, "D4": 0.75}, abs=1e-5)
    assert result.mean_post_gap == pytest.approx(3.0, abs=1e-4)
    assert result.post_rmspe == pytest.approx(3.0, abs=1e-4)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0.01, 1.0), min_size=6, max_size=6))
def test_simplex_solution_is_feasible_and_beats_every_vertex(raw):
    rng = np.random.default_rng(len(raw))
    donors = rng.normal(10, 3, size=(8, 6))
    target = donors @ (np.array(raw) / sum(raw)) + rng.normal(0, 0.5, 8)
    w = simplex_weights(target, donors)
    assert w.min() >= 0 and w.sum() == pytest.approx(1.0, abs=1e-9)
    loss = np.sum((target - donors @ w) ** 2)
    for j in range(6):  # no single donor (a vertex of the simplex) fits better
        assert loss <= np.sum((target - donors[:, j]) ** 2) + 1e-9


def test_placebo_p_value_counts_the_area_itself():
    base = donor_panel(seed=2)
    region = base.outcome[:3].mean(axis=0) + 1.0
    region[np.array(YEARS) >= 2015] += 25.0  # a large effect no placebo shows
    panel = with_region(base, region)
    result = fit(panel, Design("R", base.units, 2015))
    space = placebo.in_space(panel, result)
    assert len(space.placebos) == 6
    ratios = [p.ratio for p in space.placebos]
    k = sum(r >= result.rmspe_ratio for r in ratios)
    assert space.p_value == pytest.approx((1 + k) / 7)
    assert space.rank == 1 and space.p_value == pytest.approx(1 / 7)


def test_placebo_in_time_and_leave_one_out():
    base = donor_panel(seed=3)
    region = 0.5 * base.outcome[0] + 0.5 * base.outcome[5]
    panel = with_region(base, region)
    result = fit(panel, Design("R", base.units, 2015))
    early = placebo.in_time(panel, result, 2011)
    assert early.years[-1] == 2014 and early.mean_post_gap == pytest.approx(0.0, abs=1e-4)
    loo = placebo.leave_one_out(panel, result)
    assert set(loo) == {"D0", "D5"}
    assert all("D0" not in f.design.donors for f in [loo["D0"]])
    low, high = placebo.gap_range(loo)
    assert np.all(low <= high)
    with pytest.raises(ContributionInputError, match="placebo_year"):
        placebo.in_time(panel, result, 2016)


def test_region_above_every_donor_is_outside_the_hull():
    base = donor_panel()
    region = base.outcome.max(axis=0) + 10.0
    panel = with_region(base, region)
    result = fit(panel, Design("R", base.units, 2015))
    codes = {w.code for w in checks.warnings_for(panel, result)}
    assert {"outside_hull", "poor_fit"} <= codes
    assert checks.outside_range(panel, result) == [str(y) for y in YEARS if y < 2015]


def test_good_fit_has_no_warnings():
    base = donor_panel()
    panel = with_region(base, 0.5 * base.outcome[2] + 0.5 * base.outcome[3])
    result = fit(panel, Design("R", base.units, 2015))
    assert checks.warnings_for(panel, result) == []


def test_predictor_variant_matches_outcome_variant_on_an_exact_mixture():
    base = donor_panel()
    panel = with_region(base, 0.4 * base.outcome[1] + 0.6 * base.outcome[2])
    predictors = tuple(Predictor("outcome", (y,)) for y in (2006, 2009, 2012, 2014))
    result = fit(panel, Design("R", base.units, 2015, predictors, starts=3))
    assert result.donor_weights(1e-3) == pytest.approx({"D1": 0.4, "D2": 0.6}, abs=1e-3)


@pytest.mark.parametrize(
    ("design", "field", "words"),
    [
        (Design("R", ("D0", "D1", "D2", "D3"), 2015), "donors", "at least 5"),
        (Design("R", ("D0", "D1", "D2", "D3", "D4", "D5"), 2008), "start_year", "at least 5"),
        (Design("R", ("D0", "D1", "D2", "D3", "D4", "D5"), 2030), "start_year", "outside the data"),
        (Design("R", ("D0", "D1", "D2", "D3", "D4", "D5"), 2005), "start_year", "outside the data"),
        (Design("X", ("D0", "D1", "D2", "D3", "D4", "D5"), 2015), "area", "no data"),
        (Design("R", ("D0", "D1", "D2", "D3", "D4", "Q"), 2015), "donors", "no data for Q"),
        (Design("R", ("R", "D1", "D2", "D3", "D4", "D5"), 2015), "donors", "own donor"),
    ],
)
def test_bad_designs_are_named(design, field, words):
    base = donor_panel()
    panel = with_region(base, base.outcome[0] + 1)
    with pytest.raises(ContributionInputError, match=words) as caught:
        fit(panel, design)
    assert caught.value.field == field


def test_missing_value_names_unit_and_year():
    rows = [(u, y, 1.0 + i + 0.1 * (y - 2005)) for i, u in enumerate("RABCDEF") for y in YEARS]
    rows = [r for r in rows if not (r[0] == "C" and r[1] == 2012)]
    panel = panel_from_long(rows)
    assert np.isnan(panel.outcome[panel.row("C"), panel.years.index(2012)])  # missing, not zero
    with pytest.raises(ContributionInputError, match="C has no value for 2012"):
        fit(panel, Design("R", tuple("ABCDEF"), 2015))
