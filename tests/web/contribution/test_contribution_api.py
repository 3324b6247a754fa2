"""The contribution analyses in the read-only API: stored figures as stored, the pages' visibility,
and the OpenAPI description."""

from __future__ import annotations

import numpy as np
import pytest

from styrkedja.web.contribution import services
from styrkedja.web.strategies.models import Goal, Strategy
from tests.web.contribution.test_contribution import _user, did_csv, world  # noqa: F401  (the fixture)


@pytest.fixture
def runs(world):  # noqa: F811
    scm = services.run_scm("pop", "07", 2020, goal=Goal.objects.get(key="g-pop"))
    did = services.run_did_text("proj", "deltagare.csv", did_csv().decode(), 2021)
    return scm, did


def test_list_and_detail_give_the_stored_figures(client, runs):
    scm, did = runs
    client.force_login(_user("lasare", "reader"))
    listed = client.get("/api/contribution-analyses").json()
    assert listed["count"] == 2
    by_kind = {row["kind"]: row for row in listed["items"]}
    s, d = by_kind["scm"], by_kind["did"]
    assert (s["goal"], s["indicator"], s["area"], s["project"]) == ("g-pop", "pop", "07", None)
    assert s["parameters"]["start_year"] == 2020 and len(s["parameters"]["donors"]) == 20
    # The headline figures are the stored ones, and agree with a second reading of the stored series.
    years, gap = np.array(scm.result["years"]), np.array(scm.result["gap"], dtype=float)
    assert s["estimate"] == scm.result["mean_post_gap"] == pytest.approx(gap[years >= 2020].mean(), rel=1e-9)
    assert s["p_value"] == pytest.approx((1 + scm.result["as_extreme"]) / 21)
    assert d["project"] == "proj" and d["goal"] is None
    assert d["estimate"] == did.result["regression"]["did"]
    assert d["estimate"] == pytest.approx(did.result["two_by_two"]["did"]["value"], abs=1e-9)  # the 2x2 by hand
    assert d["standard_error"] == did.result["regression"]["se"] > 0
    assert [r["kind"] for r in client.get("/api/contribution-analyses", {"kind": "did"}).json()["items"]] == ["did"]
    assert client.get("/api/contribution-analyses", {"goal": "g-emp"}).json()["count"] == 0
    detail = client.get(f"/api/contribution-analyses/{scm.pk}").json()
    assert detail["result"] == scm.result and detail["inputs"]["units"][0] == scm.inputs["units"][0]
    assert client.get("/api/contribution-analyses/999999").status_code == 404


def test_visibility_follows_the_pages(client, runs, settings):
    scm, _did = runs
    assert client.get("/api/contribution-analyses").status_code == 401  # anonymous, not in public mode
    settings.PUBLIC_READ = True
    assert client.get("/api/contribution-analyses").json()["count"] == 0  # nothing published yet
    services.set_published(scm, True, None)
    services.set_published(_did, True, None)
    public = client.get("/api/contribution-analyses").json()["items"]
    assert [r["kind"] for r in public] == ["scm"]  # the project belongs to no published strategy
    assert public[0]["published_at"] is not None
    Strategy.objects.update(published=False)  # now the goal is not public either
    assert client.get("/api/contribution-analyses").json()["count"] == 0
    assert client.get(f"/api/contribution-analyses/{scm.pk}").status_code == 404
    client.force_login(_user("analytiker", "analyst"))
    assert client.get("/api/contribution-analyses").json()["count"] == 2


def test_openapi_describes_the_endpoints(client, world):  # noqa: F811
    client.force_login(_user("lasare", "reader"))
    paths = client.get("/api/openapi.json").json()["paths"]
    listed = paths["/api/contribution-analyses"]["get"]
    assert "placebo p-value" in listed["description"]
    assert {p["name"] for p in listed["parameters"]} >= {"kind", "goal", "project", "page"}
    assert "/api/contribution-analyses/{run_id}" in paths
    assert "contribution-analyses" in client.get("/api/docs/").content.decode()
