"""`learn_scales` tallies the scores on the factor grid instead of keeping them; it must give exactly
the scales of the plain path (`drift_scores` of every matrix, pooled, then `scales_from_scores`)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from styrkedja.analytics import conformal as cf
from styrkedja.analytics import forecast as fc


def plain(series: dict[str, list[tuple[np.ndarray, np.ndarray]]], relative: bool) -> dict[str, cf.Scale]:
    prep = cf.relative_to_mean if relative else (lambda z: z)
    scores = {}
    for fam, parts in series.items():
        frames = [cf.drift_scores(prep(z), y) for z, y in parts if not relative or z.shape[0] > 1]
        scores[fam] = pl.concat(frames) if frames else pl.DataFrame(schema=cf._SCHEMA)
    return cf.scales_from_scores(scores)


def panel(rng: np.random.Generator, rows: int, years: np.ndarray, sd: float, gaps: float) -> np.ndarray:
    z = np.cumsum(rng.normal(0.01, sd, size=(rows, years.size)) * rng.uniform(0.5, 2.0, size=(rows, 1)), axis=1)
    z[rng.random(z.shape) < gaps] = np.nan
    z[0, : years.size // 2] = np.nan  # a series that starts late
    return z


@pytest.mark.parametrize("relative", [False, True])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_tallied_scales_equal_the_plain_path(seed: int, relative: bool) -> None:
    rng = np.random.default_rng(seed)
    long, short = np.arange(2000, 2025), np.arange(2012, 2025)
    series = {
        # several matrices on the same years (scored together) and one on other years
        "level": [(panel(rng, 22, long, 0.02, 0.02), long) for _ in range(4)]
        + [(panel(rng, 9, short, 0.03, 0.0), short)],
        "share": [(panel(rng, 290, long, 0.05, 0.05), long), (panel(rng, 1, long, 0.05, 0.0), long)],
        "thin": [(panel(rng, 2, short[-6:], 0.02, 0.0), short[-6:])],  # shrunk or pooled
        "empty": [(np.full((3, 4), np.nan), short[:4])],
    }
    got, want = cf.learn_scales(series, relative=relative), plain(series, relative)
    assert got == want
    assert {s.source for s in got.values()} >= {cf.FAMILY}
    assert any(s.source != cf.FAMILY for s in got.values())


def test_a_family_of_one_horizon_borrows_the_pooled_shape() -> None:
    rng = np.random.default_rng(7)
    years = np.arange(2000, 2025)
    series = {
        "rate": [(panel(rng, 60, years, 0.02, 0.0), years)],
        "short": [(panel(rng, 200, years[-4:], 0.02, 0.0), years[-4:])],
    }
    got = cf.learn_scales(series)
    assert got == plain(series, False)
    assert got["short"].source == cf.SHRUNK and got["short"].n > cf.MIN_ANY


def test_expanding_drift_fits_are_the_window_fits() -> None:
    rng = np.random.default_rng(11)
    years = np.arange(2000, 2020)
    z = panel(rng, 40, years, 0.03, 0.15)
    z[1] = np.nan  # no data at all
    z[2, 5:] = np.nan  # data that stop
    z[3, :15] = np.nan  # data that start late
    fits = list(fc.fit_drift_expanding(z, years))
    assert [j for j, _ in fits] == list(range(2, years.size - 1))
    for j, got in fits:
        want = fc.fit_drift(z[:, : j + 1], years[: j + 1])
        for field in ("last_year", "last", "slope", "sigma", "span", "df", "n_obs"):
            assert np.array_equal(getattr(got, field), getattr(want, field), equal_nan=True), (j, field)
