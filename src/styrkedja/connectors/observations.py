"""Observation keys and the duplicate rule shared by every connector.

An observation is identified by (series, area, period, breakdown). Sources that
publish overlapping vintages repeat rows; an identical repeat is harmless and
is dropped (and counted), but the same key with a different value means the
file contradicts itself, and that is an error naming both places.
"""

from __future__ import annotations

from collections.abc import Iterable

from styrkedja.connectors.base import ObservationRecord, ParseError

_MASK = (1 << 64) - 1


def _key(rec: ObservationRecord) -> int:
    # Two independent 64-bit hashes make one 128-bit key: a collision between
    # different observations is then ~1e-25 at 10 million rows, while an int
    # key costs about a third of the memory of the 4-tuple of strings.
    k = (rec.series, rec.area, rec.period, rec.breakdown)
    return ((hash(k) & _MASK) << 64) | (hash((k, 1)) & _MASK)


def describe(rec: ObservationRecord) -> str:
    return f"series {rec.series!r}, area {rec.area!r}, period {rec.period!r}, breakdown {rec.breakdown!r}"


class DuplicateGuard:
    """Remembers each observation's value; streams at about 100 bytes per observation."""

    def __init__(self) -> None:
        self._seen: dict[int, float | None] = {}
        self.dropped = 0

    def admit(self, rec: ObservationRecord, where: str) -> bool:
        """True for a new observation, False for an identical repeat; raises on a contradiction."""
        key = _key(rec)
        if key not in self._seen:
            self._seen[key] = rec.value
            return True
        earlier = self._seen[key]
        if earlier == rec.value:
            self.dropped += 1
            return False
        raise ParseError(
            where,
            f"the same observation ({describe(rec)}) appears twice with different values: "
            f"{_show(earlier)} earlier, {_show(rec.value)} here",
        )


def _show(value: float | None) -> str:
    return "empty" if value is None else repr(value)


def unique(records: Iterable[ObservationRecord], where: str) -> tuple[list[ObservationRecord], int]:
    """The records without identical repeats, and how many were dropped."""
    guard = DuplicateGuard()
    kept = [r for r in records if guard.admit(r, where)]
    return kept, guard.dropped
