"""SCB PxWeb v2 and v1 clients against recorded responses (no network)."""

from __future__ import annotations

import itertools
import json

import httpx
import pytest

from styrkedja.connectors import sources
from styrkedja.connectors.scb import PxWebV1Client, PxWebV2Client, metadata_from_jsonstat
from styrkedja.connectors.selection import expand, split

from .conftest import RECORDED, load
from .helpers import client, json_response

BASE = "https://statistikdatabasen.scb.se/api/v2"


def v2_handler(requests: list[httpx.Request]) -> object:
    config = (RECORDED / "scb_v2_config_rOpenGov.json").read_bytes()
    meta = (RECORDED / "scb_v2_pxwebpy_TAB6471_metadata.json").read_bytes()
    data = (RECORDED / "scb_v2_pxwebpy_TAB6471_data.json").read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        path = request.url.path
        if path.endswith("/config"):
            return json_response(config)
        if path.endswith("/metadata"):
            return json_response(meta)
        if path.endswith("/data"):
            return json_response(data)
        if path.endswith("/tables"):
            return json_response((RECORDED / "scb_v2_pxwebpy_search.json").read_bytes())
        return httpx.Response(404)

    return handler


SELECTION = {
    "Region": ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20",
               "21", "22", "23", "24", "25"],
    "Alder": ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90-99", "100+10"],
    "Kon": ["TotSa", "1", "2"],
    "ContentsCode": ["000007SF"],
    "Tid": ["2026M01", "2026M02", "2026M03", "2026M04"],
}  # fmt: skip


def test_v2_data_posts_explicit_selection_and_parses() -> None:
    requests: list[httpx.Request] = []
    scb = PxWebV2Client(http=client(v2_handler(requests)))  # type: ignore[arg-type]
    parsed = scb.data("TAB6471", SELECTION, codelists={"Alder": "agg_Ålder10årJ"})
    post = requests[-1]
    assert post.method == "POST"
    assert post.url.params["outputFormat"] == "json-stat2"
    body = json.loads(post.content)
    sel = {s["variableCode"]: s["valueCodes"] for s in body["selection"]}
    assert len(sel["Region"]) == 21
    assert sel["Tid"] == SELECTION["Tid"]
    [alder] = [s for s in body["selection"] if s["variableCode"] == "Alder"]
    assert alder["codelist"] == "agg_Ålder10årJ" and len(alder["valueCodes"]) == 11
    assert len(parsed.records) == 2772
    prov = parsed.provenance
    assert (prov.source, prov.table, prov.format) == ("scb", "TAB6471", "jsonstat")
    assert prov.location == f"{BASE}/tables/TAB6471/data"
    assert prov.query["codelists"] == {"Alder": "agg_Ålder10årJ"} and prov.retrieved_at is not None
    assert len(prov.checksum) == 64
    assert scb.http.limiter.calls == 30 and scb.http.limiter.period == 10.0  # from /config


def test_v2_missing_mandatory_variable_is_refused_before_sending() -> None:
    requests: list[httpx.Request] = []
    scb = PxWebV2Client(http=client(v2_handler(requests)))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"\['Alder'\] cannot be eliminated"):
        scb.data("TAB6471", {"ContentsCode": ["000007SF"], "Tid": ["TOP(1)"], "Region": ["07"]})
    assert not any(r.method == "POST" for r in requests)


def test_metadata_fixture() -> None:
    meta = metadata_from_jsonstat(load("scb_v2_pxwebpy_TAB6471_metadata.json"), "TAB6471")
    assert len(meta.variables["Region"].codes) == 312
    assert meta.time_variable == "Tid"
    assert meta.variables["Region"].eliminable and not meta.variables["Alder"].eliminable
    assert len(meta.variables["Tid"].codes) == 16


def test_expand_expressions() -> None:
    tid = [f"2025M{m:02d}" for m in range(1, 13)]
    assert expand(["TOP(3)"], tid) == ["2025M10", "2025M11", "2025M12"]
    assert expand(["TOP(2,1)"], tid) == ["2025M10", "2025M11"]
    assert expand(["BOTTOM(2)"], tid) == ["2025M01", "2025M02"]
    assert expand(["RANGE(2025M03,2025M05)"], tid) == ["2025M03", "2025M04", "2025M05"]
    assert expand(["from(2025M11)"], tid) == ["2025M11", "2025M12"]
    assert expand(["07*", "00"], ["00", "01", "07", "0780", "0781", "08"]) == ["00", "07", "0780", "0781"]
    assert expand(["07??"], ["07", "0780", "0781"]) == ["0780", "0781"]
    with pytest.raises(ValueError, match="'99'"):
        expand(["99"], ["07"])


