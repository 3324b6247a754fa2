"""The read-only JSON API: same permissions as the pages, paginated, with an OpenAPI document."""

from __future__ import annotations

import pytest


def test_api_needs_a_reader_or_public_mode(client, world, settings):
    assert client.get("/api/goals").status_code == 401
    settings.PUBLIC_READ = True
    keys = [g["key"] for g in client.get("/api/goals").json()["items"]]
    assert "g-pop" in keys and "g-sub" not in keys  # published strategies only
    assert client.get("/api/goals/g-sub").status_code == 404


def test_goals_with_the_chain(client, reader):
    client.force_login(reader)
    body = client.get("/api/goals").json()
    assert body["count"] == 5  # 3 strategy goals, 2 project goals
    sub = next(g for g in body["items"] if g["key"] == "g-sub")
    assert sub["contributes_to"] == ["g-emp"] and sub["strategy"] == "sub"
    assert client.get("/api/goals?strategy=rus").json()["count"] == 2
    assert client.get("/api/goals/proj-main").json()["initiative"] == "proj"


def test_targets_carry_their_latest_result(client, reader):
    client.force_login(reader)
    items = client.get("/api/targets").json()["items"]
    t = next(t for t in items if t["key"] == "t-emp")
    assert t["rule"] == "level" and t["value"] == 80
    assert t["latest_result"]["status"] == "at_risk"
    assert t["latest_result"]["probability"] == pytest.approx(0.41)
    assert t["latest_result"]["run_as_of"] == "2025-05-01"
    proj = next(t for t in items if t["key"] == "t-proj")
    assert proj["latest_result"] is None


def test_observations_filter_and_paginate(client, reader):
    client.force_login(reader)
    body = client.get("/api/observations?indicator=pop&area=07").json()
    assert body["count"] == 11
    first = body["items"][0]
    assert first == {
        "indicator": "pop",
        "area": "07",
        "period": "2014",
        "breakdown": "T",
        "value": 189128.0,
        "status": "final",
    }
    assert client.get("/api/observations?indicator=emp-rate&area=07&breakdown=K&period=2020").json()["count"] == 1
    everything = client.get("/api/observations").json()
    assert everything["count"] > 100 and len(everything["items"]) == 100
    page2 = client.get("/api/observations?page=2").json()["items"]
    assert page2[0] != everything["items"][0]


def test_indicators_and_areas(client, reader):
    client.force_login(reader)
    pop = client.get("/api/indicators/pop").json()
    assert pop["source_kind"] == "scb" and pop["source_spec"]["table"] == "TAB638"
    counties = client.get("/api/areas?level=county").json()
    assert counties["count"] == 21
    assert {"code": "07", "name": "Kronobergs län", "level": "county", "parent": "00"} in counties["items"]


def test_openapi_document_and_docs_page(client, reader):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in ("/api/goals", "/api/targets", "/api/indicators", "/api/observations", "/api/areas"):
        assert path in doc["paths"], path
    params = {p["name"] for p in doc["paths"]["/api/observations"]["get"]["parameters"]}
    assert {"indicator", "area", "period", "breakdown", "page"} <= params
    html = client.get("/api/docs/").content.decode()
    assert "GET /api/observations" in html and "OpenAPI" in html


def test_page_size_chooses_how_many_per_page_up_to_the_limit(client, reader):
    client.force_login(reader)
    everything = client.get("/api/observations?indicator=pop&area=07").json()
    three = client.get("/api/observations?indicator=pop&area=07&page_size=3").json()
    assert three["count"] == everything["count"] and three["items"] == everything["items"][:3]
    second = client.get("/api/observations?indicator=pop&area=07&page_size=3&page=2").json()["items"]
    assert second == everything["items"][3:6]
    total = client.get("/api/observations").json()["count"]
    big = client.get("/api/observations?page_size=100000").json()
    assert len(big["items"]) == min(total, 1000)
    assert client.get("/api/observations?page_size=0").status_code == 422
    assert client.get("/api/observations?page=0").status_code == 422
