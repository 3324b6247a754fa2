"""Nothing is fixed to Kronoberg: the new-initiative form pre-selects the RUS strategy's own area."""

from __future__ import annotations

from styrkedja.web.areas.models import Area
from styrkedja.web.strategies.models import Strategy


def selected_area(html: str) -> str:
    start = html.index('<select id="area"')
    options = html[start : html.index("</select>", start)].split("<option ")
    return next(o.split('"')[1] for o in options if "selected" in o)


def test_the_new_initiative_form_preselects_the_strategys_area(client, cast):
    client.force_login(cast["analyst"])
    assert selected_area(client.get("/projekt/ny/").content.decode()) == "07"  # the minimal chain's RUS area
    Strategy.objects.filter(level=Strategy.RUS).update(area=Area.objects.get(code="20"))  # Dalarna's strategy
    assert selected_area(client.get("/projekt/ny/").content.decode()) == "20"
