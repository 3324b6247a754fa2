"""Charts of a synthetic control: the area against its synthetic control, and the gap with placebo lines.

Both take the numbers a stored analysis holds (`analytics.contribution.analysis`) and draw them; nothing
is recomputed. The intervention year is a dashed vertical rule; the area's lines are solid and dark,
the synthetic control dashed, placebo gaps thin and grey (told apart by width and dash, not colour alone).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from styrkedja.reports.charts.base import BAND_COLOUR, COUNTRY_COLOUR, REGION_COLOUR, Chart, Meta, fmt
from styrkedja.reports.charts.render import _data, _finish

_WORDS = {
    "sv": {
        "synthetic": "Syntetisk kontroll",
        "year": "År",
        "gap": "Skillnad mot syntetisk kontroll",
        "placebos": "Jämförelseområden behandlade som placebo",
        "start": "Start",
        "alt_paths": "{title}: {area} {actual} år {year}, syntetisk kontroll {synthetic}.",
        "alt_gap": (
            "{title}: skillnaden år {year} är {gap}; {k} av {j} jämförelseområden avviker lika mycket i "
            "förhållande till sin anpassning före start. {drawn} placebolinjer ritas; områden med mer än "
            "fem gånger så dålig anpassning före start ritas inte."
        ),
    },
    "en": {
        "synthetic": "Synthetic control",
        "year": "Year",
        "gap": "Difference from the synthetic control",
        "placebos": "Comparison areas treated as placebos",
        "start": "Start",
        "alt_paths": "{title}: {area} {actual} in {year}, synthetic control {synthetic}.",
        "alt_gap": (
            "{title}: the difference in {year} is {gap}; {k} of {j} comparison areas depart as much relative "
            "to their fit before the start. {drawn} placebo lines are drawn; areas fitted more than five "
            "times worse before the start are not."
        ),
    },
}


def _words(meta: Meta) -> dict[str, str]:
    return _WORDS["en" if meta.lang.startswith("en") else "sv"]


def _x(words: dict[str, str]) -> Any:
    return alt.X("year:Q", title=words["year"], axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False))


def _start_rule(start_year: int, words: dict[str, str]) -> list[Any]:
    row = [{"year": start_year - 0.5, "label": f"{words['start']} {start_year}"}]
    return [
        alt.Chart(_data(values=row)).mark_rule(color="#1b1b1b", strokeDash=[3, 3]).encode(x=_x(words)),
        alt.Chart(_data(values=row))
        .mark_text(align="left", baseline="top", dx=4, y=4, color="#1b1b1b")
        .encode(x=_x(words), text="label:N"),
    ]


def synthetic_paths(result: Mapping[str, Any], meta: Meta) -> Chart:
    """The area's actual series and its synthetic control over all years."""
    words = _words(meta)
    area = result["names"][result["treated"]]
    order = [area, words["synthetic"]]
    rows = [
        {"series": name, "year": year, "value": value}
        for name, key in ((area, "actual"), (words["synthetic"], "synthetic"))
        for year, value in zip(result["years"], result[key], strict=True)
    ]
    lines = (
        alt.Chart(_data(values=rows))
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=_x(words),
            y=alt.Y("value:Q", title=meta.unit or None, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N", scale=alt.Scale(domain=order, range=[REGION_COLOUR, COUNTRY_COLOUR]), title=None
            ),
            strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=order, range=[[1, 0], [6, 3]]), title=None),
        )
    )
    chart = alt.layer(lines, *_start_rule(result["start_year"], words)).properties(
        title=meta.title, width=560, height=260
    )
    table = [
        [str(y), fmt(a, meta), fmt(s, meta)]
        for y, a, s in zip(result["years"], result["actual"], result["synthetic"], strict=True)
    ]
    alt_text = words["alt_paths"].format(
        title=meta.title,
        area=area,
        year=result["years"][-1],
        actual=fmt(result["actual"][-1], meta, unit=True),
        synthetic=fmt(result["synthetic"][-1], meta, unit=True),
    )
    return _finish("synthetic_paths", meta, chart, alt_text, [words["year"], *order], table, rows)


# As ADH (2010, figure 5): placebos whose pre-period MSPE exceeds 5 times the area's are fitted so
# badly that their gaps say nothing; they are left out of the drawing (not of the p-value or the table).
MAX_PRE_MSPE_RATIO = 5.0


