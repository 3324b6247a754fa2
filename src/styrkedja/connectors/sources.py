"""One entry point per use: `fetch(spec)` for an indicator's source spec, `read_file(path)` for uploads.

Source specs (stored on the indicator):
  {"kind": "scb", "api": "v2", "table": "TAB638", "selection": {"Region": ["07"], "Tid": ["TOP(5)"]},
   "contents": "BE0101N1", "codelists": {"Region": "vs_RegionLän07"}}
  {"kind": "scb", "api": "v1", "path": "BE/BE0101/BE0101A/BefolkningNy", "selection": {...},
   "filters": {"Tid": "top"}}
  {"kind": "kolada", "kpi": "N01951" | ["N01951", ...], "areas": ["07", "0780"], "years": [2023, 2024],
   "scale": 0.01}   (areas default to Riket and the 21 counties, all years; scale multiplies every value)
  {"kind": "file", "path": "data.csv", "format": "csv" | "jsonstat" | "kolada" | "px" | "xlsx" | "pxjson"}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from styrkedja.connectors import jsonstat, kolada, px, pxjson, tidycsv
from styrkedja.connectors.base import ParsedData, ParseError
from styrkedja.connectors.http import HttpClient
from styrkedja.connectors.jsonstat import load_json
from styrkedja.connectors.kolada import KoladaClient
from styrkedja.connectors.scb import PxWebV1Client, PxWebV2Client
from styrkedja.data import COUNTY_CODES, RIKET

Client = PxWebV2Client | PxWebV1Client | KoladaClient
ClientFactory = Callable[[str], Client]  # "scb-v2", "scb-v1" or "kolada" -> a client

FORMATS = ("csv", "jsonstat", "kolada", "pxjson", "px", "xlsx")
_BY_SUFFIX = {".json": "json", ".csv": "csv", ".txt": "csv", ".px": "px", ".xlsx": "xlsx", ".xlsm": "xlsx"}


def default_factory(http: HttpClient | None = None) -> ClientFactory:
    def make(kind: str) -> Client:
        if kind == "scb-v2":
            return PxWebV2Client(http=http)
        if kind == "scb-v1":
            return PxWebV1Client(http=http)
        if kind == "kolada":
            return KoladaClient(http=http)
        raise ValueError(f"unknown client kind {kind!r}")

    return make


def fetch(spec: Mapping[str, Any], *, client_factory: ClientFactory | None = None) -> ParsedData:
    """Records for a source spec; raises ValueError for a bad spec, FetchError/ParseError otherwise."""
    make = client_factory or default_factory()
    kind = spec.get("kind")
    if kind == "scb":
        selection: dict[str, list[str]] = {k: list(v) for k, v in (spec.get("selection") or {}).items()}
        if spec.get("contents") and "ContentsCode" not in selection:
            selection["ContentsCode"] = [str(spec["contents"])]
        if spec.get("api", "v2") == "v2":
            table = str(_need(spec, "table"))
            client = make("scb-v2")
            assert isinstance(client, PxWebV2Client)
            return client.data(table, selection, spec.get("codelists"))
        path = str(_need(spec, "path"))
        client1 = make("scb-v1")
        assert isinstance(client1, PxWebV1Client)
        return client1.data(path, selection, filters=spec.get("filters"))
    if kind == "kolada":
        kpis = spec.get("kpi") or spec.get("kpis")
        kpi_ids = [kpis] if isinstance(kpis, str) else list(kpis or [])
        if not kpi_ids:
            raise ValueError(f"source spec {dict(spec)!r} needs 'kpi' (a Kolada KPI id such as N01982)")
        client2 = make("kolada")
        assert isinstance(client2, KoladaClient)
        areas = spec.get("areas")
        if not areas and not spec.get("years"):
            areas = [RIKET, *COUNTY_CODES]  # Kolada wants areas or years: a region's usual comparison
        return _scaled(client2.data(kpi_ids, areas, spec.get("years")), spec.get("scale"))
    if kind == "file":
        return read_file(_need(spec, "path"), spec.get("format"))
    raise ValueError(f"unknown source kind {kind!r}: expected scb, kolada or file")


def _scaled(parsed: ParsedData, scale: Any) -> ParsedData:
    """Every value times `scale` (e.g. 0.01: per 100 000 inhabitants to per 1000); None leaves them."""
    if scale is None:
        return parsed
    factor = float(scale)
    records = [dataclasses.replace(r, value=None if r.value is None else r.value * factor) for r in parsed.records]
    notes = (*parsed.provenance.notes, f"values multiplied by {factor:g}")
    return dataclasses.replace(parsed, records=records, provenance=dataclasses.replace(parsed.provenance, notes=notes))


def _need(spec: Mapping[str, Any], key: str) -> Any:
    """A required key of a source spec; a ValueError (not KeyError) names what is missing."""
    if key not in spec or spec[key] in (None, ""):
        raise ValueError(f"source spec {dict(spec)!r} needs {key!r}")
    return spec[key]


def sniff(path: Path, raw_head: bytes) -> str:
    """The format of a file from its extension, else from its first bytes."""
    if path.suffix.lower() in _BY_SUFFIX:
        return _BY_SUFFIX[path.suffix.lower()]
    head = raw_head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK"):
        return "xlsx"
    if head.startswith((b"{", b"[")):
        return "json"
    if b"DATA=" in raw_head or head.startswith((b"CHARSET", b"AXIS-VERSION", b"LANGUAGE")):
        return "px"
    return "csv"


def read_file(path: str | Path, format: str | None = None, **options: Any) -> ParsedData:
    """Parse an uploaded or saved statistics file; `options` go to the format's parser.

    JSON is told apart by shape: Kolada (`values` with `kpi`), PX-JSON
    (`columns`/`data`) or JSON-stat.
    """
    p = Path(path)
    raw = p.read_bytes()
    fmt = format or sniff(p, raw[:4096])
    if fmt not in (*FORMATS, "json"):
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return tidycsv.read_csv(p, **options)
    if fmt == "px":
        return px.parse(raw, str(p), **options)
    if fmt == "xlsx":
        from styrkedja.connectors.xlsx import read_workbook  # openpyxl is loaded only for workbooks

        return read_workbook(p)
    doc = load_json(raw, str(p))
    if fmt == "kolada" or (fmt == "json" and kolada.is_kolada_data(doc)):
        return kolada.parse_data(doc, str(p), raw=raw, source="file")
    if fmt == "pxjson" or (fmt == "json" and pxjson.is_pxjson(doc)):
        return pxjson.parse(raw, str(p), **options)
    if not isinstance(doc, dict):
        raise ParseError(str(p), "expected a JSON object (JSON-stat, Kolada or PX-JSON)")
    return jsonstat.parse(raw, str(p), **options)
