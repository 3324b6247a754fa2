"""Plain-language explanations (Swedish and English) of target and trend results."""

from __future__ import annotations

import re

from styrkedja.analytics import model as m
from styrkedja.analytics.frames import area_level
from styrkedja.analytics.history_text import history_sentences
from styrkedja.analytics.text import (
    format_number_en,
    format_number_sv,
    format_percent_en,
    format_percent_sv,
    ordinal_en,
)

EN_DASH = "\u2013"

_PROGRESS_SV = {
    m.PROGRESS_ACHIEVED: "målet är uppnått",
    m.PROGRESS_ON_TRACK: "i fas",
    m.PROGRESS_ACCELERATION_NEEDED: "takten behöver öka",
    m.PROGRESS_LIMITED: "begränsade framsteg",
    m.PROGRESS_DETERIORATION: "utvecklingen går åt fel håll",
}
_PROGRESS_EN = {
    m.PROGRESS_ACHIEVED: "target achieved",
    m.PROGRESS_ON_TRACK: "on track",
    m.PROGRESS_ACCELERATION_NEEDED: "acceleration needed",
    m.PROGRESS_LIMITED: "limited progress",
    m.PROGRESS_DETERIORATION: "deterioration",
}
_OP_SV = {">": "över", ">=": "minst", "<": "under", "<=": "högst"}
_OP_EN = {">": "above", ">=": "at least", "<": "below", "<=": "at most"}
_TREND_SV = {m.IMPROVING: "förbättrats", m.UNCHANGED: "är i stort sett oförändrad", m.WORSENING: "försämrats"}
_TREND_EN = {m.IMPROVING: "improved", m.UNCHANGED: "is broadly unchanged", m.WORSENING: "worsened"}
_TREND_SV_SHORT = {m.IMPROVING: "en förbättring", m.UNCHANGED: "i stort sett oförändrat", m.WORSENING: "en försämring"}
_TREND_EN_SHORT = {m.IMPROVING: "an improvement", m.UNCHANGED: "broadly unchanged", m.WORSENING: "a deterioration"}


def _level_words(area: str) -> tuple[str, str, str, str]:
    """(Swedish noun for the area, Swedish plural of peers, English noun, English plural)."""
    try:
        level = area_level(area)
    except ValueError:
        level = "other"
    if level == "county":
        return "länet", "län", "county", "counties"
    if level == "municipality":
        return "kommunen", "kommuner", "municipality", "municipalities"
    return "området", "jämförelseområden", "area", "peers"


def _bench_label(rule: m.TargetRule, area: str) -> tuple[str, str]:
    noun_sv, _, _noun_en, plural_en = _level_words(area)
    default = rule.peer_group is None
    if rule.benchmark == "riket":
        return "riket", "Sweden as a whole"
    if rule.benchmark == "peer_mean":
        if default and noun_sv == "länet":
            return "genomsnittet för länen", "the county average"
        if default and noun_sv == "kommunen":
            return "genomsnittet för kommunerna", "the municipal average"
        return "genomsnittet i jämförelsegruppen", "the peer-group average"
    if default and noun_sv == "länet":
        return "medianlänet", "the median county"
    if default and noun_sv == "kommunen":
        return "mediankommunen", "the median municipality"
    return (
        "medianen i jämförelsegruppen",
        f"the median of the {plural_en}" if plural_en != "peers" else "the peer median",
    )


def _fmt(x: float | None, ind: m.IndicatorInfo, sv: bool) -> str:
    unit = ind.unit or None
    return format_number_sv(x, ind.decimals, unit=unit) if sv else format_number_en(x, ind.decimals, unit=unit)


def _growth_words(g: float | None, measure: str | None, sv: bool) -> str:
    """ "ökade med 7,5 %" / "increased by 7.5%"; percentage points spelled out."""
    if g is None:
        return "uppgift saknas" if sv else "no data"
    mag = abs(g)
    if sv:
        verb = "ökade med" if g > 0 else ("minskade med" if g < 0 else "var oförändrad,")
        amount = format_number_sv(mag, 1, unit="procentenheter" if measure == "pp" else "%")
    else:
        verb = "increased by" if g > 0 else ("decreased by" if g < 0 else "was unchanged,")
        amount = format_number_en(mag, 1, unit="percentage points" if measure == "pp" else "%")
    return f"{verb} {amount}" if g != 0 else verb.rstrip(",") + f" ({amount})"


