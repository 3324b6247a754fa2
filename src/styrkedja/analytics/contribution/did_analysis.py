"""A project's difference-in-differences as the product runs it: rows in, a JSON-ready result out.

Input rows (from project reports or an uploaded CSV): unit, group (1/treated/deltagare for the
project's units, 0/comparison/jamforelse for the comparison group), period, value and optionally
cluster (default: the unit). Before = periods before `start`; each unit's value per wave is its
mean over that wave's periods. Errors name the row and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from styrkedja.analytics.contribution.did import two_by_two
from styrkedja.analytics.contribution.did_regression import event_study, regression
from styrkedja.analytics.contribution.errors import ContributionInputError

TREATED_WORDS = {"1", "treated", "deltagare", "projekt", "project"}
COMPARISON_WORDS = {"0", "comparison", "jamforelse", "jämförelse", "control", "kontroll"}


@dataclass(frozen=True)
class Row:
    unit: str
    treated: bool
    period: int
    value: float | None
    cluster: str


def parse_rows(rows: Iterable[Mapping[str, str]], source: str) -> list[Row]:
    """Rows of a CSV (header unit, group, period, value[, cluster]); the first data row is row 2."""
    out = []
    for number, raw in enumerate(rows, start=2):
        where = f"{source}, row {number}"

        def cell(column: str, raw: Mapping[str, str] = raw, where: str = where) -> str:
            value = (raw.get(column) or "").strip()
            if not value and column != "value":
                raise ContributionInputError(column, f"{where}: empty; a value is needed")
            return value

        group = cell("group").lower()
        if group not in TREATED_WORDS | COMPARISON_WORDS:
            raise ContributionInputError("group", f"{where}: {group!r}; expected 1/treated or 0/comparison")
        try:
            period = int(cell("period"))
        except ValueError:
            raise ContributionInputError("period", f"{where}: {raw.get('period')!r} is not a year") from None
        text = cell("value").replace(",", ".")
        try:
            value = float(text) if text else None
        except ValueError:
            raise ContributionInputError("value", f"{where}: {raw.get('value')!r} is not a number") from None
        unit = cell("unit")
        out.append(Row(unit, group in TREATED_WORDS, period, value, (raw.get("cluster") or "").strip() or unit))
    if not out:
        raise ContributionInputError("file", f"{source}: no data rows")
    return out


def _wave_means(rows: list[Row], start: int) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    units = list(dict.fromkeys(r.unit for r in rows))
    index = {u: i for i, u in enumerate(units)}
    sums = np.zeros((len(units), 2))
    counts = np.zeros((len(units), 2))
    treated = np.zeros(len(units), dtype=bool)
    for r in rows:
        treated[index[r.unit]] = r.treated
        if r.value is not None:
            wave = int(r.period >= start)
            sums[index[r.unit], wave] += r.value
            counts[index[r.unit], wave] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return units, means[:, 0], means[:, 1], treated


def analyse_did(rows: list[Row], start: int) -> dict[str, Any]:
    """2x2, regression with clustered SEs and (with several periods) the event study and pre-trend test."""
    periods = sorted({r.period for r in rows})
    if not any(p < start for p in periods) or not any(p >= start for p in periods):
        raise ContributionInputError("start", f"{start}: needs periods before and from it; the data have {periods}")
    _, before, after, treated = _wave_means(rows, start)
    table = two_by_two(before, after, treated)
    y = np.array([np.nan if r.value is None else r.value for r in rows])
    t = np.array([float(r.treated) for r in rows])
    post = np.array([float(r.period >= start) for r in rows])
    clusters = [r.cluster for r in rows]
    result: dict[str, Any] = {
        "start": start,
        "periods": periods,
        "two_by_two": asdict(table),
        "regression": asdict(regression(y, t, post, clusters)),
        "units": {"treated": int(treated.sum()), "comparison": int((~treated).sum())},
        "event_study": None,
    }
    if len(periods) > 2:
        study = event_study(y, t, [r.period for r in rows], start, clusters)
        result["event_study"] = {
            "periods": list(study.periods),
            "reference": study.reference,
            "effects": [float(e) for e in study.effects],
            "ses": [float(s) for s in study.ses],
            "pretrend_p_value": study.pretrend_p_value,
        }
    return result
