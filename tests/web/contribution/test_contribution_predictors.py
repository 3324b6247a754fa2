"""The predictor-based synthetic control (classic ADH: nested V/W search) from the service and the page."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from styrkedja.web.areas.models import Area
from styrkedja.web.contribution import services
from styrkedja.web.contribution.models import ContributionRun, ScmJob
from styrkedja.web.indicators.models import ImportBatch, Indicator, Observation
from tests.web.contribution.test_contribution import YEARS, _user, world  # noqa: F401  (the fixture)
from tests.web.dbdump import dump_database


@pytest.fixture
def covariate(world):  # noqa: F811
    """The employment rate of every county; 07's is the mean of 06's and 08's, like its population."""
    batch = ImportBatch.objects.create(
        source="scb", location="test", table="AM0210", retrieved_at=timezone.make_aware(dt.datetime(2025, 3, 1))
    )
    rate = Indicator.objects.get(key="emp-rate")
    values = {a.code: {y: 70 + int(a.code) % 9 + 0.1 * (y - 2008) for y in YEARS} for a in world}
    values["07"] = {y: (values["06"][y] + values["08"][y]) / 2 for y in YEARS}
    Observation.objects.bulk_create(
        Observation(indicator=rate, area=a, period=str(y), value=values[a.code][y], batch=batch)
        for a in world
        for y in YEARS
    )
    return values


def test_the_predictor_variant_balances_the_predictors_and_finds_the_planted_donors(covariate):
    run = services.run_scm("pop", "07", 2020, predictors=["emp-rate"])
    result = run.result
    assert run.parameters["method"] == "predictors" and result["method"] == "predictors"
    assert [p["variable"] for p in run.parameters["predictors"]] == ["outcome", "outcome", "emp-rate"]
    assert result["weights"]["06"] + result["weights"]["08"] > 0.9  # the two counties 07 is built from
    # Each predictor's synthetic value, recomputed by hand from the stored inputs and weights.
    units, years = run.inputs["units"], run.inputs["years"]
    pre = [j for j, y in enumerate(years) if y < 2020]
    series = {"outcome": np.array(run.inputs["values"]), "emp-rate": np.array(run.inputs["variables"]["emp-rate"])}
    weights = np.array([result["weights"].get(u, 0.0) for u in units])
    for p, spec in zip(result["predictors"], run.parameters["predictors"], strict=True):
        cols = [years.index(y) for y in spec["years"]]
        means = series[p["variable"]][:, cols].mean(axis=1)
        assert p["synthetic"] == pytest.approx(float(weights @ means), rel=1e-9)
        assert p["treated"] == pytest.approx(float(means[units.index("07")]), rel=1e-12)
    assert sum(p["v"] for p in result["predictors"]) == pytest.approx(1.0)
    assert spec["years"] == [years[j] for j in pre]  # the covariate's mean runs over the whole pre-period
    assert len(result["placebos"]) == 20


def test_a_predictor_without_values_before_the_start_is_named_and_nothing_is_stored(covariate):
    Observation.objects.filter(indicator__key="emp-rate", area__code="12", period__lt="2020").delete()
    before = dump_database()
    with pytest.raises(Exception, match=r"emp-rate: no values before 2020 for 12"):
        services.run_scm("pop", "07", 2020, predictors=["emp-rate"])
    assert dump_database() == before


def test_the_page_runs_and_shows_the_predictor_variant(client, covariate):
    client.force_login(_user("analytiker", "analyst"))
    form = client.get("/mal/g-pop/utan-oss/").content.decode()
    assert 'name="method" value="predictors"' in form and 'name="predictors" value="emp-rate"' in form
    donors = [a.code for a in Area.objects.filter(level=Area.COUNTY).exclude(code="07")]
    response = client.post(
        "/mal/g-pop/utan-oss/",
        {"start_year": "2020", "donors": donors, "method": "predictors", "predictors": ["emp-rate"]},
    )
    # The predictor variant is queued: the request fits nothing, the page says the run waits.
    assert response.status_code == 302 and "?job=" in response["Location"]
    assert not ContributionRun.objects.exists()
    job = ScmJob.objects.get()
    waiting = client.get(response["Location"]).content.decode()
    assert 'role="status"' in waiting and "väntar på sin tur" in waiting and 'hx-trigger="every 5s"' in waiting
    out = StringIO()
    call_command("worker", "--once", stdout=out)  # the worker runs it (and the imports: none wait)
    job.refresh_from_db()
    run = ContributionRun.objects.get()
    assert job.status == ScmJob.DONE and job.run == run and f"#{job.pk}" in out.getvalue()
    assert run.goal.key == "g-pop" and run.parameters["method"] == "predictors"
    poll = client.get(response["Location"], headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"  # the waiting line's poll reloads the page once the run is stored
    html = client.get(response["Location"]).content.decode()
    assert "hx-trigger" not in html and f"#{run.pk}," in html
    assert "med förklaringsvariabler" in html and "Sysselsättningsgrad 20-64 år" in html  # names, never keys
    assert ">emp-rate<" not in html and 'value="predictors" checked' in html
    v = run.result["predictors"][-1]["v"]
    assert f"{100 * v:.1f}".replace(".", ",") in html
