"""The chain diagram, the traceability matrix and the portfolio mapping (issue 11).

The matrix is checked against the source document's RIS table, transcribed here by hand, with the demo's
strategy file loaded: three rows, five columns, each item once. The page builds it from the chain's links.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

import styrkedja.demo
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import ensure_roles
from styrkedja.web.followup.models import EvaluationResult
from styrkedja.web.strategies.models import Strategy
from tests.web.world import make_user

DEMO = Path(styrkedja.demo.__file__).parent / "kronoberg.yaml"

# The RIS table of the source document, row by row: (RUS challenges, RIS challenges, the RIS goal, its
# priorities, sub-indicators, RIS indicators, RUS indicators). Transcribed by hand from the document.
SOURCE_TABLE = [
    (
        ["En svag sysselsättningstillväxt som följd av en hög konjunkturkänslighet och ökad global konkurrens"],
        [
            "Bristande erfarenhet av forsknings- och innovationssamverkan",
            "Svag länk mellan forskning och utbildning och näringslivets behov",
            "Otydliga regionala styrkor och svagt profilerade innovationsmiljöer",
            "Svaga klusterinitiativ",
        ],
        "utmaningsdriven samhandling mellan akademi, näringsliv, offentlig och civil sektor",
        [
            "Utvecklad samverkan mellan akademi och omgivande samhälle",
            "Utveckla miljöer som främjar utmaningsdriven innovation",
            "Utveckla starka utmaningsdrivna fokusområden",
        ],
        ["FoU/BRP", "Andel företag som samverkar med andra företag"],
        ["Fler sysselsatta inom valda fokusområden", "Ökad produktivitet inom den varuproducerande sektorn"],
        ["Ökat antal arbetstillfällen", "Ökad produktivitet"],
    ),
    (
        ["Sysselsättningsgraden har minskat, men fortsatt upplever arbetsgivare svårigheter att hitta rätt kompetens"],
        [
            "Svaga konkurrensmedel om talang",
            "Låg utbildningsnivå",
            "Demografisk utmaning och stora behov av generationsväxling",
            "Företags- och organisationskultur som motverkar innovativa idéer",
        ],
        "ökad förändringsvilja och innovationsförmåga",
        [
            "Utveckla företag och organisationers förmåga att nyttja, attrahera och tillvarata olika sorters kompetens",
            "Utveckla företag och organisationers innovationsfrämjande ledarskap och organisationskulturer",
        ],
        [
            "Andel företag som vill växa sett till anställda och omsättning",
            "Andel företag som uppger att utveckla nya varor och tjänster som en viktig åtgärd för att växa",
            "Andel företag som uppger att de anser att intern kompetensutveckling är en viktig åtgärd för att växa",
            "Företagens upplevda kompetensbrist",
        ],
        ["Fler utlandsfödda i arbete", "Ökad utbildningsnivå"],
        ["Ökad produktivitet", "Förbättrad matchning – fler i arbete", "Utbildningsnivån ska öka"],
    ),
    (
        ["Att få fler innovativa och växande företag"],
        [
            "Lågt förädlingsvärde och innovationsgrad",
            "Offentlig sektor svag på innovationsupphandling",
            "Dåligt koordinerat företagsfrämjande- och innovationsstödjande system",
            "Bristande matchning mellan innovationer och riskkapital",
        ],
        "ökat antal nya konkurrenskraftiga företag",
        [
            "Utveckla kunskapen om och nyttjandegraden av verktyg för innovationsutveckling",
            "Förbättra matchningen mellan innovationer och riskvilligt kapital",
            "Utveckla ett samordnat företagsfrämjande- och innovationsstödjande system tillgängligt för "
            "näringsliv, akademi samt offentlig och civil sektor.",
        ],
        [
            "Andel innovativa företag",
            "Andel av befolkningen som helst vill vara entreprenör",
            "Andel företag som har tagit fram en innovation under de tre senaste åren",
        ],
        ["Fler sysselsatta inom kunskapsintensiva näringslivet", "Nya arbetsställen inom kunskapsintensiva branscher"],
        ["Ökat antal arbetstillfällen", "Ökad förnyelseförmåga"],
    ),
]


def _text(el) -> str:  # type: ignore[no-untyped-def]
    return " ".join(el.text_content().split())


def _items(cell) -> list[str]:  # type: ignore[no-untyped-def]
    return [_text(li) for li in cell.xpath(".//li")]


def _strong_items(cell) -> list[str]:  # type: ignore[no-untyped-def]
    return [_text(li.xpath(".//strong")[0]) for li in cell.xpath(".//li")]


@pytest.fixture
def demo_chain(db):
    ensure_roles()
    load_document(read_strategy_file(DEMO))
    return make_user("lasare", "reader")


def _matrix(client, key: str):  # type: ignore[no-untyped-def]
    doc = lxml.html.fromstring(client.get("/styrkedjan/").content.decode())
    heading = doc.get_element_by_id(f"traceability-{key}")
    return heading.getnext().xpath(".//table")[0]


def test_the_ris_matrix_matches_the_source_documents_table(client, demo_chain):
    client.force_login(demo_chain)
    ris = Strategy.objects.get(short_name="RIS")
    table = _matrix(client, ris.key)
    headers = [_text(th) for th in table.xpath("./thead/tr/th")]
    assert headers == [
        "Utmaningar (RUS / RIS)",
        "RIS mål och prioriteringar",
        "Underindikatorer",
        "RIS-indikatorer",
        "RUS-indikatorer",
    ]
    rows = table.xpath("./tbody/tr")
    assert len(rows) == len(SOURCE_TABLE) == 3
    for row, (rus_ch, ris_ch, goal, prios, subs, ris_ind, rus_ind) in zip(rows, SOURCE_TABLE, strict=True):
        challenges, goal_cell, sub_cell, ind_cell, rus_cell = row.xpath("./td|./th")
        lists = challenges.xpath("./ul")
        assert [_text(p) for p in challenges.xpath("./p")] == ["RUS:", "RIS:"]
        assert _items(lists[0]) == rus_ch and _items(lists[1]) == ris_ch
        assert goal in _text(goal_cell.xpath("./a")[0])
        assert _items(goal_cell) == prios
        assert _items(sub_cell) == subs
        assert _strong_items(ind_cell) == ris_ind
        assert _strong_items(rus_cell) == rus_ind
        for cell in (challenges, goal_cell, sub_cell, ind_cell, rus_cell):
            items = _items(cell)
            assert len(items) == len(set(items)), items  # each item once


def test_the_matrix_is_in_english_with_the_switch(client, demo_chain):
    client.force_login(demo_chain)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    ris = Strategy.objects.get(short_name="RIS")
    headers = [_text(th) for th in _matrix(client, ris.key).xpath("./thead/tr/th")]
    assert headers == [
        "Challenges (RUS / RIS)",
        "RIS goals and priorities",
        "Sub-indicators",
        "RIS indicators",
        "RUS indicators",
    ]


def test_the_matrix_names_no_strategy_the_chain_does_not_have(client, world, reader):
    """The minimal chain: its sub-strategy's one goal is a row; column names come from the strategies."""
    client.force_login(reader)
    doc = lxml.html.fromstring(client.get("/styrkedjan/").content.decode())
    table = doc.get_element_by_id("traceability-sub").getnext().xpath(".//table")[0]
    assert "RIS" not in _text(table)
    (row,) = table.xpath("./tbody/tr")
    assert "Fler nya företag" in _text(row.xpath("./th")[0])
    assert _strong_items(row.xpath("./td")[-1]) == ["Sysselsättningsgraden ska vara minst 80 %"]


