"""Kolada v3 client: next_url pagination and ≤25-id chunking (no network)."""

from __future__ import annotations

import json

import httpx
import pytest

from styrkedja.connectors import sources
from styrkedja.connectors.kolada import KoladaClient

from .conftest import RECORDED
from .helpers import client, json_response

BASE = "https://api.kolada.se/v3"


def row(kpi: str, m: str, year: int, value: float) -> dict[str, object]:
    return {"kpi": kpi, "municipality": m, "period": year,
            "values": [{"gender": "T", "count": 1, "status": "", "value": value}]}  # fmt: skip


def test_follows_next_url_until_empty() -> None:
    pages = {
        f"{BASE}/data/kpi/N01951/municipality/0007/year/2023,2024": {
            "values": [row("N01951", "0007", 2023, 202000.0)], "next_url": f"{BASE}/data/page2"},
        f"{BASE}/data/page2": {"values": [row("N01951", "0007", 2024, 203000.0)], "next_url": ""},
    }  # fmt: skip
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return json_response(json.dumps(pages[str(request.url)]))

    kc = KoladaClient(http=client(handler))
    parsed = kc.data(["N01951"], ["07"], [2023, 2024])
    assert seen == list(pages)
    assert [(r.area, r.period, r.value) for r in parsed.records] == [("07", "2023", 202000.0), ("07", "2024", 203000.0)]
    assert parsed.provenance.source == "kolada" and parsed.provenance.notes == ("Källa: Kolada",)


def test_chunks_of_25_ids_per_segment() -> None:
    kc = KoladaClient(http=client(lambda r: json_response('{"values": []}')))
    areas = [f"07{i:02d}" for i in range(60)]  # 60 ids -> 25 + 25 + 10
    urls = kc.data_urls(["N01951"], areas, [2024])
    assert len(urls) == 3
    segments = [u.split("/municipality/")[1].split("/year/")[0].split(",") for u in urls]
    assert [len(s) for s in segments] == [25, 25, 10]
    assert [a for s in segments for a in s] == areas
    kpis = [f"N{i:05d}" for i in range(26)]
    assert len(kc.data_urls(kpis, ["07"], [2024])) == 2
    assert kc.data_urls(["N01951"], ["00", "07"], None) == [f"{BASE}/data/kpi/N01951/municipality/0000,0007"]
    with pytest.raises(ValueError, match="two of the three"):
        kc.data_urls(["N01951"])


def test_deleted_rows_dropped_and_counted_across_pages() -> None:
    deleted = {**row("N01951", "0780", 2022, 1.0), "isdeleted": True}
    body = {"values": [row("N01951", "0780", 2023, 97000.0), deleted], "next_url": None}
    kc = KoladaClient(http=client(lambda r: json_response(json.dumps(body))))
    parsed = kc.data(["N01951"], ["0780"], [2022, 2023])
    assert [r.period for r in parsed.records] == ["2023"] and parsed.dropped == 1


def test_kpis_and_fetch_spec() -> None:
    kpi = (RECORDED / "kolada_v3_kpi_RECONSTRUCTED.json").read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v3/kpi"):
            return json_response(kpi)
        return json_response(json.dumps({"values": [row("N01951", "0007", 2024, 203000.0)]}))

    http = client(handler)
    assert [k.id for k in KoladaClient(http=http).kpis()] == ["N01951", "N02267", "N03701"]
    parsed = sources.fetch(
        {"kind": "kolada", "kpi": "N01951", "areas": ["07"], "years": [2024]},
        client_factory=sources.default_factory(http),
    )
    assert parsed.records[0].value == 203000.0


def test_fetch_spec_as_the_docs_write_it_asks_for_riket_and_the_counties_and_scales() -> None:
    """`{kind: kolada, kpi: N07540, scale: 0.01}` (docs/strategy-file.md): no areas or years given."""
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        return json_response(json.dumps({"values": [row("N07540", "0007", 2024, 12345.0)]}))

    parsed = sources.fetch({"kind": "kolada", "kpi": "N07540", "scale": 0.01},
                           client_factory=sources.default_factory(client(handler)))  # fmt: skip
    assert asked == ["/v3/data/kpi/N07540/municipality/" + ",".join(
        ["0000", "0001", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0012", "0013", "0014",
         "0017", "0018", "0019", "0020", "0021", "0022", "0023", "0024", "0025"])]  # fmt: skip
    assert [(r.area, r.value) for r in parsed.records] == [("07", pytest.approx(123.45))]
    assert "values multiplied by 0.01" in parsed.provenance.notes


def test_fetch_spec_without_a_kpi_is_refused_naming_the_key() -> None:
    with pytest.raises(ValueError, match="needs 'kpi'"):
        sources.fetch({"kind": "kolada"}, client_factory=sources.default_factory(client(lambda r: json_response("{}"))))
