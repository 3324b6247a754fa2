"""The Kronoberg demo holds every row of the customer's document (seed/000_ed0459290ad41b49.txt).

The Swedish strings below are copied from the seed. The demo file is loaded into the test
database and exported again, and each string must be found in the exported YAML, so both the
file and the load/export path are checked. The structure (which challenge and goal belong to
which RIS goal, the six RUS targets as typed rules) is checked on the exported document.
"""

from __future__ import annotations

import csv
import re
from typing import Any

import pytest
import yaml

from styrkedja.analytics.logic import ERROR, WARNING, check_chain
from styrkedja.analytics.model import default_operator
from styrkedja.demo import data_dir, strategy_file
from styrkedja.strategyfile import dump_document, read_strategy_file, read_strategy_text
from styrkedja.web.chain.chainfile import export_document, load_document
from styrkedja.web.chain.graph import chain_from_db

DEMO = strategy_file()


def norm(text: str) -> str:
    return " ".join(text.split())


# --- The seed, table by table ------------------------------------------------------------

# The RIS traceability table: one dict per row.
RIS_ROWS: list[dict[str, Any]] = [
    {
        "rus_challenges": [
            "En svag sysselsättningstillväxt som följd av en hög konjunkturkänslighet och ökad global konkurrens",
        ],
        "ris_challenges": [
            "Bristande erfarenhet av forsknings- och innovationssamverkan",
            "Svag länk mellan forskning och utbildning och näringslivets behov",
            "Otydliga regionala styrkor och svagt profilerade innovationsmiljöer",
            "Svaga klusterinitiativ",
        ],
        "goal": "Kronoberg ska 2025 utveckla länets styrkor genom utmaningsdriven samhandling mellan akademi, "
        "näringsliv, offentlig och civil sektor",
        "priorities": [
            "Utvecklad samverkan mellan akademi och omgivande samhälle",
            "Utveckla miljöer som främjar utmaningsdriven innovation",
            "Utveckla starka utmaningsdrivna fokusområden",
        ],
        "sub_indicators": ["FoU/BRP", "Andel företag som samverkar med andra företag"],
        "ris_indicators": [
            ("Fler sysselsatta inom valda fokusområden", "Sysselsatt dagbefolkning 20-64 år inom valda fokusområden"),
            ("Ökad produktivitet inom den varuproducerande sektorn", "BRP/Sysselsatt inom varuproducerande sektorn"),
        ],
        "rus_indicators": [
            ("Ökat antal arbetstillfällen",
             "Mellan 2014-2025 ska den sysselsatta dagbefolkningen i länet öka mer än medianen för riket"),
            ("Ökad produktivitet", "Mellan 2014-2025 ska BRP/Sysselsatt i Kronobergs län ökad mer än i riket"),
        ],
    },
    {
        "rus_challenges": [
            "Sysselsättningsgraden har minskat, men fortsatt upplever arbetsgivare svårigheter att hitta "
            "rätt kompetens",
        ],
        "ris_challenges": [
            "Svaga konkurrensmedel om talang",
            "Låg utbildningsnivå",
            "Demografisk utmaning och stora behov av generationsväxling",
            "Företags- och organisationskultur som motverkar innovativa idéer",
        ],
        "goal": "Kronoberg har 2025 ökad förändringsvilja och innovationsförmåga samt förbättrad tillgång till och "
        "nyttjandegrad av olika sorters kompetens",
        "priorities": [
            "Utveckla företag och organisationers förmåga att nyttja, attrahera och tillvarata olika sorters kompetens",
            "Utveckla företag och organisationers innovationsfrämjande ledarskap och organisationskulturer",
        ],
        "sub_indicators": [
            "Andel företag som vill växa sett till anställda och omsättning",
            "Andel företag som uppger att utveckla nya varor och tjänster som en viktig åtgärd för att växa",
            "Andel företag som uppger att de anser att intern kompetensutveckling är en viktig åtgärd för att växa",
            "Företagens upplevda kompetensbrist",
        ],
        "ris_indicators": [
            ("Fler utlandsfödda i arbete", "Sysselsättningsgrad utlandsfödda"),
            ("Ökad utbildningsnivå", "Andelen eftergymnasialt utbildade av befolkningen"),
        ],
        "rus_indicators": [
            ("Ökad produktivitet", "Mellan 2014-2025 ska BRP/Sysselsatt i Kronobergs län ökad mer än i riket"),
            ("Förbättrad matchning – fler i arbete",
             "År 2025 ska sysselsättningsgraden i länet uppgå till minst 80 %"),
            ("Utbildningsnivån ska öka",
             "År 2025 ska andelen av befolkningen med minst en gymnasial utbildning överstiga riksgenomsnittet"),
        ],
    },
    {
        "rus_challenges": ["Att få fler innovativa och växande företag"],
        "ris_challenges": [
            "Lågt förädlingsvärde och innovationsgrad",
            "Offentlig sektor svag på innovationsupphandling",
            "Dåligt koordinerat företagsfrämjande- och innovationsstödjande system",
            "Bristande matchning mellan innovationer och riskkapital",
        ],
        "goal": "Kronoberg har 2025 ökat antal nya konkurrenskraftiga företag samt ökat antal nyttiggjorda "
        "innovativa idéer",
        "priorities": [
            "Utveckla kunskapen om och nyttjandegraden av verktyg för innovationsutveckling",
            "Förbättra matchningen mellan innovationer och riskvilligt kapital",
            "Utveckla ett samordnat företagsfrämjande- och innovationsstödjande system tillgängligt för näringsliv, "
            "akademi samt offentlig och civil sektor.",
        ],
        "sub_indicators": [
            "Andel innovativa företag",
            "Andel av befolkningen som helst vill vara entreprenör",
            "Andel företag som har tagit fram en innovation under de tre senaste åren",
        ],
        "ris_indicators": [
            ("Fler sysselsatta inom kunskapsintensiva näringslivet",
             "Sysselsatt dagbefolkning 20-64 år inom valda fokusområden"),
            ("Nya arbetsställen inom kunskapsintensiva branscher",
             "Antal arbetsställen med minst 1 sysselsatt per 1000 invånare inom det kunskapsintensiva näringslivet"),
        ],
        "rus_indicators": [
            ("Ökat antal arbetstillfällen",
             "Mellan 2014-2025 ska den sysselsatta dagbefolkningen i länet öka mer än medianen för riket"),
            ("Ökad förnyelseförmåga",
             "År 2025 ska länet ligga över medianen sett till antal arbetsställen med minst 1 sysselsatt per 1000 "
             "invånare"),
        ],
    },
]  # fmt: skip