def test_chain_diagram_levels_collapse_with_statuses_and_linked_projects(client, world, reader):
    client.force_login(reader)
    doc = lxml.html.fromstring(client.get("/styrkedjan/").content.decode())
    diagram = doc.xpath("//ol[contains(@class, 'chain-diagram')]")[0]
    levels = diagram.xpath(".//details[contains(@class, 'chain-level')]")
    assert len(levels) == 3  # two RUS goals, one sub-strategy goal
    assert not any(d.get("open") is not None for d in levels)  # closed: the page starts short
    summaries = {_text(d.xpath("./summary")[0]) for d in levels}
    emp = next(s for s in summaries if "Sysselsättningsgraden ska vara minst 80 %" in s)
    assert "Risk att inte nås" in emp  # the latest run's status on the node, as text
    pop = next(s for s in summaries if "Befolkningen ska växa" in s)
    assert "I fas" in pop
    assert diagram.xpath(".//a[@href='/projekt/proj/']")  # the project node links to the project
    assert diagram.xpath(".//a[@href='/aktivitet/a1/']")


def test_public_visitors_see_project_nodes_without_links_to_closed_pages(client, world, settings):
    settings.PUBLIC_READ = True
    Strategy.objects.filter(key="sub").update(published=True)
    html = client.get("/styrkedjan/").content.decode()
    assert "Ett projekt" in html and 'href="/projekt/proj/"' not in html


def test_portfolio_shows_status_and_flags_off_track_goals_no_initiative_serves(client, world, reader):
    EvaluationResult.objects.filter(goal__key="g-pop").update(status="off_track")
    client.force_login(reader)
    doc = lxml.html.fromstring(client.get("/insatskartlaggning/").content.decode())
    alarm = doc.xpath("//div[contains(@class, 'notice-alarm')]")[0]
    assert "1 mål som inte är i fas och saknar insats" in _text(alarm)
    assert "Befolkningen ska växa" in _text(alarm)
    assert "Sysselsättningsgraden" not in _text(alarm)  # at risk, and a project serves it
    table = doc.xpath("//table[contains(@class, 'portfolio')]")[0]
    assert [_text(th) for th in table.xpath("./thead/tr/th")][:2] == ["Mål", "Status"]
    rows = {_text(r.xpath("./th")[0]): r for r in table.xpath("./tbody/tr")}
    pop = next(r for name, r in rows.items() if name.startswith("Befolkningen ska växa"))
    assert "inte i fas och ingen insats" in _text(pop.xpath("./th")[0])
    assert "Ej i fas" in _text(pop.xpath("./td")[0])
    emp = next(r for name, r in rows.items() if name.startswith("Sysselsättningsgraden"))
    assert "Risk att inte nås" in _text(emp.xpath("./td")[0])
    assert "ingen insats" not in _text(emp.xpath("./th")[0])


def test_portfolio_flags_nothing_when_no_goal_is_off_track(client, world, reader):
    client.force_login(reader)
    html = client.get("/insatskartlaggning/").content.decode()
    assert "notice-alarm" not in html
