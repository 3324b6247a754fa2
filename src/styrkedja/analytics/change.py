"""A series' latest change: from the last value before the latest to the latest, in words and as an
arrow that cannot contradict the series (the arrow is the series' own direction, never a status).

Gaps are skipped ("fell from 2022 to 2024" when 2023 is missing); values equal at the decimals the
indicator is shown with count as unchanged, so a page never says "rose from 80,6 to 80,6"."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from styrkedja.analytics.targets import growth

UP, DOWN, FLAT = "up", "down", "flat"
ARROWS = {UP: "↗", DOWN: "↘", FLAT: "→"}


@dataclass(frozen=True, slots=True)
class LatestChange:
    from_period: str
    to_period: str
    from_value: float
    to_value: float
    direction: str  # up / down / flat

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]

    @property
    def change(self) -> float:
        return self.to_value - self.from_value


def latest_change(series: Sequence[tuple[str, float | None]], decimals: int = 1) -> LatestChange | None:
    """The change between the last two periods with a value (periods sort as SCB's codes do within one
    frequency); None with fewer than two values."""
    known = sorted((p, v) for p, v in series if v is not None and math.isfinite(v))
    if len(known) < 2:
        return None
    (p0, v0), (p1, v1) = known[-2], known[-1]
    shown = round(v1, max(decimals, 0)) - round(v0, max(decimals, 0))
    direction = FLAT if shown == 0 else (UP if shown > 0 else DOWN)
    return LatestChange(p0, p1, float(v0), float(v1), direction)


def change_sentence(change: LatestChange, value_words: tuple[str, str], language: str) -> str:
    """ "Ökade från 201 000 (2022) till 203 351 (2024)." with the two values already formatted."""
    a, b = value_words
    if language.startswith("en"):
        verb = {UP: "Rose", DOWN: "Fell", FLAT: "Unchanged"}[change.direction]
        if change.direction == FLAT:
            return f"{verb} at {b} from {change.from_period} to {change.to_period}."
        return f"{verb} from {a} ({change.from_period}) to {b} ({change.to_period})."
    verb = {UP: "Ökade", DOWN: "Minskade", FLAT: "Oförändrat"}[change.direction]
    if change.direction == FLAT:
        return f"{verb}, {b}, från {change.from_period} till {change.to_period}."
    return f"{verb} från {a} ({change.from_period}) till {b} ({change.to_period})."


def growth_between(
    base: Mapping[str, float | None], end: Mapping[str, float | None], measure: str
) -> dict[str, float | None]:
    """Each area's growth from its base value to its end value, by the evaluation's own formula
    (`targets.growth`: percent, or percentage points for shares and rates); missing where either value
    is missing or a percent growth has no positive base."""
    out: dict[str, float | None] = {}
    for code in end:
        b, e = base.get(code), end.get(code)
        if b is None or e is None or not math.isfinite(b) or not math.isfinite(e):
            out[code] = None
            continue
        g = float(growth(np.array([b]), np.array([e]), measure)[0])
        out[code] = g if math.isfinite(g) else None
    return out