# The chain example (strateginivå): level -> activities/priority, short/medium term, long term.
CHAIN = {
    "RUS": ["Främja näringslivets diversifiering", "Antalet arbetstillfällen (minst 1 anställd) per 1000 inv. ska öka"],
    "Understrategier": [
        "Stärk platsbundna näringar (ex: turismsektorn) i kommuner under omställning",
        "Andelen av befolkningen som helst vill vara företagare i aktuella kommuner",
        "Stämningläget bland befintliga företag i aktuella kommuner",
        "Besöksnätter i länet",
        "Antalet arbetstillfällen (minst 1 anställd) inom turismsektorn",
    ],
    "Projekt": [
        "Sydostleden – cykelled och företagande",
        "Andel av deltagarna som vill bli företagare/bedömer de kommer att starta företag som en följd av projektet",
        "Andel av deltagarna som startade företag",
    ],
    "Organisation/Bolag": [
        "Destination Småland – Internationell marknadsföring och utveckling av specifika turistföretag",
        "Utveckling av besöksnätter för de aktuella turistföretagen/attraktionerna",
        "Utveckling antal anställda inom berörda turistföretag",
    ],
}

# The project plan template's examples (the template's "Ex:" marks them as examples; the demo states them as targets).
TEMPLATE = [
    "30 % av deltagarna ska starta företag",
    "60 % av deltagarna ska vilja bli företagare/bedöma att de kommer att bli det",
    "Delmål 2",
    "Delmål 3",
]