def _target_phrase(spec: m.TargetSpec, sv: bool) -> str:
    """Short description of the target, e.g. "över medianen 2014–2025"."""
    rule, ind = spec.rule, spec.indicator
    span = f"{rule.base_year}{EN_DASH}{rule.target_year}" if rule.base_year is not None else str(rule.target_year)
    ops = _OP_SV if sv else _OP_EN
    if rule.rule in (m.GROWTH_VS_BENCHMARK, m.LEVEL_VS_BENCHMARK):
        bench = {
            "riket": ("riket", "Sweden"),
            "peer_median": ("medianen", "the median"),
            "peer_mean": ("genomsnittet", "the mean"),
        }[rule.benchmark or "peer_median"]
        what_sv = what_en = ""
        period = span if rule.rule == m.GROWTH_VS_BENCHMARK else str(rule.target_year)
        if sv:
            return f"{what_sv}{ops[rule.operator]} {bench[0]} {period}"
        return f"{what_en}{ops[rule.operator]} {bench[1]} {period}"
    if rule.rule == m.RANK:
        by_sv = "tillväxt" if rule.rank_by == "growth" else "nivå"
        if sv:
            return f"plats {rule.rank} eller bättre efter {by_sv} {span}"
        return f"rank {rule.rank} or better by {rule.rank_by} {span}"
    if rule.rule == m.CHANGE:
        up = rule.change == "increase"
        if rule.value is None:
            return (
                (f"ökning {span}" if up else f"minskning {span}")
                if sv
                else (f"increase {span}" if up else f"decrease {span}")
            )
        cunit = (
            ("procentenheter" if sv else "percentage points")
            if spec.indicator.measure_type in m.POINT_MEASURES or rule.growth == "pp"
            else "%"
        )
        amount = format_number_sv(rule.value, 1, unit=cunit) if sv else format_number_en(rule.value, 1, unit=cunit)
        if sv:
            return f"{'ökning' if up else 'minskning'} med minst {amount} {span}"
        return f"{'increase' if up else 'decrease'} of at least {amount} {span}"
    unit = "%" if rule.rule == m.SHARE else (ind.unit or None)
    amount = (
        format_number_sv(rule.value, ind.decimals, unit=unit)
        if sv
        else format_number_en(rule.value, ind.decimals, unit=unit)
    )
    return (
        f"{ops[rule.operator]} {amount} år {rule.target_year}"
        if sv
        else f"{ops[rule.operator]} {amount} by {rule.target_year}"
    )


# Reasons for no_data as written by evaluate.py / trend.py (English, technical) -> a plain clause in
# Swedish and English. Patterns are matched in order; {area} is the area's name, {n}/{min}/{year}
# come from the reason. Unknown reasons fall back to a generic clause (English keeps the reason).
_NO_DATA_PATTERNS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"^no value for (?P<code>\S+) in the base year (?P<year>\d{4})"),
        "värde för basåret {year} saknas för {area}",
        "there is no value for {area} in the base year {year}",
    ),
    (
        re.compile(r"^no value for the base year (?P<year>\d{4})"),
        "värde för basåret {year} saknas för {area}",
        "there is no value for {area} in the base year {year}",
    ),
    (
        re.compile(r"^too few observations to forecast \((?P<n>\d+) < (?P<min>\d+)\)"),
        "det finns bara {n_sv} för {area}, och en prognos kräver minst {min}",
        "there {n_en} for {area}, and a forecast needs at least {min}",
    ),
    (
        re.compile(r"^no observations for \S+ up to (?P<year>\d{4})"),
        "det finns inga värden för {area} till och med {year}",
        "there are no values for {area} up to {year}",
    ),
    (
        re.compile(r"^no observations for "),
        "det finns inga värden för {area}",
        "there are no values for {area}",
    ),
    (
        re.compile(r"^no peers to compare"),
        "det finns ingen jämförelsegrupp att jämföra {area} med",
        "there is no peer group to compare {area} with",
    ),
    (
        re.compile(r"^no comparable year for \S+ and its peers up to (?P<year>\d{4})"),
        "det finns inget år till och med {year} med värden för både {area} och jämförelsegruppen",
        "no year up to {year} has values for both {area} and its peers",
    ),
    (
        re.compile(r"^no observation after the base year"),
        "det finns inga värden för {area} efter basåret",
        "there are no values for {area} after the base year",
    ),
    (
        re.compile(r"^growth undefined"),
        "förändringen kan inte beräknas eftersom värdet för {area} i basåret inte är större än noll",
        "the change cannot be computed because the base-year value for {area} is not positive",
    ),
    (
        re.compile(r"^invalid rule"),
        "målet är ofullständigt eller felaktigt angivet i strategin och behöver rättas",
        "the target is incomplete or wrongly specified in the strategy and needs correcting ({reason})",
    ),
    (
        re.compile(r"^unknown peer group (?P<group>.+)$"),
        "jämförelsegruppen {group} är okänd",
        "the peer group {group} is unknown",
    ),
)


