"""Kolada v3 responses and Kolada JSON files: data, the KPI catalogue and the area list.

Data: `{"values": [{"kpi", "municipality", "period", "values": [{"gender",
"count", "status", "value"}], "isdeleted"?}], "count", "next_url"}`.
Kolada area ids are turned into SCB codes: `0000` -> `00`, `00LL` -> `LL`
(regions), 4-digit municipalities unchanged. Municipality groups (`G…`) are
unweighted means of their members, not areas; they are rejected so a mean is
never stored as if it were a region's figure.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from styrkedja.connectors.base import MISSING, ObservationRecord, ParsedData, ParseError, Provenance
from styrkedja.connectors.codes import PERIOD_HELP, normalise_period, sex_breakdown
from styrkedja.connectors.http import Fetched, HttpClient, RateLimiter
from styrkedja.connectors.jsonstat import load_json
from styrkedja.connectors.observations import unique
from styrkedja.connectors.util import sha256_hex
from styrkedja.data import area_problem, from_kolada_id

# Kolada's terms require this credit next to figures taken from Kolada, and
# forbid it for figures we computed ourselves (see docs/connectors.md).
KOLADA_CREDIT = "Källa: Kolada"


def area_from_kolada(kolada_id: str, where: str) -> str:
    """The SCB area code for a Kolada municipality/region id."""
    kid = kolada_id.strip()
    if kid.upper().startswith("G"):
        raise ParseError(
            where,
            f"{kid!r} is a Kolada municipality group (an unweighted mean of its members), "
            "not an area; fetch the member municipalities or the region instead",
        )
    if kid.upper().startswith("V"):
        raise ParseError(where, f"{kid!r} is a Kolada organisational unit, not an area")
    code = from_kolada_id(kid)
    problem = area_problem(code)
    if problem:
        raise ParseError(where, f"Kolada id {kid!r}: {problem}")
    return code


def kolada_area(scb_code: str) -> str:
    """The Kolada id for an SCB area code (the inverse of `area_from_kolada`)."""
    if scb_code == "00":
        return "0000"
    return "00" + scb_code if len(scb_code) == 2 else scb_code


def is_kolada_data(doc: Any) -> bool:
    vals = doc.get("values") if isinstance(doc, dict) else None
    return isinstance(vals, list) and (not vals or (isinstance(vals[0], dict) and "kpi" in vals[0]))


def iter_data(values: Any, where: str, counter: list[int] | None = None) -> Iterator[ObservationRecord]:
    """Records from the `values` list of a data response; deleted rows are counted in counter[0]."""
    if not isinstance(values, list):
        raise ParseError(where, "'values' must be a list")
    for i, row in enumerate(values):
        place = f"{where}: values[{i}]"
        if not isinstance(row, dict):
            raise ParseError(place, "expected an object")
        kpi = str(row.get("kpi") or "")
        if not kpi:
            raise ParseError(place, "no 'kpi'")
        area = area_from_kolada(str(row.get("municipality") or ""), f"{place}, municipality")
        period = normalise_period(str(row.get("period", "")))
        if period is None:
            raise ParseError(f"{place}, period", f"{PERIOD_HELP}; got {row.get('period')!r}")
        cells = row.get("values")
        if not isinstance(cells, list):
            raise ParseError(place, "'values' must be a list of {gender, value, status, count}")
        deleted = bool(row.get("isdeleted") or row.get("is_deleted"))
        for j, cell in enumerate(cells):
            cplace = f"{place}.values[{j}]"
            if deleted or (isinstance(cell, dict) and (cell.get("isdeleted") or cell.get("is_deleted"))):
                if counter is not None:
                    counter[0] += 1
                continue
            yield _cell(kpi, area, period, cell, cplace)


def _cell(kpi: str, area: str, period: str, cell: Any, place: str) -> ObservationRecord:
    if not isinstance(cell, dict):
        raise ParseError(place, "expected an object")
    raw = cell.get("value")
    if raw is not None and (isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw)):
        raise ParseError(f"{place}, value", f"expected a number or null, got {raw!r}")
    gender = str(cell.get("gender") or "T")
    if gender not in ("T", "K", "M"):
        raise ParseError(f"{place}, gender", f"expected T, K or M, got {gender!r}")
    # Kolada's `status` strings are undocumented: kept verbatim as the symbol;
    # a null value is missing whatever the status says.
    status_text = str(cell.get("status") or "")
    count = cell.get("count")
    return ObservationRecord(
        series=kpi,
        area=area,
        period=period,
        value=None if raw is None else float(raw),
        breakdown=sex_breakdown(gender),
        status=MISSING if raw is None else "final",
        symbol=status_text,
        note="" if count in (None, 1) else f"count={count}",
    )


def parse_data(
    doc: Any, where: str, *, raw: bytes = b"", query: Mapping[str, Any] | None = None, source: str = "kolada"
) -> ParsedData:
    """A data response (or a Kolada JSON file) -> records; deleted rows dropped and counted."""
    if not isinstance(doc, dict) or "values" not in doc:
        raise ParseError(where, "not a Kolada data response (no 'values')")
    counter = [0]
    records, dup = unique(iter_data(doc["values"], where, counter), where)
    kpis = sorted({r.series for r in records})
    return ParsedData(
        records=records,
        provenance=Provenance(
            source=source,
            location=where,
            table=",".join(kpis),
            query=dict(query or {}),
            checksum=sha256_hex(raw) if raw else "",
            notes=(KOLADA_CREDIT,),
            format="kolada",
        ),
        dropped=counter[0] + dup,
        warnings=(f"{counter[0]} deleted row(s) dropped (isdeleted)",) if counter[0] else (),
    )


def parse_file(path: str | Path) -> ParsedData:
    """A Kolada JSON file (a saved data response) -> records."""
    p = Path(path)
    raw = p.read_bytes()
    return parse_data(load_json(raw, str(p)), str(p), raw=raw, source="file")


@dataclass(frozen=True, slots=True)
class Kpi:
    id: str
    title: str
    description: str
    is_divided_by_gender: bool
    municipality_type: str  # K, L or A (both)
    publication_date: str
    prel_publication_date: str
    publ_period: str


def parse_kpis(doc: Any, where: str) -> list[Kpi]:
    """The KPI catalogue (`/kpi`)."""
    out = []
    for i, row in enumerate(_values(doc, where)):
        if not isinstance(row, dict) or not row.get("id"):
            raise ParseError(f"{where}: values[{i}]", "a KPI needs an 'id'")
        out.append(
            Kpi(
                id=str(row["id"]),
                title=str(row.get("title") or ""),
                description=str(row.get("description") or ""),
                is_divided_by_gender=bool(row.get("is_divided_by_gender")),  # v2 sends 0/1
                municipality_type=str(row.get("municipality_type") or ""),
                publication_date=str(row.get("publication_date") or ""),
                prel_publication_date=str(row.get("prel_publication_date") or ""),
                publ_period=str(row.get("publ_period") or ""),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Municipality:
    kolada_id: str
    area: str  # SCB code
    title: str
    type: str  # K (municipality) or L (region/country)


def parse_municipalities(doc: Any, where: str) -> list[Municipality]:
    """The area list (`/municipality`); groups are not in it."""
    out = []
    for i, row in enumerate(_values(doc, where)):
        if not isinstance(row, dict):
            raise ParseError(f"{where}: values[{i}]", "expected an object")
        kid = str(row.get("id") or "")
        out.append(
            Municipality(
                kid,
                area_from_kolada(kid, f"{where}: values[{i}]"),
                str(row.get("title") or ""),
                str(row.get("type") or ""),
            )
        )
    return out


def _values(doc: Any, where: str) -> list[Any]:
    vals = doc.get("values") if isinstance(doc, dict) else None
    if not isinstance(vals, list):
        raise ParseError(where, "not a Kolada response (no 'values' list)")
    return vals


KOLADA_BASE = "https://api.kolada.se/v3"
MAX_IDS = 25  # Kolada v3 refuses longer comma lists in one path segment


def chunks(items: Sequence[str], size: int = MAX_IDS) -> list[list[str]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


class KoladaClient:
    """Kolada v3: `/kpi`, `/municipality` and `/data/kpi/{k}/municipality/{m}/year/{y}`.

    Follows `next_url` (and v2's `next_page`) until it is empty or a page has
    no values. No published rate limit: 5 calls per second to be polite.
    """

    def __init__(self, base_url: str = KOLADA_BASE, *, http: HttpClient | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = http or HttpClient(limiter=RateLimiter(5, 1.0))

    def _pages(self, url: str, params: Mapping[str, str] | None = None) -> Iterator[Fetched]:
        seen: set[str] = set()
        next_url: str | None = url
        first = True
        while next_url and next_url not in seen:
            seen.add(next_url)
            fetched = self.http.get_json(next_url, params if first else None)
            first = False
            yield fetched
            doc = fetched.data
            if not isinstance(doc, dict) or not doc.get("values"):
                return
            nxt = doc.get("next_url") or doc.get("next_page")
            next_url = str(nxt) if nxt else None

    def kpis(self, ids: Sequence[str] | None = None) -> list[Kpi]:
        out: list[Kpi] = []
        groups = chunks(ids) if ids else [[]]
        for group in groups:
            url = f"{self.base_url}/kpi" + (f"/{','.join(group)}" if group else "")
            for page in self._pages(url):
                out.extend(parse_kpis(page.data, page.url))
        return out

    def municipalities(self) -> list[Municipality]:
        out: list[Municipality] = []
        for page in self._pages(f"{self.base_url}/municipality"):
            out.extend(parse_municipalities(page.data, page.url))
        return out

    def data_urls(
        self, kpi_ids: Sequence[str], area_ids: Sequence[str] | None = None, years: Sequence[int | str] | None = None
    ) -> list[str]:
        """One URL per combination of ≤25-id chunks; areas are SCB codes, turned into Kolada ids."""
        if not kpi_ids:
            raise ValueError("Kolada data needs at least one KPI id")
        if not area_ids and not years:
            raise ValueError("Kolada data needs areas or years as well as KPIs (two of the three)")
        kolada_ids = [kolada_area(a) for a in area_ids or []]
        urls = []
        for k in chunks(kpi_ids):
            for m in chunks(kolada_ids) if kolada_ids else [[]]:
                for y in chunks([str(y) for y in years]) if years else [[]]:
                    url = f"{self.base_url}/data/kpi/{','.join(k)}"
                    if m:
                        url += f"/municipality/{','.join(m)}"
                    if y:
                        url += f"/year/{','.join(y)}"
                    urls.append(url)
        return urls

    def data(
        self, kpi_ids: Sequence[str], area_ids: Sequence[str] | None = None, years: Sequence[int | str] | None = None
    ) -> ParsedData:
        urls = self.data_urls(kpi_ids, area_ids, years)
        values: list[Any] = []
        digest = hashlib.sha256()
        stamps = []
        for url in urls:
            for page in self._pages(url):
                digest.update(hashlib.sha256(page.content).digest())
                stamps.append(page.retrieved_at)
                if isinstance(page.data, dict):
                    values.extend(page.data.get("values") or [])
        query = {"kpi": list(kpi_ids), "areas": list(area_ids or []), "years": [str(y) for y in years or []]}
        parsed = parse_data({"values": values}, urls[0] if len(urls) == 1 else self.base_url + "/data", query=query)
        prov = Provenance(
            source="kolada",
            location=parsed.provenance.location,
            table=",".join(kpi_ids),
            query=query,
            retrieved_at=min(stamps) if stamps else None,
            checksum=digest.hexdigest(),
            notes=(KOLADA_CREDIT,),
            format="kolada",
        )
        return ParsedData(parsed.records, prov, parsed.dropped, parsed.warnings)