# Påverkansfaktorer and their indicators.
FACTORS = {
    "Bostäder": ["Bostadspriser", "Antal nybyggda lägenheter", "Upplevd bostadsbrist", "Lägenheter per invånare"],
    "Trygghet och säkerhet": ["Brott per 1000 invånare", "Upplevd trygghet",
                              "Indikator över polisbemanning/ambulans osv."],
    "Kultur och nöje": ["Antal restauranger/pubar per 1000 inv.", "Kulturarbetare per 1000 inv."],
    "Socialt kapital": ["Deltagande i föreningar", "Tillit till andra människor"],
    "Service och tillgänglighet": ["Avstånd till livsmedelsbutik", "Tillgång till bredband", "Vårdmåt",
                                   "Mer än 1000 m till busshållplats", "NKI med kollektivtrafiken"],
    "Publik bild av länet": ["SKL Skolranking", "Fokus boenderanking", "Turistnätter"],
}  # fmt: skip

# The indicator table (population).
POPULATION = {
    "indicator": "Befolkningsantalet",
    "motivation": (
        "En ökande befolkning är en av de främsta indikatorerna för en plats attraktivitet och framtida "
        "försörjningsförmåga. Historiskt sett sammanhänger en positiv befolkningsutveckling med andra centrala "
        "faktorer som ett gott klimat, goda arbetsmöjligheter och attraktiva livsmiljöer. Indikatoren kan brytas "
        "ned i en rad olika komponenter; födelsenetto, utrikes flyttnetto, inrikes flyttnetto osv."
    ),
    "goal": "Mellan 2014-2025 ska befolkningstillväxten i länet överstiga medianen för riket",
    "comment": (
        "Ökningen i länet har under de senaste åren varit historiskt hög främst beroende på invandring. "
        "Inflyttningen till storstäderna kan förväntas att fortsätta och den stora nittiotalistkullen kommer snart "
        "ha lämnat flyttintensiv ålder. Under en längre tid har regionens befolkningsutveckling vida överstigit "
        "snittet för regioner utanför storstäderna, men varit lägre än riksgenomsnittet som en följd av den "
        "massiva befolkningstillväxten i storstäderna. Främst är det länen runt storstäderna som växer, och en "
        "rimlig positionering är att vara bland de tio län med högst befolkningsökning givet länets "
        "förutsättningar som ett glest län men närhet till storstadsregioner."
    ),
}

# The six RUS targets as typed rules: goal formulation -> expected targets.
RUS_TARGETS = {
    "Mellan 2014-2025 ska den sysselsatta dagbefolkningen i länet öka mer än medianen för riket": [
        {"rule": "growth_vs_benchmark", "benchmark": "peer_median", "base_year": 2014, "target_year": 2025},
    ],
    "Mellan 2014-2025 ska BRP/Sysselsatt i Kronobergs län ökad mer än i riket": [
        {"rule": "growth_vs_benchmark", "benchmark": "riket", "base_year": 2014, "target_year": 2025},
    ],
    "År 2025 ska sysselsättningsgraden i länet uppgå till minst 80 %": [
        {"rule": "level", "operator": ">=", "value": 80, "target_year": 2025},
    ],
    "År 2025 ska andelen av befolkningen med minst en gymnasial utbildning överstiga riksgenomsnittet": [
        {"rule": "level_vs_benchmark", "benchmark": "riket", "target_year": 2025},
    ],
    "År 2025 ska länet ligga över medianen sett till antal arbetsställen med minst 1 sysselsatt per 1000 invånare": [
        {"rule": "level_vs_benchmark", "benchmark": "peer_median", "target_year": 2025},
    ],
    "Mellan 2014-2025 ska befolkningstillväxten i länet överstiga medianen för riket": [
        {"rule": "growth_vs_benchmark", "benchmark": "peer_median", "base_year": 2014, "target_year": 2025},
        {"rule": "rank", "rank": 10, "rank_by": "growth", "base_year": 2014, "target_year": 2025},
    ],
}  # fmt: skip


