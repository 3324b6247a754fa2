"""SCB's PxWebApi: v2 (statistikdatabasen.scb.se/api/v2) and v1 (api.scb.se/OV0104/v1).

Both answer json-stat2, parsed by `jsonstat`. Every data call sends an
explicit selection: v2 silently returns only the table's default selection
when none is sent. Region left out of a selection is eliminated to Riket, so
records without a Region dimension get area "00".
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from styrkedja.connectors.base import ObservationRecord, ParsedData, Provenance
from styrkedja.connectors.cube import Cube, to_records
from styrkedja.connectors.http import Fetched, HttpClient, RateLimiter
from styrkedja.connectors.jsonstat import parse_cube
from styrkedja.connectors.observations import unique
from styrkedja.connectors.selection import Selection, cells, expand, split

V2_BASE = "https://statistikdatabasen.scb.se/api/v2"
V1_BASE = "https://api.scb.se/OV0104/v1/doris"
MAX_CELLS = 150_000  # SCB's maxDataCells; /config can say otherwise
SCB_CALLS, SCB_WINDOW = 30, 10.0


@dataclass(frozen=True, slots=True)
class Variable:
    code: str
    label: str
    codes: tuple[str, ...]
    eliminable: bool
    is_time: bool


@dataclass(frozen=True, slots=True)
class TableMetadata:
    table: str
    label: str
    variables: dict[str, Variable]
    notes: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def time_variable(self) -> str | None:
        return next((v.code for v in self.variables.values() if v.is_time), None)


def metadata_from_jsonstat(doc: dict[str, Any], table: str) -> TableMetadata:
    """v2 `/tables/{id}/metadata` is json-stat2 without `value`."""
    shell = {**doc, "value": {}}  # sparse and empty: reuse the dataset parser
    cube = parse_cube(shell, f"metadata {table}")
    variables = {}
    for d in cube.dimensions:
        ext = (doc.get("dimension", {}).get(d.id) or {}).get("extension") or {}
        variables[d.id] = Variable(d.id, d.label, d.codes, bool(ext.get("elimination")), d.role == "time")
    return TableMetadata(cube.table or table, str(doc.get("label") or ""), variables, cube.notes, doc)


def _merge(parts: list[tuple[Fetched, Cube]], where: str, default_area: str) -> tuple[list[ObservationRecord], int]:
    records: list[ObservationRecord] = []
    for _, cube in parts:
        records.extend(to_records(cube, default_area=default_area))
    return unique(records, where)


def _checksum(parts: list[tuple[Fetched, Cube]]) -> str:
    if len(parts) == 1:
        return hashlib.sha256(parts[0][0].content).hexdigest()
    h = hashlib.sha256()
    for fetched, _ in parts:  # chunk order is deterministic, so is the sum
        h.update(hashlib.sha256(fetched.content).digest())
    return h.hexdigest()


def _result(
    parts: list[tuple[Fetched, Cube]], location: str, table: str, query: dict[str, Any], default_area: str
) -> ParsedData:
    records, dropped = _merge(parts, location, default_area)
    first = parts[0][1]
    return ParsedData(
        records=records,
        provenance=Provenance(
            source="scb",
            location=location,
            table=first.table or table,
            query=query,
            retrieved_at=min(f.retrieved_at for f, _ in parts),
            checksum=_checksum(parts),
            notes=first.notes,
            format="jsonstat",
        ),
        dropped=dropped,
        warnings=(f"split into {len(parts)} requests (cell limit)",) if len(parts) > 1 else (),
    )


class PxWebV2Client:
    def __init__(
        self,
        base_url: str = V2_BASE,
        *,
        http: HttpClient | None = None,
        lang: str = "sv",
        read_config: bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = http or HttpClient(limiter=RateLimiter(SCB_CALLS, SCB_WINDOW))
        self.lang = lang
        self.max_cells = MAX_CELLS
        self._read_config = read_config
        self._config: dict[str, Any] | None = None
        self._meta: dict[str, TableMetadata] = {}

    def config(self) -> dict[str, Any]:
        """`/config`; sets the cell limit and the rate limiter from it."""
        if self._config is None:
            cfg = self.http.get_json(f"{self.base_url}/config").data
            self._config = cfg if isinstance(cfg, dict) else {}
            self.max_cells = int(self._config.get("maxDataCells") or MAX_CELLS)
            calls = int(self._config.get("maxCallsPerTimeWindow") or SCB_CALLS)
            window = float(self._config.get("timeWindow") or SCB_WINDOW)
            self.http.limiter.calls, self.http.limiter.period = calls, window
        return self._config

    def search_tables(self, query: str, *, page_size: int = 100) -> list[dict[str, Any]]:
        doc = self.http.get_json(
            f"{self.base_url}/tables", {"query": query, "lang": self.lang, "pageSize": str(page_size)}
        ).data
        tables = doc.get("tables") if isinstance(doc, dict) else None
        return list(tables or [])

    def metadata(self, table_id: str) -> TableMetadata:
        if table_id not in self._meta:
            doc = self.http.get_json(f"{self.base_url}/tables/{table_id}/metadata", {"lang": self.lang}).data
            self._meta[table_id] = metadata_from_jsonstat(doc, table_id)
        return self._meta[table_id]

    def plan(
        self, table_id: str, selection: Mapping[str, Sequence[str]], codelists: Mapping[str, str] | None = None
    ) -> list[Selection]:
        """The selection expanded against the metadata and split under the cell limit."""
        if self._read_config:
            self.config()
        meta = self.metadata(table_id)
        codelists = codelists or {}
        unknown = [v for v in selection if v not in meta.variables]
        if unknown:
            raise ValueError(f"{table_id}: no variable(s) {unknown}; the table has {list(meta.variables)}")
        missing = [v.code for v in meta.variables.values() if v.code not in selection and not v.eliminable]
        if missing:
            raise ValueError(f"{table_id}: variable(s) {missing} cannot be eliminated; select codes for them")
        expanded: Selection = {}
        for var, exprs in selection.items():
            if var in codelists:  # codes of a codelist are not in the metadata: sent as given
                expanded[var] = list(exprs)
            else:
                expanded[var] = expand(exprs, meta.variables[var].codes)
            if not expanded[var]:
                raise ValueError(f"{table_id}: the selection for {var!r} matches no code")
        return split(expanded, self.max_cells, meta.time_variable)

    def data(
        self,
        table_id: str,
        selection: Mapping[str, Sequence[str]],
        codelists: Mapping[str, str] | None = None,
        *,
        default_area: str = "00",
    ) -> ParsedData:
        """POST /tables/{id}/data with an explicit selection, split under maxDataCells."""
        chunks = self.plan(table_id, selection, codelists)
        url = f"{self.base_url}/tables/{table_id}/data"
        params = {"outputFormat": "json-stat2", "lang": self.lang}
        parts = []
        for chunk in chunks:
            body = {
                "selection": [
                    {
                        "variableCode": v,
                        "valueCodes": codes,
                        **({"codelist": codelists[v]} if codelists and v in codelists else {}),
                    }
                    for v, codes in chunk.items()
                ]
            }
            fetched = self.http.post_json(url, body, params)
            parts.append((fetched, parse_cube(fetched.data, fetched.url)))
        query = {
            "selection": {k: list(v) for k, v in selection.items()},
            "codelists": dict(codelists or {}),
            "cells": sum(cells(c) for c in chunks),
        }
        return _result(parts, url, table_id, query, default_area)


class PxWebV1Client:
    """v1: POST {"query": [...], "response": {"format": "json-stat2"}} to a table path."""

    def __init__(self, base_url: str = V1_BASE, *, http: HttpClient | None = None, lang: str = "sv") -> None:
        self.base_url = base_url.rstrip("/")
        self.http = http or HttpClient(limiter=RateLimiter(SCB_CALLS, SCB_WINDOW))
        self.lang = lang
        self.max_cells = MAX_CELLS

    def table_url(self, path: str) -> str:
        return f"{self.base_url}/{self.lang}/ssd/{path.strip('/')}"

    def metadata(self, path: str) -> dict[str, Any]:
        doc = self.http.get_json(self.table_url(path)).data
        return doc if isinstance(doc, dict) else {}

    def data(
        self,
        path: str,
        selection: Mapping[str, Sequence[str]],
        *,
        filters: Mapping[str, str] | None = None,
        default_area: str = "00",
    ) -> ParsedData:
        """`selection` maps variable -> codes (filter "item" unless `filters` says "top", "vs:…", "agg:…").

        Only all-`item` selections can be counted and split under the cell limit.
        """
        filters = filters or {}
        url = self.table_url(path)
        countable = all(filters.get(v, "item") == "item" for v in selection)
        chunks = (
            split({k: list(v) for k, v in selection.items()}, self.max_cells, "Tid") if countable else [dict(selection)]
        )
        parts = []
        for chunk in chunks:
            body = {
                "query": [
                    {"code": v, "selection": {"filter": filters.get(v, "item"), "values": list(codes)}}
                    for v, codes in chunk.items()
                ],
                "response": {"format": "json-stat2"},
            }
            fetched = self.http.post_json(url, body)
            parts.append((fetched, parse_cube(fetched.data, fetched.url)))
        query = {"selection": {k: list(v) for k, v in selection.items()}, "filters": dict(filters)}
        return _result(parts, url, path.rsplit("/", 1)[-1], query, default_area)
