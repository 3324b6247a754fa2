"""Plain-language explanations (Swedish and English) of target and trend results."""

from __future__ import annotations

from styrkedja.analytics import model as m
from styrkedja.analytics.frames import area_level
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


def _no_data_sv(reason: str | None) -> str:
    r = reason or ""
    table = (
        ("no value for", "värde saknas för basåret eller målåret"),
        ("too few observations", "för få observationer för en prognos"),
        ("no observations", "inga observationer"),
        ("no peers", "ingen jämförelsegrupp"),
        ("no comparable year", "inget gemensamt jämförelseår för området och jämförelsegruppen"),
        ("invalid rule", "målet är felaktigt angivet"),
        ("unknown peer group", "okänd jämförelsegrupp"),
    )
    for prefix, sv in table:
        if r.startswith(prefix):
            return sv
    return "underlag saknas"


def explain_target(spec: m.TargetSpec, res: m.TargetResult) -> tuple[str, str]:
    """(Swedish, English) explanation of one result."""
    if res.status == m.NO_DATA:
        phrase_sv, phrase_en = _target_phrase(spec, True), _target_phrase(spec, False)
        return (
            f"Målet ({phrase_sv}) kan inte bedömas: {_no_data_sv(res.reason)} ({res.reason}).",
            f"The target ({phrase_en}) cannot be assessed: {res.reason}.",
        )
    if spec.rule.rule in (m.GROWTH_VS_BENCHMARK, m.LEVEL_VS_BENCHMARK, m.RANK):
        sv, en = _relative_sentences(spec, res)
    else:
        sv, en = _absolute_sentences(spec, res)
    sv.append(_outcome_sv(spec, res))
    en.append(_outcome_en(spec, res))
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
        first_en = f"{ind.name} in {spec.area_name} {_growth_words(res.growth, res.growth_measure, False)} {span}"
        b = res.benchmark
        if b is not None and b.value is not None and rule.rule != m.RANK:
            first_sv += f"; {bench_sv} {_growth_words(b.value, res.growth_measure, True)}"
            first_en += f"; {bench_en} {_growth_words(b.value, res.growth_measure, False)}"
    else:
        first_sv = f"{ind.name} i {spec.area_name} var {_fmt(res.value, ind, True)} {res.data_through}"
        first_en = f"{ind.name} in {spec.area_name} was {_fmt(res.value, ind, False)} in {res.data_through}"
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
    en = [f"{ind.name} in {spec.area_name} was {_fmt(res.latest_value, ind, False)} in {res.latest_period}."]
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


def explain_trend(spec: m.TrendSpec, res: m.TrendResult) -> tuple[str, str]:
    ind = spec.indicator
    pct_sv = "%" if res.growth_measure == "percent" else "procentenheter"
    pct_en = "%" if res.growth_measure == "percent" else "percentage points"
    if res.status == m.NO_DATA:
        return f"Utvecklingen kan inte bedömas: {res.reason}.", f"The trend cannot be assessed: {res.reason}."
    noun_sv, _, noun_en, _ = _level_words(spec.area)
    span = f"{res.base_year}{EN_DASH}{res.data_through}"
    sv = [
        f"{ind.name} i {spec.area_name} {_growth_words(res.change, res.growth_measure, True)} {span} "
        f"och har därmed {_TREND_SV[res.status]}."
    ]
    en = [
        f"{ind.name} in {spec.area_name} {_growth_words(res.change, res.growth_measure, False)} {span} "
        f"and has thus {_TREND_EN[res.status]}."
    ]
    if res.recent_status is not None and res.recent_status != m.NO_DATA and res.recent_change is not None:
        rspan = f"{res.recent_base_year}{EN_DASH}{res.data_through}"
        sv.append(f"Senaste fem åren ({rspan}) {_growth_words(res.recent_change, res.growth_measure, True)}.")
        en.append(
            f"Over the last five years ({rspan}) it {_growth_words(res.recent_change, res.growth_measure, False)}."
        )
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
    sv.append(f"Toleransen för \u201doförändrad\u201d är {format_number_sv(res.tolerance, 1, unit=pct_sv)}.")
    en.append(f"The tolerance for \u201cunchanged\u201d is {format_number_en(res.tolerance, 1, unit=pct_en)}.")
    _ = noun_sv, noun_en
    return " ".join(sv), " ".join(en)