# --- Helpers --------------------------------------------------------------------------------


@pytest.fixture
def exported(db) -> tuple[dict[str, Any], str]:
    load_document(read_strategy_file(DEMO))
    doc = export_document()
    return doc, dump_document(doc)


def strategy(doc: dict[str, Any], level: str, short_name: str | None = None) -> dict[str, Any]:
    found = [s for s in doc["strategies"] if s["level"] == level and (short_name is None or
                                                                        s.get("short_name") == short_name)]  # fmt: skip
    assert len(found) == 1, f"expected one {level} strategy {short_name or ''}"
    return found[0]


def all_goals(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    owners = doc.get("strategies", []) + doc.get("initiatives", [])
    return {g["id"]: g for owner in owners for g in owner.get("goals", [])}


def goal_with(goals: dict[str, dict[str, Any]], text: str) -> dict[str, Any]:
    """The one goal whose formulation (or name) is the seed's text."""
    found = [g for g in goals.values() if norm(g.get("formulation", g["name"])) == norm(text)]
    assert len(found) == 1, f"expected one goal formulated {text!r}, found {len(found)}"
    return found[0]


def indicator_texts(doc: dict[str, Any], key: str) -> str:
    ind = next(i for i in doc["indicators"] if i["id"] == key)
    return norm(" ".join(str(ind.get(f, "")) for f in ("name", "definition", "source_note")))


# --- Tests ----------------------------------------------------------------------------------


def test_every_seed_string_is_in_the_exported_file(exported):
    _doc, text = exported
    haystack = norm(text)
    strings = [*TEMPLATE, *(s for level in CHAIN.values() for s in level)]
    for factor, indicators in FACTORS.items():
        strings += [factor, *indicators]
    strings += [POPULATION["indicator"], POPULATION["motivation"], POPULATION["goal"], POPULATION["comment"]]
    for row in RIS_ROWS:
        strings += [*row["rus_challenges"], *row["ris_challenges"], row["goal"], *row["priorities"],
                    *row["sub_indicators"]]  # fmt: skip
        for name, indicator in row["ris_indicators"] + row["rus_indicators"]:
            strings += [name, indicator]
    missing = [s for s in strings if norm(s) not in haystack]
    assert not missing, "not in the exported demo:\n" + "\n".join(missing)
    # The export is itself a valid strategy file.
    read_strategy_text(text, "exported.yaml")


def test_ris_table_rows_are_linked(exported):
    doc, _text = exported
    goals = all_goals(doc)
    rus, ris = strategy(doc, "rus"), strategy(doc, "sub_strategy", "RIS")
    assert ris.get("parent") == rus["id"]
    ris_challenges = {norm(c["text"]): c for c in ris.get("challenges", [])}
    rus_challenges = {norm(c["text"]): c for c in rus.get("challenges", [])}
    priorities = {norm(p["text"]): p for p in ris.get("priorities", [])}
    assert len(ris_challenges) == 12 and len(priorities) == 8 and len(rus_challenges) == 3
    for row in RIS_ROWS:
        ris_goal = goal_with(goals, row["goal"])
        assert ris_goal["kind"] == "long_term" and "indicator" not in ris_goal
        assert ris_goal["id"] in {g["id"] for g in ris["goals"]}
        rus_goal_ids = {goal_with(goals, sentence)["id"] for _name, sentence in row["rus_indicators"]}
        for text in row["ris_challenges"]:
            assert ris_goal["id"] in ris_challenges[norm(text)].get("goals", []), text
        for text in row["rus_challenges"]:
            assert ris_goal["id"] in rus_challenges[norm(text)].get("goals", []), text
        for text in row["priorities"]:
            assert ris_goal["id"] in priorities[norm(text)].get("goals", []), text
        for name in row["sub_indicators"]:
            sub = goal_with(goals, name)
            assert sub["kind"] == "short_medium" and sub.get("indicator"), name
            assert ris_goal["id"] in sub.get("contributes_to", []), name
        for name, indicator in row["ris_indicators"]:
            found = [g for g in ris["goals"] if g["name"] == name]
            assert len(found) == 1, name
            goal = found[0]
            assert goal["kind"] == "long_term" and goal.get("indicator"), name
            assert indicator in goal["formulation"] or indicator in indicator_texts(doc, goal["indicator"]), name
            assert {ris_goal["id"], *rus_goal_ids} <= set(goal.get("contributes_to", [])), name
        for name, sentence in row["rus_indicators"]:
            rus_goal = goal_with(goals, sentence)
            assert rus_goal["name"] == name and rus_goal["id"] in {g["id"] for g in rus["goals"]}


def test_the_six_rus_targets_are_typed_rules(exported):
    doc, _text = exported
    goals = all_goals(doc)
    for sentence, expected in RUS_TARGETS.items():
        goal = goal_with(goals, sentence)
        targets = goal.get("targets", [])
        assert len(targets) == len(expected), sentence
        for target, want in zip(targets, expected, strict=True):
            effective = {"operator": default_operator(target["rule"]), **target}
            for key, value in want.items():
                assert effective.get(key) == value, f"{sentence}: {key} = {effective.get(key)!r}, expected {value!r}"
            if target["rule"] in ("growth_vs_benchmark", "level_vs_benchmark"):
                assert "operator" not in target  # the strict ">" default: "more than", "above"
        assert norm(targets[0]["text"]) == norm(sentence)
        assert goal.get("indicator"), sentence
    population = goal_with(goals, POPULATION["goal"])
    ind = next(i for i in doc["indicators"] if i["id"] == population["indicator"])
    assert norm(ind["motivation"]) == norm(POPULATION["motivation"])
    assert norm(ind["target_comment"]) == norm(POPULATION["comment"])
    assert population["baseline"] == {"value": 189128, "period": "2014", "source": population["baseline"]["source"]}


def test_chain_example_links_top_to_bottom(exported):
    doc, _text = exported
    goals = all_goals(doc)
    rus = strategy(doc, "rus")
    workplaces = goal_with(goals, "Antalet arbetstillfällen (minst 1 anställd) per 1000 inv. ska öka")
    assert workplaces["targets"][0]["rule"] == "change" and workplaces["targets"][0]["change"] == "increase"
    diversify = next(p for p in rus["priorities"] if p["text"] == "Främja näringslivets diversifiering")
    assert workplaces["id"] in diversify["goals"]
    tourism = next(s for s in doc["strategies"] if s["name"] == CHAIN["Understrategier"][0])
    assert tourism["level"] == "sub_strategy" and tourism["parent"] == rus["id"]
    long_term = goal_with(goals, "Antalet arbetstillfällen (minst 1 anställd) inom turismsektorn")
    assert long_term["kind"] == "long_term" and workplaces["id"] in long_term["contributes_to"]
    for name in CHAIN["Understrategier"][1:4]:
        short = goal_with(goals, name)
        assert short["kind"] == "short_medium" and short["id"] in {g["id"] for g in tourism["goals"]}
        assert long_term["id"] in short["contributes_to"]

    project = next(i for i in doc["initiatives"] if i["name"] == CHAIN["Projekt"][0])
    assert project["kind"] == "project" and project["strategy"] == tourism["id"]
    by_name = {g["name"]: g for g in project["goals"]}
    main = by_name["Andel av deltagarna som startade företag"]
    sub1 = by_name[CHAIN["Projekt"][1]]
    assert main["kind"] == "long_term" and sub1["kind"] == "short_medium"
    assert goal_with(goals, CHAIN["Understrategier"][1])["id"] in main["contributes_to"]
    assert main["targets"] == [{**main["targets"][0], "rule": "share", "value": 30}]
    assert sub1["targets"] == [{**sub1["targets"][0], "rule": "share", "value": 60}]
    assert sub1["contributes_to"] == [main["id"]]  # project logic: activities -> sub-goals -> main goals
    for empty in ("Delmål 2", "Delmål 3"):
        assert {k: v for k, v in by_name[empty].items() if k != "id"} == {"kind": "short_medium", "name": empty}
    assert project["activities"] and all(sub1["id"] in a["feeds"] for a in project["activities"])
    assert all("illustrativt" in a["content"] for a in project["activities"])

    org = next(i for i in doc["initiatives"] if i["name"] == CHAIN["Organisation/Bolag"][0])
    assert org["kind"] in ("organisation", "company") and org["strategy"] == tourism["id"]
    org_goals = {g["name"]: g for g in org["goals"]}
    assert org_goals[CHAIN["Organisation/Bolag"][1]]["kind"] == "short_medium"
    assert long_term["id"] in org_goals[CHAIN["Organisation/Bolag"][2]]["contributes_to"]


def test_influence_factors_hold_their_indicators(exported):
    doc, _text = exported
    factors = {f["name"]: f for f in doc["influence_factors"]}
    assert set(factors) == set(FACTORS)
    for name, seed_indicators in FACTORS.items():
        factor = factors[name]
        # Every seed indicator is there; an extra one must say which seed indicator it stands in for.
        extras = len(factor["indicators"]) - len(seed_indicators)
        assert extras >= 0, name
        stand_ins = [k for k in factor["indicators"] if norm("Ersättare") in indicator_texts(doc, k)]
        assert len(stand_ins) == extras, name
        texts = " | ".join(indicator_texts(doc, key) for key in factor["indicators"])
        for seed in seed_indicators:
            assert norm(seed) in texts, f"{name}: {seed}"


def test_logic_check_flags_the_empty_template_sub_goals(exported):
    findings = check_chain(chain_from_db())
    assert [f for f in findings if f.severity == ERROR] == []
    codes = {(f.code, f.subject.split()[1]) for f in findings if f.severity == WARNING}
    for key in ("sydostleden-delmal-2", "sydostleden-delmal-3"):
        assert ("subgoal-empty", key) in codes
        assert ("subgoal-no-activity", key) in codes
    assert ("subgoal-no-activity", "sydostleden-delmal-1") not in codes


def csv_value(pattern: str, series: str, period: str, area: str = "07") -> float:
    path = next(data_dir().glob(pattern + ".csv"))
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row["indicator"], row["area_code"], row["period"]) == (series, area, period):
                return float(row["value"])
    raise AssertionError(f"{series} {area} {period} not in {path.name}")