def no_data_clauses(reason: str | None, area_name: str) -> tuple[str, str]:
    """(Swedish, English) clause saying why a result could not be assessed, e.g.
    ("värde för basåret 2014 saknas för Kronobergs län", "there is no value for Kronobergs län in the
    base year 2014")."""
    r = (reason or "").strip()
    for pattern, sv, en in _NO_DATA_PATTERNS:
        hit = pattern.match(r)
        if hit is None:
            continue
        groups = hit.groupdict()
        n = int(groups.get("n") or 0)
        fields = {
            **groups,
            "area": area_name,
            "reason": r,
            "n_sv": "en observation" if n == 1 else f"{n} observationer",
            "n_en": "is only one observation" if n == 1 else f"are only {n} observations",
        }
        if n == 0 and "n" in groups:
            fields["n_sv"], fields["n_en"] = "inga observationer", "are no observations"
            return (
                sv.replace("det finns bara", "det finns").format(**fields),
                en.format(**fields),
            )
        return sv.format(**fields), en.format(**fields)
    if r:
        return f"underlag saknas för {area_name}", f"data are missing for {area_name} ({r})"
    return f"underlag saknas för {area_name}", f"data are missing for {area_name}"


def _no_data_target(spec: m.TargetSpec, res: m.TargetResult) -> tuple[str, str]:
    why_sv, why_en = no_data_clauses(res.reason, spec.area_name)
    ind = spec.indicator
    if spec.rule.problems():  # the rule itself is malformed: do not describe it
        return f"Målet kan inte bedömas: {why_sv}.", f"The target cannot be assessed: {why_en}."
    return (
        f"Målet kan inte bedömas: {why_sv}. Målet gäller {ind.name}: {_target_phrase(spec, True)}.",
        f"The target cannot be assessed: {why_en}. The target concerns {ind.label_en}: {_target_phrase(spec, False)}.",
    )


def explain_target(spec: m.TargetSpec, res: m.TargetResult) -> tuple[str, str]:
    """(Swedish, English) explanation of one result."""
    if res.status == m.NO_DATA:
        return _no_data_target(spec, res)
    if spec.rule.rule in (m.GROWTH_VS_BENCHMARK, m.LEVEL_VS_BENCHMARK, m.RANK):
        sv, en = _relative_sentences(spec, res)
    else:
        sv, en = _absolute_sentences(spec, res)
    sv.append(_outcome_sv(spec, res))
    en.append(_outcome_en(spec, res))
    basis_sv, basis_en = history_sentences(res)
    sv.append(basis_sv)
    en.append(basis_en)
    return " ".join(s for s in sv if s), " ".join(s for s in en if s)


