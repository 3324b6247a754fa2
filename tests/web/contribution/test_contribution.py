"""*Utan oss?*: the stored synthetic control and DiD runs, the command, the page and bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.utils import timezone

from styrkedja.analytics.contribution.errors import ContributionInputError
from styrkedja.analytics.contribution.panel import Panel
from styrkedja.analytics.contribution.synthetic_control import Design, fit
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.areas.models import Area
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.contribution import services
from styrkedja.web.contribution.models import ContributionRun
from styrkedja.web.core.models import AuditEntry
from styrkedja.web.core.roles import ensure_roles
from styrkedja.web.indicators.models import ImportBatch, Indicator, Observation
from styrkedja.web.strategies.models import Goal
from tests.web.dbdump import dump_database

MINIMAL = Path(__file__).resolve().parents[2] / "fixtures" / "strategy" / "minimal.yaml"
YEARS = range(2008, 2025)


@pytest.fixture
def world(db):
    """Population of 21 counties 2008-2024; county 07 follows 0.5*06 + 0.5*08 until 2019, then 2 % more."""
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    batch = ImportBatch.objects.create(
        source="scb", location="test", table="TAB638", retrieved_at=timezone.make_aware(dt.datetime(2025, 3, 1))
    )
    pop = Indicator.objects.get(key="pop")
    rng = np.random.default_rng(5)
    counties = list(Area.objects.filter(level=Area.COUNTY).order_by("code"))
    series = {}
    for area in counties:
        base = 100_000 + 12_000 * int(area.code)
        growth = 1.002 + 0.0005 * (int(area.code) % 7)
        series[area.code] = [base * growth ** (y - 2008) * (1 + rng.normal(0, 0.001)) for y in YEARS]
    series["07"] = [
        (0.5 * a + 0.5 * b) * (1.02 if y >= 2020 else 1.0)
        for y, a, b in zip(YEARS, series["06"], series["08"], strict=True)
    ]
    Observation.objects.bulk_create(
        Observation(indicator=pop, area=area, period=str(y), value=round(series[area.code][i]), batch=batch)
        for area in counties
        for i, y in enumerate(YEARS)
    )
    return counties


def test_scm_run_is_stored_reproducible_and_audited(world):
    run = services.run_scm("pop", "07", 2020)
    assert run.kind == "scm" and run.area.code == "07"
    assert len(run.parameters["donors"]) == 20 and run.parameters["start_year"] == 2020
    result = run.result
    assert len(result["placebos"]) == 20
    assert result["p_value"] == pytest.approx((1 + result["as_extreme"]) / 21)
    # The planted 2 % effect is found and no placebo departs as much.
    assert result["weights"]["06"] + result["weights"]["08"] > 0.9
    assert result["last_gap"] / result["actual"][-1] == pytest.approx(0.02 / 1.02, abs=0.002)
    assert result["rank"] == 1
    # Reproducible from the stored inputs alone: a second fit gives the stored weights.
    inputs = run.inputs
    panel = Panel(tuple(inputs["units"]), tuple(inputs["years"]), np.array(inputs["values"], dtype=float))
    again = fit(panel, Design("07", tuple(run.parameters["donors"]), 2020))
    for donor, weight in result["weights"].items():
        assert again.donor_weights()[donor] == pytest.approx(weight, abs=1e-9)
    assert AuditEntry.objects.filter(model="contribution.ContributionRun", object_key=str(run.pk)).exists()
    assert "Kronoberg" in result["reading"]["sv"]["text"] and "synthetic control" in result["reading"]["en"]["text"]


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"start_year": 2030}, "start_year", "outside the data"),
        ({"start_year": 2010}, "start_year", "at least 5"),
        ({"start_year": 2020, "donors": ["01", "03", "04", "05"]}, "donors", "at least 5"),
        ({"start_year": 2020, "donors": ["01", "03", "04", "05", "99"]}, "donors", "99"),
        ({"start_year": 2020, "indicator_key": "nope"}, "indicator", "nope"),
        ({"start_year": 2020, "indicator_key": "emp-rate"}, "indicator", "no yearly values"),
    ],
)
def test_bad_input_is_named_and_nothing_is_stored(world, kwargs, field, words):
    before = dump_database()
    args = {"indicator_key": "pop", "area_code": "07", **kwargs}
    with pytest.raises(ContributionInputError, match=words) as caught:
        services.run_scm(**args)
    assert caught.value.field == field
    assert dump_database() == before


def test_missing_comparison_value_is_named(world):
    Observation.objects.filter(area__code="12", period="2015").update(value=None)
    before = dump_database()
    with pytest.raises(ContributionInputError, match="12 has no value for 2015"):
        services.run_scm("pop", "07", 2020)
    assert dump_database() == before


def test_command_prints_json_and_fails_clearly(world, capsys):
    call_command("contribution", "scm", "--indicator", "pop", "--area", "07", "--from", "2020", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["run"] == ContributionRun.objects.get().pk and len(printed["placebos"]) == 20
    with pytest.raises(CommandError, match="donors: 2 donors; at least 5"):
        call_command("contribution", "scm", "--indicator", "pop", "--area", "07", "--from", "2020", "--donors", "06,08")
    assert ContributionRun.objects.count() == 1


def test_did_from_a_file(world, tmp_path, capsys):
    lines = ["unit,group,period,value"]
    rng = np.random.default_rng(1)
    for unit in range(40):
        group = "deltagare" if unit < 20 else "jamforelse"
        for period in (2019, 2020, 2021, 2022):
            effect = 3.0 if unit < 20 and period >= 2021 else 0.0
            lines.append(f"u{unit},{group},{period},{10 + period - 2019 + effect + rng.normal(0, 0.5):.3f}")
    data = tmp_path / "deltagare.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("contribution", "did", "--project", "proj", "--file", str(data), "--from", "2021", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["two_by_two"]["did"]["value"] == pytest.approx(3.0, abs=0.4)
    assert result["regression"]["did"] == pytest.approx(result["two_by_two"]["did"]["value"], abs=1e-9)
    assert result["event_study"]["reference"] == 2020 and result["event_study"]["pretrend_p_value"] > 0.001
    bad = tmp_path / "trasig.csv"
    bad.write_text("unit,group,period,value\nu1,deltagare,2019,1\nu2,kanske,2019,2\n", encoding="utf-8")
    before = dump_database()
    with pytest.raises(CommandError, match=r"group: trasig.csv, row 3: 'kanske'"):
        call_command("contribution", "did", "--project", "proj", "--file", str(bad), "--from", "2021")
    assert dump_database() == before


def _user(name: str, role: str) -> User:
    user = User.objects.create_user(name, password="pw-for-tests")
    user.groups.add(Group.objects.get(name=role))
    return user


def test_page_for_readers_and_analysts(client, world):
    client.force_login(_user("lasare", "reader"))
    page = client.get("/mal/g-pop/utan-oss/")
    assert page.status_code == 200 and "Utan oss?" in page.content.decode()
    assert 'name="start_year"' not in page.content.decode()  # readers see results, do not run
    assert client.post("/mal/g-pop/utan-oss/", {"start_year": "2020"}).status_code == 403
    client.force_login(_user("analytiker", "analyst"))
    form = client.get("/mal/g-pop/utan-oss/").content.decode()
    assert 'name="start_year"' in form and form.count('name="donors"') == 20
    donors = [a.code for a in world if a.code != "07"]
    response = client.post("/mal/g-pop/utan-oss/", {"start_year": "2020", "donors": donors})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    run = ContributionRun.objects.get()
    assert run.goal.key == "g-pop"
    assert 'role="img"' in html and "Källa: SCB" in html
    assert run.result["reading"]["sv"]["text"] in html and "policymix" in html


def test_page_rejects_bad_input_without_storing(client, world):
    client.force_login(_user("analytiker", "analyst"))
    before = dump_database()
    response = client.post("/mal/g-pop/utan-oss/", {"start_year": "2020", "donors": ["06", "08"]})
    assert response.status_code == 400
    assert "inget sparades" in response.content.decode()
    assert dump_database() == before


def test_page_in_english(client, world):
    client.force_login(_user("analytiker", "analyst"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    services.run_scm("pop", "07", 2020, goal=Goal.objects.get(key="g-pop"))
    html = client.get("/mal/g-pop/utan-oss/").content.decode()
    assert "Without us?" in html and "synthetic control" in html and "policy mix" in html


def did_csv(effect: float = 3.0) -> bytes:
    rng = np.random.default_rng(4)
    lines = ["unit,group,period,value"]
    for unit in range(30):
        group = "1" if unit < 15 else "0"
        for period in (2019, 2020, 2021, 2022):
            bump = effect if unit < 15 and period >= 2021 else 0.0
            lines.append(f"u{unit},{group},{period},{5 + period - 2019 + bump + rng.normal(0, 0.3):.3f}")
    return ("\n".join(lines) + "\n").encode()


def test_project_effect_page(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(_user("lasare", "reader"))
    page = client.get("/projekt/proj/effekt/").content.decode()
    assert "Effekt" in page and "Inga data för en jämförelsegrupp" in page and 'type="file"' not in page
    assert "/projekt/proj/effekt/" in client.get("/projekt/proj/").content.decode()  # linked from the project
    client.force_login(_user("analytiker", "analyst"))
    before = dump_database()
    bad = SimpleUploadedFile("trasig.csv", b"unit,group,period\nu1,1,2019\n", content_type="text/csv")
    response = client.post("/projekt/proj/effekt/", {"file": bad, "start": "2021"})
    assert response.status_code == 400 and "missing columns value" in response.content.decode()
    assert dump_database() == before
    upload = SimpleUploadedFile("deltagare.csv", did_csv(), content_type="text/csv")
    response = client.post("/projekt/proj/effekt/", {"file": upload, "start": "2021"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    run = ContributionRun.objects.get(kind="did")
    assert run.project_key == "proj"
    did = run.result["two_by_two"]["did"]["value"]
    assert did == pytest.approx(3.0, abs=0.3)
    assert f"{did:.2f}".replace(".", ",") in html and 'role="img"' in html and "parallella trender" in html


def test_project_effect_uses_the_plans_comparison_group(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from styrkedja.web.projects.models import Initiative

    client.force_login(_user("analytiker", "analyst"))
    page = client.get("/projekt/proj/effekt/").content.decode()
    assert "Ingen jämförelsegrupp är planerad" in page
    Initiative.objects.filter(key="proj").update(
        comparison_group="Kommunerna utanför projektet",
        comparison_selection="Alla övriga kommuner i länet",
        comparison_measure="Andel som startar företag",
        start_date=dt.date(2021, 3, 1),
    )
    page = client.get("/projekt/proj/effekt/").content.decode()
    assert "Ingen jämförelsegrupp är planerad" not in page
    assert "Kommunerna utanför projektet" in page and "Alla övriga kommuner i länet" in page
    assert 'name="start" type="number" min="1900" max="2100" value="2021"' in page  # the plan's start year
    upload = SimpleUploadedFile("deltagare.csv", did_csv(), content_type="text/csv")
    response = client.post("/projekt/proj/effekt/", {"file": upload, "start": "2021"})
    assert response.status_code == 302
    run = ContributionRun.objects.get(kind="did")
    assert run.parameters["comparison"] == {
        "group": "Kommunerna utanför projektet",
        "selection": "Alla övriga kommuner i länet",
        "measure": "Andel som startar företag",
    }
    # The stored run keeps the comparison it was run with after the plan changes.
    Initiative.objects.filter(key="proj").update(comparison_group="")
    html = client.get(response["Location"]).content.decode()
    assert "Jämförelsegrupp: Kommunerna utanför projektet" in html and "Ingen jämförelsegrupp är planerad" in html


def test_visitors_do_not_see_the_effect_page_of_an_unpublished_strategys_project(client, world, settings):
    from styrkedja.web.projects.models import Initiative

    settings.PUBLIC_READ = True
    strategy = Initiative.objects.get(key="proj").strategy
    assert strategy is not None
    strategy.published = True
    strategy.save()
    assert client.get("/projekt/proj/effekt/").status_code == 200
    strategy.published = False
    strategy.save()
    assert client.get("/projekt/proj/effekt/").status_code == 404
    client.force_login(_user("lasare", "reader"))  # signed-in readers see unpublished strategies
    assert client.get("/projekt/proj/effekt/").status_code == 200