def test_baselines_come_from_the_demo_data(exported):
    """Every baseline value is one that the demo data give (or a computation on them stated in the source)."""
    doc, _text = exported
    values = {g["id"]: g["baseline"]["value"] for g in all_goals(doc).values() if "value" in g.get("baseline", {})}
    grp = csv_value("eurostat_grp_*", "grp_MIO_NAC", "2014")
    employed = csv_value("employment_persons_nuts3_*", "employment_workplace_based_eurostat", "2014")
    post = csv_value("education_post_secondary_*2010_2024*", "post_secondary_education_share_25_64", "2014")
    upper = csv_value("education_upper_secondary_*", "upper_secondary_highest_education_share_25_64", "2014")
    assert values == {
        "rus-mal-befolkning": csv_value("eurostat_population_*", "population_31dec", "2014"),
        "rus-mal-produktivitet": round(grp / employed * 1000, 1),
        "rus-mal-matchning": csv_value("employment_rate_20_64_*", "employment_rate_20_64", "2020"),
        "rus-mal-utbildning": round(post + upper, 2),
        "ris-ind-utbildningsniva": csv_value("education_post_secondary_*2010_2024*",
                                             "post_secondary_education_share_25_64", "2018"),
        "turism-besoksnatter": csv_value("guest_nights_total_*", "guest_nights_total", "2018"),
        "rus-mal-arbetstillfallen": employed,  # the stand-in series' base year
        "ris-ind-utlandsfodda": csv_value("employment_rate_foreign_born_*", "employment_rate_foreign_born_20_64",
                                          "2020"),
    }  # fmt: skip