def _relative_sentences(spec: m.TargetSpec, res: m.TargetResult) -> tuple[list[str], list[str]]:
    ind, rule = spec.indicator, spec.rule
    noun_sv, plural_sv, noun_en, plural_en = _level_words(spec.area)
    bench_sv, bench_en = _bench_label(rule, spec.area)
    sv: list[str] = []
    en: list[str] = []
    if res.growth is not None:
        span = f"{res.base_year}{EN_DASH}{res.data_through}"
        first_sv = f"{ind.name} i {spec.area_name} {_growth_words(res.growth, res.growth_measure, True)} {span}"
        first_en = f"{ind.label_en} in {spec.area_name} {_growth_words(res.growth, res.growth_measure, False)} {span}"
        b = res.benchmark
        if b is not None and b.value is not None and rule.rule != m.RANK:
            first_sv += f"; {bench_sv} {_growth_words(b.value, res.growth_measure, True)}"
            first_en += f"; {bench_en} {_growth_words(b.value, res.growth_measure, False)}"
    else:
        first_sv = f"{ind.name} i {spec.area_name} var {_fmt(res.value, ind, True)} {res.data_through}"
        first_en = f"{ind.label_en} in {spec.area_name} was {_fmt(res.value, ind, False)} in {res.data_through}"
        b = res.benchmark
        if b is not None and b.value is not None and rule.rule != m.RANK:
            first_sv += f"; {bench_sv} låg på {_fmt(b.value, ind, True)}"
            first_en += f"; {bench_en} was {_fmt(b.value, ind, False)}"
    sv.append(first_sv + ".")
    en.append(first_en + ".")
    if res.rank is not None and res.rank > 0:
        worse = " (lägst värde räknas som bäst)" if ind.direction == m.LOWER_IS_BETTER else ""
        worse_en = " (lowest is best)" if ind.direction == m.LOWER_IS_BETTER else ""
        sv.append(f"{noun_sv.capitalize()} ligger på plats {res.rank} av {res.rank_n}{worse}.")
        en.append(f"The {noun_en} ranks {ordinal_en(res.rank)} of {res.rank_n}{worse_en}.")
    if res.benchmark is not None and res.benchmark.excluded:
        k = len(res.benchmark.excluded)
        missing = ", ".join(res.benchmark.excluded)
        sv.append(f"Jämförelsen bygger på {res.benchmark.n} {plural_sv} med data; {k} saknas ({missing}).")
        en.append(f"The comparison uses {res.benchmark.n} {plural_en} with data; {k} missing ({missing}).")
    return sv, en


def _absolute_sentences(spec: m.TargetSpec, res: m.TargetResult) -> tuple[list[str], list[str]]:
    ind = spec.indicator
    sv = [f"{ind.name} i {spec.area_name} var {_fmt(res.latest_value, ind, True)} {res.latest_period}."]
    en = [f"{ind.label_en} in {spec.area_name} was {_fmt(res.latest_value, ind, False)} in {res.latest_period}."]
    if spec.rule.rule == m.CHANGE and res.growth is not None:
        span = f"{res.base_year}{EN_DASH}{res.data_through}"
        words = _perfect(_growth_words(res.growth, res.growth_measure, True))
        sv.append(f"Sedan basåret har värdet {words} ({span}).")
        en.append(f"Since the base year it {_growth_words(res.growth, res.growth_measure, False)} ({span}).")
    f = res.forecast
    if f is not None and res.status not in (m.MET, m.NOT_MET):
        pct = format_number_sv(100 * f.level, 0, unit="%")
        sv.append(
            f"Prognos för {f.target_year}: {_fmt(f.point, ind, True)} ({pct} prognosintervall "
            f"{_fmt(f.lo, ind, True)}{EN_DASH}{_fmt(f.hi, ind, True)})."
        )
        en.append(
            f"Forecast for {f.target_year}: {_fmt(f.point, ind, False)} "
            f"({format_number_en(100 * f.level, 0, unit='%')} "
            f"prediction interval {_fmt(f.lo, ind, False)}{EN_DASH}{_fmt(f.hi, ind, False)})."
        )
    if res.progress_category is not None:
        if res.progress_ratio is not None:
            sv.append(
                f"Framstegskvot {format_number_sv(res.progress_ratio, 2)} sedan {res.base_year}: "
                f"{_PROGRESS_SV[res.progress_category]}."
            )
            en.append(
                f"Progress ratio {format_number_en(res.progress_ratio, 2)} since {res.base_year}: "
                f"{_PROGRESS_EN[res.progress_category]}."
            )
        else:
            sv.append(f"Framsteg: {_PROGRESS_SV[res.progress_category]}.")
            en.append(f"Progress: {_PROGRESS_EN[res.progress_category]}.")
    return sv, en


def _outcome_sv(spec: m.TargetSpec, res: m.TargetResult) -> str:
    phrase = _target_phrase(spec, True)
    if res.status == m.MET:
        return f"Målet ({phrase}) är nått."
    if res.status == m.NOT_MET:
        return f"Målet ({phrase}) nåddes inte."
    prel = f" Preliminärt (data t.o.m. {res.data_through})." if res.preliminary else ""
    return f"Sannolikheten att målet ({phrase}) nås bedöms till {format_percent_sv(res.probability)}.{prel}"