def gap_with_placebos(result: Mapping[str, Any], meta: Meta) -> Chart:
    """The area's gap (bold) with the placebos' gaps (thin, grey) and the zero line."""
    words = _words(meta)
    area = result["names"][result["treated"]]
    limit = MAX_PRE_MSPE_RATIO * max(float(result["pre_rmspe"]), 1e-12) ** 2
    drawn = [p for p in result["placebos"] if float(p["pre_rmspe"]) ** 2 <= limit]
    placebo_rows = [
        {"unit": result["names"].get(p["unit"], p["unit"]), "year": year, "gap": gap}
        for p in drawn
        for year, gap in zip(result["years"], p["gap"], strict=True)
    ]
    area_rows = [{"unit": area, "year": y, "gap": g} for y, g in zip(result["years"], result["gap"], strict=True)]
    y_axis = alt.Y("gap:Q", title=words["gap"])
    layers: list[Any] = []
    loo = result.get("leave_one_out")
    if loo:
        # The range of the area's gap when each weighted donor is left out in turn.
        band = [
            {"year": y, "lo": lo, "hi": hi} for y, lo, hi in zip(result["years"], loo["low"], loo["high"], strict=True)
        ]
        layers.append(
            alt.Chart(_data(values=band))
            .mark_area(opacity=0.2, color=REGION_COLOUR)
            .encode(x=_x(words), y=alt.Y("lo:Q", title=words["gap"]), y2="hi:Q")
        )
    layers += [
        alt.Chart(_data(values=placebo_rows))
        .mark_line(strokeWidth=1, color=BAND_COLOUR, opacity=0.8)
        .encode(x=_x(words), y=y_axis, detail="unit:N"),
        alt.Chart(_data(values=[{"zero": 0}])).mark_rule(color="#1b1b1b").encode(y="zero:Q"),
        alt.Chart(_data(values=area_rows)).mark_line(strokeWidth=3, color=REGION_COLOUR).encode(x=_x(words), y=y_axis),
        *_start_rule(result["start_year"], words),
    ]
    chart = alt.layer(*layers).properties(title=meta.title, width=560, height=260)
    names = [result["names"].get(p["unit"], p["unit"]) for p in result["placebos"]]
    columns = [words["year"], area, *names]
    table = [
        [str(y), fmt(result["gap"][i], meta), *(fmt(p["gap"][i], meta) for p in result["placebos"])]
        for i, y in enumerate(result["years"])
    ]
    alt_text = words["alt_gap"].format(
        title=meta.title,
        year=result["last_year"],
        gap=fmt(result["last_gap"], meta, unit=True),
        k=result["as_extreme"],
        j=len(result["placebos"]),
        drawn=len(drawn),
    )
    return _finish("gap_with_placebos", meta, chart, alt_text, columns, table, [*area_rows, *placebo_rows])


def donor_table(result: Mapping[str, Any]) -> Sequence[tuple[str, float]]:
    """Donors with weight, largest first (for the page's weight table)."""
    return sorted(((result["names"].get(u, u), w) for u, w in result["weights"].items()), key=lambda x: -x[1])


_EVENT_WORDS = {
    "sv": {
        "period": "Period",
        "effect": "Skillnad mot jämförelsegruppen",
        "low": "95 % nedre",
        "high": "95 % övre",
        "alt": "{title}: skillnaden mot jämförelsegruppen per period, i förhållande till {ref}; {n} perioder.",
    },
    "en": {
        "period": "Period",
        "effect": "Difference from the comparison group",
        "low": "95 % lower",
        "high": "95 % upper",
        "alt": "{title}: the difference from the comparison group per period, relative to {ref}; {n} periods.",
    },
}


def event_study(result: Mapping[str, Any], meta: Meta) -> Chart:
    """A DiD event study: the effect per period with its 95 % interval; the reference period is 0."""
    words = _EVENT_WORDS["en" if meta.lang.startswith("en") else "sv"]
    study = result["event_study"]
    rows = [
        {"period": q, "effect": e, "lo": e - 1.96 * s, "hi": e + 1.96 * s}
        for q, e, s in zip(study["periods"], study["effects"], study["ses"], strict=True)
    ]
    x = alt.X("period:Q", title=words["period"], axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False))
    y = alt.Y("effect:Q", title=words["effect"])
    chart = alt.layer(
        alt.Chart(_data(values=[{"zero": 0}])).mark_rule(color="#1b1b1b").encode(y="zero:Q"),
        alt.Chart(_data(values=rows)).mark_rule(color=REGION_COLOUR, strokeWidth=2).encode(x=x, y="lo:Q", y2="hi:Q"),
        alt.Chart(_data(values=rows)).mark_point(filled=True, size=80, color=REGION_COLOUR).encode(x=x, y=y),
        alt.Chart(_data(values=[{"period": result["start"] - 0.5}]))
        .mark_rule(color="#1b1b1b", strokeDash=[3, 3])
        .encode(x=x),
    ).properties(title=meta.title, width=560, height=240)
    table = [[str(r["period"]), fmt(r["effect"], meta), fmt(r["lo"], meta), fmt(r["hi"], meta)] for r in rows]
    alt_text = words["alt"].format(title=meta.title, ref=study["reference"], n=len(rows))
    columns = [words["period"], words["effect"], words["low"], words["high"]]
    return _finish("event_study", meta, chart, alt_text, columns, table, rows)