def test_demo_round_trips(exported):
    """Loading the exported demo again and exporting gives the same text (lossless, idempotent)."""
    _doc, text = exported
    load_document(read_strategy_text(text, "exported.yaml"))
    assert dump_document(export_document()) == text


def test_manifest_points_at_real_series_and_indicators():
    """data/manifest.yaml: every entry names a tidy CSV here, a series in it and an indicator of the demo."""
    manifest = yaml.safe_load((data_dir() / "manifest.yaml").read_text(encoding="utf-8"))
    indicators = {i["id"] for i in read_strategy_file(DEMO)["indicators"]}
    assert len(manifest) == 30
    assert len({(e["file"], e["series"], e["indicator"]) for e in manifest}) == len(manifest)  # no entry twice
    for entry in manifest:
        assert set(entry) == {"file", "series", "indicator", "source", "retrieved_at"}, entry
        path = data_dir() / entry["file"]
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert {"indicator", "area_code", "area_name", "period", "value", "unit", "source"} <= set(
                reader.fieldnames or []
            )
            assert any(row["indicator"] == entry["series"] for row in reader), entry["series"]
        assert entry["indicator"] in indicators, entry["indicator"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["retrieved_at"]), entry["retrieved_at"]


def test_indicators_with_a_series_say_so_and_those_without_keep_saying_they_have_none():
    """An indicator fed by the manifest never claims to lack a real series; one without keeps saying so."""
    manifest = yaml.safe_load((data_dir() / "manifest.yaml").read_text(encoding="utf-8"))
    fed = {entry["indicator"] for entry in manifest}
    for ind in read_strategy_file(DEMO)["indicators"]:
        note = ind.get("source_note", "")
        if ind["id"] in fed:
            assert "Ingen verklig serie i" not in note, ind["id"]
        elif ind["source"]["kind"] not in ("computed", "project"):
            assert "Ingen verklig serie" in note, ind["id"]


def test_a_stand_in_series_is_named_on_the_indicator_it_stands_in_for():
    """Eurostat's employment by workplace feeds `sysselsatt-dagbefolkning`: the indicator says so in one sentence."""
    indicators = {i["id"]: i for i in read_strategy_file(DEMO)["indicators"]}
    stand_ins = {key for key, ind in indicators.items() if ind.get("stand_in")}
    assert stand_ins == {"sysselsatt-dagbefolkning"}
    text = indicators["sysselsatt-dagbefolkning"]["stand_in"]
    assert "nama_10r_3empers" in text and text.count(". ") == 0 and text.endswith(".")


def test_converted_files_are_what_the_conversion_gives_from_the_originals():
    """The tidy files made once from files in another layout are reproducible (styrkedja.demo.convert)."""
    from styrkedja.demo import convert

    for conversion in convert.CONVERSIONS:
        assert (data_dir() / conversion.tidy).read_text(encoding="utf-8") == convert.tidy_text(conversion)
        note = (data_dir() / f"{conversion.tidy}.source.txt").read_text(encoding="utf-8")
        assert note == convert.source_text(conversion)
        assert f"original/{conversion.original}" in note
