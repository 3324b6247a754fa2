"""The assembly layer without Django: figures are read from the stored results, never recomputed."""

from __future__ import annotations

import datetime as dt

import pytest

from styrkedja.reports import assemble as a
from styrkedja.reports.assemble.summary import first_sentence


def result(goal: str, rule: str, status: str, **detail: object) -> a.ResultIn:
    return a.ResultIn(
        goal_key=goal, rule=rule, status=status, target_key=f"{goal}-t", target_year=2025,
        probability=detail.pop("p", None), latest_period="2024", latest_value=87.1, data_through="2024",  # type: ignore[arg-type]
        explanation_sv=str(detail.pop("text", "Värdet var 87,1. Mer text.")), detail=detail,
    )  # fmt: skip


def goal(key: str, strategy: str = "rus", **kw: object) -> a.GoalIn:
    return a.GoalIn(key=key, name=key.title(), kind="long_term", strategy_key=strategy, area_code="07", **kw)  # type: ignore[arg-type]


def data(**kw: object) -> a.ReportInput:
    base: dict[str, object] = {
        "year": 2026, "as_of": dt.date(2026, 11, 30), "region_name": "Region X",
        "strategies": (a.StrategyIn("rus", "RUS", "rus"), a.StrategyIn("ris", "RIS", "sub_strategy", published=False)),
        "goals": (goal("edu"), goal("pop"), goal("inno", "ris")), "indicators": {},
        "results": (
            result("edu", "level_vs_benchmark", "off_track", p=0.05, rank={"rank": 15, "n": 21}, data_through=2024,
                   benchmark={"kind": "riket", "value": 87.7}, text="Andelen var 87,1 procent. Riket låg högre."),
            result("pop", "growth_vs_benchmark", "on_track", p=0.8, rank={"rank": 6, "n": 21}, base_year=2014,
                   data_through=2024, growth=7.5, growth_measure="percent"),
        ),
    }  # fmt: skip
    base.update(kw)
    return a.ReportInput(**base)  # type: ignore[arg-type]


def test_ranks_come_from_the_evaluation_by_level_or_growth():
    fig = a.goal_figures(goal("edu"), None, data().results[:1], "sv")
    assert fig.rank_by_level == a.Rank("level", 15, 21, "2024", "", "län")
    assert fig.rank_by_growth is None  # a level target has no growth rank: none is made up
    pop = a.goal_figures(goal("pop"), None, data().results[1:], "en")
    assert pop.rank_by_growth == a.Rank("growth", 6, 21, "2024", "2014", "counties")
    assert pop.main is not None and pop.main.benchmark_value is None and pop.main.probability == 0.8


def test_summary_counts_and_reasons_per_strategy():
    report = a.assemble_report(data())
    rus = report.summaries[0]
    assert rus.total == 2 and dict((s, n) for s, _t, n in rus.counts) == {"on_track": 1, "off_track": 1}
    assert [(p.goal_key, p.reason) for p in rus.problems] == [("edu", "Andelen var 87,1 procent.")]
    ris = report.summaries[1]
    assert ris.counts == (("no_data", "Uppgift saknas", 1),)  # a goal without results is without data, not 0


def test_public_edition_leaves_out_unpublished_strategies_internal_data_and_assessments():
    ini = a.InitiativeIn("p", "Projekt", strategy_key="rus", budget=1e6, hours=100.0, serves=("pop",))
    assessment = a.AssessmentIn("pop", 2026, "positiv", "Internt utkast")
    d = data(initiatives=(ini,), finished=(ini,), assessments=(assessment,))
    intern = a.assemble_report(d)
    assert [s.strategy.key for s in intern.subs] == ["ris"] and intern.finished == (ini,)
    assert intern.portfolio.budget == 1e6 and intern.rus[0].goals[1].assessment == assessment
    public = a.assemble_report(d, edition=a.PUBLIK)
    assert public.subs == () and public.finished == () and public.portfolio.budget is None
    assert all(g.assessment is None for g in public.goals)
    assert [g.key for g in public.portfolio.unserved] == ["edu"]


