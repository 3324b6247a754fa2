"""A statistical cube: the common shape of JSON-stat datasets, PX files and PX-JSON.

Parsers fill a `Cube` (dimensions with codes in order, one flat row-major value
list with the last dimension varying fastest, and a status symbol per cell);
`to_records` turns any cube into `ObservationRecord`s with one set of rules, so
SCB v1, v2, JSON-stat files and PX files cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from styrkedja.connectors.base import ObservationRecord, ParsedData, ParseError, Provenance
from styrkedja.connectors.codes import PERIOD_HELP, normalise_period, sex_breakdown
from styrkedja.connectors.observations import unique
from styrkedja.connectors.symbols import NIL, NIL_NOTE, classify
from styrkedja.connectors.util import sha256_hex
from styrkedja.data import area_problem

AREA_NAMES = ("region", "område", "lan", "län", "kommun")
TIME_NAMES = ("tid", "år", "period", "time", "year", "månad", "kvartal", "month", "quarter")
SEX_NAMES = ("kon", "kön", "sex", "gender")
METRIC_NAMES = ("contentscode", "tabellinnehåll")
NO_REGION = (
    "no region dimension (Region or role geo): say which area the whole table is for, "
    "e.g. `styrkedja import-data FILE --area 00` for Riket"
)


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str
    label: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]
    role: str = ""  # "time", "geo", "metric" or ""

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(slots=True)
class Cube:
    """Dense cube. `values[i]` is None for an empty cell; `present` limits a sparse cube."""

    name: str  # for messages: file or URL plus the dataset label or table id
    table: str
    dimensions: list[Dimension]
    values: list[float | None]
    status: dict[int, str] = field(default_factory=dict)
    symbol_notes: dict[str, str] = field(default_factory=dict)  # PX DATASYMBOLn texts
    notes: tuple[str, ...] = ()
    units: dict[str, str] = field(default_factory=dict)  # by metric code, or "" for all
    updated: str = ""
    present: set[int] | None = None
    label: str = ""  # the table's own title (PX CONTENTS, JSON-stat dataset label): names a series without a metric

    @property
    def size(self) -> int:
        return math.prod(len(d) for d in self.dimensions)

    def index_of(self, codes: Mapping[str, str]) -> int:
        """Flat index of the cell with these codes (row-major, last dimension fastest)."""
        idx = 0
        for dim in self.dimensions:
            idx = idx * len(dim) + dim.codes.index(codes[dim.id])
        return idx

    def cell(self, **codes: str) -> tuple[float | None, str]:
        """(value, status symbol) at the given codes; for tests and spot checks."""
        i = self.index_of(codes)
        return self.values[i], self.status.get(i, "")

    def dimension(self, dim_id: str) -> Dimension:
        for dim in self.dimensions:
            if dim.id == dim_id:
                return dim
        raise KeyError(dim_id)


def _find(cube: Cube, role: str, names: Sequence[str]) -> Dimension | None:
    for dim in cube.dimensions:
        if dim.role == role:
            return dim
    for dim in cube.dimensions:
        if dim.id.lower() in names:
            return dim
    return None


@dataclass(frozen=True, slots=True)
class _Plan:
    area: Dimension | None
    time: Dimension
    sex: Dimension | None
    metric: Dimension | None
    extra: tuple[Dimension, ...]  # several categories: they become part of `series`
    fixed: dict[str, str]  # dimension id -> the one code the caller selected


def _plan(
    cube: Cube,
    area_dimension: str | None,
    select: Mapping[str, str],
) -> _Plan:
    def named(dim_id: str) -> Dimension:
        try:
            return cube.dimension(dim_id)
        except KeyError:
            raise ParseError(
                cube.name,
                f"dimension {dim_id!r} not found; the dataset has {[d.id for d in cube.dimensions]}",
            ) from None

    area = named(area_dimension) if area_dimension else _find(cube, "geo", AREA_NAMES)
    time = _find(cube, "time", TIME_NAMES)
    if time is None:
        raise ParseError(cube.name, f"no time dimension (role time or Tid) among {[d.id for d in cube.dimensions]}")
    sex = next((d for d in cube.dimensions if d.id.lower() in SEX_NAMES), None)
    metric = _find(cube, "metric", METRIC_NAMES)
    for dim_id, code in select.items():
        if code not in named(dim_id).codes:
            raise ParseError(cube.name, f"dimension {dim_id!r} has no code {code!r} to select")
    mapped = {d.id for d in (area, time, sex, metric) if d is not None}
    # A dimension with one category says nothing about the cell (e.g. Civilstand
    # "OG" when only that was asked for), so it is left out of the key; with
    # several it must stay in the key or different cells would collide.
    extra = tuple(d for d in cube.dimensions if d.id not in mapped and d.id not in select and len(d) > 1)
    return _Plan(area, time, sex, metric, extra, dict(select))


def to_records(
    cube: Cube,
    *,
    area_dimension: str | None = None,
    default_area: str | None = None,
    series: str | None = None,
    select: Mapping[str, str] | None = None,
    check_areas: bool = True,
) -> Iterator[ObservationRecord]:
    """Records for every present cell of `cube`.

    Area: `area_dimension`, else the geo-role dimension, else one named Region;
    with none, `default_area` (SCB eliminates Region to Riket, so its clients
    pass "00"). Period: the time-role dimension or Tid. Breakdown: Kon/sex
    mapped to T/K/M. Series: the metric dimension's code (ContentsCode), else
    `series`, else the table id; every other dimension with several categories
    is appended as `|dim=code` unless `select` fixes it to one code. Totals are
    never computed: only published cells become records.
    """
    plan = _plan(cube, area_dimension, select or {})
    if plan.area is None and default_area is None:
        raise ParseError(cube.name, NO_REGION)
    if check_areas:
        _check_codes(cube, plan.area, default_area)
    periods = {}
    for code in plan.time.codes:
        norm = normalise_period(code)
        if norm is None:
            raise ParseError(cube.name, f"dimension {plan.time.id!r}, code {code!r}: {PERIOD_HELP}")
        periods[code] = norm
    base_series = series or cube.table or cube.name
    sizes = [len(d) for d in cube.dimensions]
    strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]
    pos = {d.id: i for i, d in enumerate(cube.dimensions)}
    fixed_ok = {pos[k]: cube.dimension(k).codes.index(v) for k, v in plan.fixed.items()}
    indices = range(cube.size) if cube.present is None else sorted(cube.present)
    for flat in indices:
        coords = [(flat // strides[i]) % sizes[i] for i in range(len(sizes))]
        if any(coords[p] != c for p, c in fixed_ok.items()):
            continue
        codes = {d.id: d.codes[coords[i]] for i, d in enumerate(cube.dimensions)}
        metric_code = codes[plan.metric.id] if plan.metric else base_series
        key = metric_code + "".join(f"|{d.id}={codes[d.id]}" for d in plan.extra)
        symbol = cube.status.get(flat, "")
        value, status = classify(cube.values[flat], symbol)
        note = cube.symbol_notes.get(symbol, "")
        if symbol == NIL and cube.values[flat] is None:
            note = NIL_NOTE
        yield ObservationRecord(
            series=key,
            area=codes[plan.area.id] if plan.area else str(default_area),
            period=periods[codes[plan.time.id]],
            value=value,
            breakdown=sex_breakdown(codes[plan.sex.id]) if plan.sex else "T",
            status=status,
            symbol=symbol,
            note=note,
            unit=cube.units.get(metric_code, cube.units.get("", "")),
        )


def _check_codes(cube: Cube, area: Dimension | None, default_area: str | None) -> None:
    codes = area.codes if area else (str(default_area),)
    for code in codes:
        problem = area_problem(code)
        if problem:
            where = f"dimension {area.id!r}, " if area else "default_area, "
            raise ParseError(cube.name, where + problem)


def parsed_data(
    cube: Cube,
    raw: bytes,
    where: str,
    fmt: str,
    *,
    source: str = "file",
    query: Mapping[str, Any] | None = None,
    duplicates_where: str | None = None,
    **mapping: Any,
) -> ParsedData:
    """The shared tail of every cube format (JSON-stat, PX, PX-JSON): records, duplicates, provenance."""
    records, dropped = unique(to_records(cube, **mapping), duplicates_where or where)
    provenance = Provenance(
        source=source,
        location=where,
        table=cube.table,
        query=dict(query or {}),
        checksum=sha256_hex(raw),
        notes=cube.notes,
        format=fmt,
    )
    labels = {key: series_label(cube, key) for key in {r.series for r in records}}
    return ParsedData(records=records, provenance=provenance, dropped=dropped, series_labels=labels)


def series_label(cube: Cube, key: str) -> str:
    """The publisher's words for a series key (`CODE|dim=code...`): the metric's label, then each extra
    dimension's label and category label ("Folkmängd, ålder: 0 år"); the key itself where a code has none."""
    code, *extras = key.split("|")
    metric = _find(cube, "metric", METRIC_NAMES)
    words = [_category_label(metric, code) if metric else (cube.label or code)]
    for part in extras:
        dim_id, _, cat = part.partition("=")
        try:
            dim = cube.dimension(dim_id)
        except KeyError:
            words.append(part)
            continue
        words.append(f"{dim.label.lower()}: {_category_label(dim, cat)}")
    return ", ".join(words)


def _category_label(dim: Dimension, code: str) -> str:
    return dim.labels[dim.codes.index(code)] if code in dim.codes else code