def test_split_union_equals_request() -> None:
    sel = {
        "Region": [str(i) for i in range(312)],
        "Alder": [str(i) for i in range(101)],
        "Tid": [str(y) for y in range(10)],
    }
    chunks = split(sel, 150_000, "Tid")
    assert len(chunks) > 1
    assert all(len(c["Tid"]) == 10 for c in chunks)  # time is never split
    cells = [set(itertools.product(*c.values())) for c in chunks]
    assert all(len(c) <= 150_000 for c in cells)
    assert set().union(*cells) == set(itertools.product(*sel.values()))
    assert sum(len(c) for c in cells) == 312 * 101 * 10  # disjoint


def test_v2_large_selection_is_split_into_several_posts_and_merged() -> None:
    """Metadata fixture + a selection over 150 000 cells: each POST stays under the limit."""
    meta = load("scb_v2_pxwebpy_TAB6471_metadata.json")
    regions = list(meta["dimension"]["Region"]["category"]["index"])
    tids = list(meta["dimension"]["Tid"]["category"]["index"])[-4:]
    ages = list(meta["dimension"]["Alder"]["category"]["index"])
    sel = {"Region": regions, "Alder": ages, "Kon": ["2"], "ContentsCode": ["000007SF"], "Tid": tids}
    total = len(regions) * len(ages) * len(tids)
    assert total > 150_000, "the fixture must be big enough for this test"
    bodies: list[dict[str, list[str]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/config"):
            return json_response((RECORDED / "scb_v2_config_rOpenGov.json").read_bytes())
        if path.endswith("/metadata"):
            return json_response(json.dumps(meta))
        chosen = {s["variableCode"]: s["valueCodes"] for s in json.loads(request.content)["selection"]}
        bodies.append(chosen)
        return json_response(json.dumps(_dataset(chosen)))

    scb = PxWebV2Client(http=client(handler))
    parsed = scb.data("TAB6471", sel)
    assert len(bodies) > 1
    assert all(len(b["Region"]) * len(b["Alder"]) * len(b["Tid"]) <= 150_000 for b in bodies)
    assert sorted(r for b in bodies for r in b["Region"]) == sorted(regions)
    assert len(parsed.records) == total
    assert "split into" in parsed.warnings[0]


def _dataset(chosen: dict[str, list[str]]) -> dict[str, object]:
    """A json-stat2 answer for exactly the chosen codes, each value 1."""
    ids = list(chosen)
    n = 1
    for v in chosen.values():
        n *= len(v)
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ids,
        "size": [len(chosen[i]) for i in ids],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": {i: {"category": {"index": chosen[i]}} for i in ids},
        "value": [1] * n,
        "extension": {"px": {"tableid": "TAB6471"}},
    }


def test_search_tables() -> None:
    requests: list[httpx.Request] = []
    scb = PxWebV2Client(http=client(v2_handler(requests)))  # type: ignore[arg-type]
    tables = scb.search_tables("befolkning")
    assert tables and all("id" in t for t in tables)
    assert requests[-1].url.params["query"] == "befolkning"


def test_v1_posts_query_and_reads_jsonstat1() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return json_response((RECORDED / "scb_v1_jsonstat1_BefolkningNy_kon_2017.json").read_bytes())

    v1 = PxWebV1Client(http=client(handler))
    parsed = v1.data("BE/BE0101/BE0101A/BefolkningNy", {"Kon": ["1"], "ContentsCode": ["BE0101N1"], "Tid": ["2017"]})
    assert str(seen[0].url) == "https://api.scb.se/OV0104/v1/doris/sv/ssd/BE/BE0101/BE0101A/BefolkningNy"
    body = json.loads(seen[0].content)
    assert body["response"] == {"format": "json-stat2"}
    assert body["query"][0] == {"code": "Kon", "selection": {"filter": "item", "values": ["1"]}}
    [rec] = parsed.records
    assert (rec.area, rec.breakdown, rec.value) == ("00", "M", 5082662.0)
    assert parsed.provenance.table == "TAB638"  # from extension.px.tableid


def test_fetch_spec_dispatch() -> None:
    requests: list[httpx.Request] = []
    http = client(v2_handler(requests))  # type: ignore[arg-type]
    selection = {k: v for k, v in SELECTION.items() if k != "ContentsCode"}
    spec = {
        "kind": "scb",
        "table": "TAB6471",
        "selection": selection,
        "contents": "000007SF",
        "codelists": {"Alder": "agg_Ålder10årJ"},
    }
    parsed = sources.fetch(spec, client_factory=sources.default_factory(http))
    assert len(parsed.records) == 2772
    with pytest.raises(ValueError, match="unknown source kind"):
        sources.fetch({"kind": "ftp"})