def _outcome_en(spec: m.TargetSpec, res: m.TargetResult) -> str:
    phrase = _target_phrase(spec, False)
    if res.status == m.MET:
        return f"The target ({phrase}) is met."
    if res.status == m.NOT_MET:
        return f"The target ({phrase}) was not met."
    prel = f" Preliminary (data through {res.data_through})." if res.preliminary else ""
    p = format_percent_en(res.probability)
    return f"The probability that the target ({phrase}) is met is estimated at {p}.{prel}"


def _perfect(words: str) -> str:
    """ "ökade med" -> "ökat med" (Swedish perfect participle)."""
    return words.replace("ökade", "ökat").replace("minskade", "minskat")


def _trend_clause(status: str | None, direction: str, sv: bool) -> str:
    """ " och har därmed förbättrats" / " and has thus improved"; empty for a neutral indicator that
    changed (the growth words already say up or down; never better or worse)."""
    if direction == m.NEUTRAL and status != m.UNCHANGED:
        return ""
    words = (_TREND_SV if sv else _TREND_EN)[status or m.UNCHANGED]
    return f" och har därmed {words}" if sv else f" and has thus {words}"


def explain_trend(spec: m.TrendSpec, res: m.TrendResult) -> tuple[str, str]:
    """(Swedish, English) explanation of a trend assessment, including no_data. For indicators with
    a neutral direction the text reports the direction of change without calling it better or worse."""
    ind = spec.indicator
    pct_sv = "%" if res.growth_measure == "percent" else "procentenheter"
    pct_en = "%" if res.growth_measure == "percent" else "percentage points"
    if res.status == m.NO_DATA:
        why_sv, why_en = no_data_clauses(res.reason, spec.area_name)
        return (
            f"Utvecklingen för {ind.name} kan inte bedömas: {why_sv}.",
            f"The trend of {ind.label_en} cannot be assessed: {why_en}.",
        )
    span = f"{res.base_year}{EN_DASH}{res.data_through}"
    tol_sv = format_number_sv(res.tolerance, 1, unit=pct_sv)
    tol_en = format_number_en(res.tolerance, 1, unit=pct_en)
    sv = [
        f"{ind.name} i {spec.area_name} {_growth_words(res.change, res.growth_measure, True)} {span}"
        f"{_trend_clause(res.status, ind.direction, True)}."
    ]
    en = [
        f"{ind.label_en} in {spec.area_name} {_growth_words(res.change, res.growth_measure, False)} {span}"
        f"{_trend_clause(res.status, ind.direction, False)}."
    ]
    if ind.direction == m.NEUTRAL:
        sv.append("Indikatorn har ingen önskad riktning, så förändringen redovisas utan värdering.")
        en.append("The indicator has no desired direction, so the change is reported without judging it.")
    if res.recent_status is not None and res.recent_status != m.NO_DATA and res.recent_change is not None:
        rspan = f"{res.recent_base_year}{EN_DASH}{res.data_through}"
        unit_sv, unit_en = ("%", "%") if res.growth_measure == "percent" else ("procentenheter", "percentage points")
        rsv = format_number_sv(res.recent_change, 1, unit=unit_sv, sign=True)
        ren = format_number_en(res.recent_change, 1, unit=unit_en, sign=True)
        recent_sv = recent_en = ""
        if res.recent_status is not None and (ind.direction != m.NEUTRAL or res.recent_status == m.UNCHANGED):
            recent_sv = f", {_TREND_SV_SHORT[res.recent_status]}"
            recent_en = f", {_TREND_EN_SHORT[res.recent_status]}"
        sv.append(f"Förändringen de senaste fem åren ({rspan}): {rsv}{recent_sv}.")
        en.append(f"Change over the last five years ({rspan}): {ren}{recent_en}.")
    if res.riket_change is not None:
        sv.append(f"Riket {_growth_words(res.riket_change, res.growth_measure, True)} under samma period.")
        en.append(
            f"Sweden as a whole {_growth_words(res.riket_change, res.growth_measure, False)} over the same period."
        )
    if res.peer_median_change is not None:
        sv.append(
            f"Medianen bland jämförelseområdena ({res.peer_n} st) "
            f"{_growth_words(res.peer_median_change, res.growth_measure, True)}."
        )
        en.append(
            f"The peer median ({res.peer_n} peers) {_growth_words(res.peer_median_change, res.growth_measure, False)}."
        )
    sv.append(f"En förändring mindre än {tol_sv} räknas som oförändrat läge.")
    en.append(f"A change smaller than {tol_en} counts as unchanged.")
    return " ".join(sv), " ".join(en)