def test_unknown_or_empty_strategy_and_unknown_edition_are_errors():
    with pytest.raises(a.ReportError, match=r"unknown strategy 'nope'.*rus, ris"):
        a.assemble_report(data(), strategy_key="nope")
    with pytest.raises(a.ReportError, match="has no goals"):
        a.assemble_report(data(goals=(goal("edu"),)), strategy_key="ris")
    with pytest.raises(a.ReportError, match="unknown strategy 'ris'"):  # unpublished: not in the public edition
        a.assemble_report(data(), strategy_key="ris", edition=a.PUBLIK)
    with pytest.raises(a.ReportError, match="edition"):
        a.assemble_report(data(), edition="draft")


def test_first_sentence_keeps_decimal_commas_and_stops_at_the_first_full_stop():
    assert first_sentence("Ökade med 10,9 % 2014–2017. Riket 9,4 %.") == "Ökade med 10,9 % 2014–2017."
    assert first_sentence("  no full stop  ") == "no full stop"


def test_sections_from_other_apps_appear_only_with_rows_and_internal_ones_only_internally():
    needs = a.ExtraSectionIn("needs", "Kunskapsbehov", ("Behov", "Mål"), (("Fördjupad analys", "Edu"),))
    empty = a.ExtraSectionIn("actions", "Beslutade åtgärder", ("Åtgärd",), ())
    public = a.ExtraSectionIn("open", "Öppet", ("Text",), (("x",),), internal=False)
    d = data(extra_sections=(needs, empty, public))
    assert [x.key for x in a.assemble_report(d).extra] == ["needs", "open"]
    assert [x.key for x in a.assemble_report(d, edition=a.PUBLIK).extra] == ["open"]
    from styrkedja.reports.render import render_html

    html = render_html(a.assemble_report(d))
    assert '<h2 id="extra-needs">Kunskapsbehov</h2>' in html and "Fördjupad analys" in html
    assert "Beslutade åtgärder" not in html and '<html lang="sv">' in html


def test_the_methods_text_states_the_evaluations_own_cut_offs_and_simulation_count():
    import inspect

    from styrkedja.analytics.evaluate import evaluate
    from styrkedja.analytics.targets import status_from_probability
    from styrkedja.reports.assemble.sources import methods

    params = inspect.signature(evaluate).parameters
    assert params["thresholds"].default == (0.7, 0.3) and params["n_sims"].default == 1000
    assert [status_from_probability(p) for p in (0.7, 0.69, 0.3, 0.29)] == [
        "on_track",
        "at_risk",
        "at_risk",
        "off_track",
    ]
    sv, en = " ".join(methods("sv")), " ".join(methods("en"))
    assert "1 000 simuleringar" in sv and "minst 70 %" in sv and "under 30 %" in sv
    assert "1,000 simulations" in en and "at least 70 %" in en and "below 30 %" in en


@pytest.mark.parametrize(
    ("preliminary", "target_year", "through", "sv", "en"),
    [
        (True, 2025, "2024", "siffrorna för 2025 är inte publicerade än, de senaste gäller 2024",
         "the figures for 2025 are not published yet, the latest are for 2024"),
        (True, 2025, "", "siffrorna för 2025 är inte publicerade än", "the figures for 2025 are not published yet"),
        (True, 2025, "2025", "", ""),  # the target year is out: nothing is preliminary about it
        (True, None, "2024", "", ""),  # a trend has no target year to wait for
        (False, 2030, "2024", "", ""),  # the evaluation decided: no caveat
    ],
)  # fmt: skip
def test_the_status_line_says_preliminary_only_while_the_target_year_is_unpublished_in_plain_words(
    preliminary, target_year, through, sv, en
):
    from styrkedja.reports.assemble.goal import target_figures
    from styrkedja.reports.render.figures import status_line

    r = a.ResultIn(goal_key="g", rule="level", status="on_track", target_year=target_year, probability=0.8,
                   data_through=through, preliminary=preliminary)  # fmt: skip
    for language, words in (("sv", sv), ("en", en)):
        t = target_figures(r, None, False, language)
        assert t.unpublished == words
        line = status_line(t, language)
        assert (
            line.endswith(f"; {words})" if words else "80\xa0%)" if language == "sv" else "80%)")
            and "prelimin" not in line.lower()
        )
