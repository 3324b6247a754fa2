"""Plain-language explanations (Swedish and English) of target and trend results."""

from __future__ import annotations

from styrkedja.analytics import model as m
from styrkedja.analytics.frames import area_level
from styrkedja.analytics.history_text import history_sentences
from styrkedja.analytics.reasons import clauses
from styrkedja.analytics.text import (
    definite_sv,
    format_number_en,
    format_number_sv,
    format_percent_en,
    format_percent_sv,
    ordinal_en,
    plural_en,
    unit_en,
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
    noun_sv, _, _noun_en, peers_en = _level_words(area)
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
    if default:  # the default group of another level
        return "medianen i jämförelsegruppen", f"the median of the {peers_en}"
    return "medianen i jämförelsegruppen", "the median of the peer group"


def _fmt(x: float | None, ind: m.IndicatorInfo, sv: bool) -> str:
    if sv:
        return format_number_sv(x, ind.decimals, unit=ind.unit or None)
    return format_number_en(x, ind.decimals, unit=unit_en(ind.unit) or None)


# Years whose change is dominated by the pandemic: a span starting there says so.
PANDEMIC_YEARS = (2020, 2021)


def _pandemic(start: int | None, sv: bool) -> str:
    if start not in PANDEMIC_YEARS:
        return ""
    if sv:
        return f" Observera att startåret {start} var ett pandemiår."
    return f" Note that the first year, {start}, was a pandemic year."


def _subject(ind: m.IndicatorInfo, area_name: str, sv: bool) -> str:
    """ "Befolkningsantalet i Kronobergs län" / "Population in Kronobergs län"; a name that already
    says where ("Besöksnätter i länet") gets the area's name in its place, not twice."""
    if sv:
        name = definite_sv(ind.name)
        for place in (" i länet", " i kommunen"):
            if place in name:
                return name.replace(place, f" i {area_name}")
        return f"{name} i {area_name}"
    name = ind.label_en
    for place in (" in the county", " in the municipality"):
        if place in name:
            return name.replace(place, f" in {area_name}")
    return f"{name} in {area_name}"


def _was_en(ind: m.IndicatorInfo) -> str:
    return "were" if plural_en(ind.label_en) else "was"


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
    return target_phrase(spec.rule, spec.indicator, sv)


def target_phrase(rule: m.TargetRule, ind: m.IndicatorInfo, sv: bool) -> str:
    """Short description of the target in plain words, e.g. "över medianen 2014–2025", "minst 80 procent
    år 2025" (the pages use it for a target's kind, never the rule's internal name)."""
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
            if ind.measure_type in m.POINT_MEASURES or rule.growth == "pp"
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
        else format_number_en(rule.value, ind.decimals, unit=unit_en(unit or "") or None)
    )
    return (
        f"{ops[rule.operator]} {amount} år {rule.target_year}"
        if sv
        else f"{ops[rule.operator]} {amount} by {rule.target_year}"
    )


def _no_data_target(spec: m.TargetSpec, res: m.TargetResult) -> tuple[str, str]:
    why_sv, why_en = clauses(res.why, spec.area_name)
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
    noun_sv, plural_sv, noun_en, peers_en = _level_words(spec.area)
    bench_sv, bench_en = _bench_label(rule, spec.area)
    who_sv, who_en = _subject(ind, spec.area_name, True), _subject(ind, spec.area_name, False)
    b = res.benchmark
    compare = b is not None and b.value is not None and rule.rule != m.RANK
    if res.growth is not None:
        span = f"{res.base_year}{EN_DASH}{res.data_through}"
        first_sv = f"{who_sv} {_growth_words(res.growth, res.growth_measure, True)} {span}"
        first_en = f"{who_en} {_growth_words(res.growth, res.growth_measure, False)} {span}"
        if compare and b is not None:
            first_sv += f"; {bench_sv} {_growth_words(b.value, res.growth_measure, True)}"
            first_en += f"; {bench_en} {_growth_words(b.value, res.growth_measure, False)}"
        first_sv += "." + _pandemic(res.base_year, True)
        first_en += "." + _pandemic(res.base_year, False)
    else:
        first_sv = f"{who_sv} var {_fmt(res.value, ind, True)} {res.data_through}"
        first_en = f"{who_en} {_was_en(ind)} {_fmt(res.value, ind, False)} in {res.data_through}"
        if compare and b is not None:
            first_sv += f"; {bench_sv} låg på {_fmt(b.value, ind, True)}"
            first_en += f"; {bench_en} was {_fmt(b.value, ind, False)}"
        first_sv += "."
        first_en += "."
    sv, en = [first_sv], [first_en]
    if res.rank is not None and res.rank > 0:
        by_growth = res.growth is not None and (rule.rule != m.RANK or rule.rank_by == "growth")
        by_sv = f"efter tillväxt {res.base_year}{EN_DASH}{res.data_through}" if by_growth else (
            f"efter nivå {res.data_through}")  # fmt: skip
        by_en = f"by growth {res.base_year}{EN_DASH}{res.data_through}" if by_growth else (
            f"by level in {res.data_through}")  # fmt: skip
        worse = " (lägst värde räknas som bäst)" if ind.direction == m.LOWER_IS_BETTER else ""
        worse_en = " (lowest is best)" if ind.direction == m.LOWER_IS_BETTER else ""
        sv.append(f"{noun_sv.capitalize()} ligger på plats {res.rank} av {res.rank_n} {by_sv}{worse}.")
        en.append(f"The {noun_en} ranks {ordinal_en(res.rank)} of {res.rank_n} {by_en}{worse_en}.")
    if res.benchmark is not None and res.benchmark.excluded:
        k = len(res.benchmark.excluded)
        missing = _missing_peers(res.benchmark)
        sv.append(f"Jämförelsen bygger på {res.benchmark.n} {plural_sv} med data; {k} saknas ({missing}).")
        en.append(f"The comparison uses {res.benchmark.n} {peers_en} with data; {k} missing ({missing}).")
    return sv, en


def _missing_peers(bench: m.BenchmarkSummary) -> str:
    """The missing peers, each with the publisher's symbol of its cell when there is one: "0114 .."."""
    symbols = bench.symbols or ("",) * len(bench.excluded)
    return ", ".join(f"{p} {s}" if s else p for p, s in zip(bench.excluded, symbols, strict=True))


def _absolute_sentences(spec: m.TargetSpec, res: m.TargetResult) -> tuple[list[str], list[str]]:
    ind = spec.indicator
    who_sv, who_en = _subject(ind, spec.area_name, True), _subject(ind, spec.area_name, False)
    sv = [f"{who_sv} var {_fmt(res.latest_value, ind, True)} {res.latest_period}."]
    en = [f"{who_en} {_was_en(ind)} {_fmt(res.latest_value, ind, False)} in {res.latest_period}."]
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
        word_sv, word_en = _progress_words(spec, res)
        if res.progress_ratio is not None:
            sv.append(f"Framstegskvot {format_number_sv(res.progress_ratio, 2)} sedan {res.base_year}: {word_sv}.")
            en.append(f"Progress ratio {format_number_en(res.progress_ratio, 2)} since {res.base_year}: {word_en}.")
        else:
            sv.append(f"Framsteg: {word_sv}.")
            en.append(f"Progress: {word_en}.")
    return sv, en


def _progress_words(spec: m.TargetSpec, res: m.TargetResult) -> tuple[str, str]:
    """The progress category in words; while the target year is still ahead, "achieved" would sit next
    to a probability, so it says what is true: the latest value already reaches the target level."""
    cat = res.progress_category or m.PROGRESS_LIMITED
    if cat != m.PROGRESS_ACHIEVED or res.status in (m.MET, m.NOT_MET) or spec.rule.value is None:
        return _PROGRESS_SV[cat], _PROGRESS_EN[cat]
    rule, ind = spec.rule, spec.indicator
    unit = "%" if rule.rule == m.SHARE else (ind.unit or None)
    amount_sv = format_number_sv(rule.value, ind.decimals, unit=unit)
    amount_en = format_number_en(rule.value, ind.decimals, unit=unit_en(unit or "") or None)
    at_sv = "på " if rule.operator in (">=", "<=") else ""
    return (
        f"det senaste värdet ligger redan {at_sv}{_OP_SV[rule.operator]} {amount_sv}",
        f"the latest value is already {_OP_EN[rule.operator]} {amount_en}",
    )


def _not_published(res: m.TargetResult, sv: bool) -> str:
    """What "preliminary" means: the target year's figure is not out yet."""
    if not res.preliminary:
        return ""
    y, through = res.target_year, res.data_through
    if sv:
        return f" Målåret {y} är inte publicerat än; bedömningen bygger på data t.o.m. {through}."
    return f" The target year {y} is not published yet; the assessment uses data through {through}."


def _outcome_sv(spec: m.TargetSpec, res: m.TargetResult) -> str:
    phrase = _target_phrase(spec, True)
    if res.status == m.MET:
        return f"Målet ({phrase}) är nått."
    if res.status == m.NOT_MET:
        return f"Målet ({phrase}) nåddes inte."
    p = format_percent_sv(res.probability)
    if res.status == m.NOT_YET_KNOWN:
        return (
            f"Utfallet är inte känt ännu. Sannolikheten att målet ({phrase}) nåddes bedöms till "
            f"{p}.{_not_published(res, True)}"
        )
    return f"Sannolikheten att målet ({phrase}) nås bedöms till {p}.{_not_published(res, True)}"


def _outcome_en(spec: m.TargetSpec, res: m.TargetResult) -> str:
    phrase = _target_phrase(spec, False)
    if res.status == m.MET:
        return f"The target ({phrase}) is met."
    if res.status == m.NOT_MET:
        return f"The target ({phrase}) was not met."
    p = format_percent_en(res.probability)
    if res.status == m.NOT_YET_KNOWN:
        return (
            f"The outcome is not known yet. The probability that the target ({phrase}) was met is estimated at "
            f"{p}.{_not_published(res, False)}"
        )
    return f"The probability that the target ({phrase}) is met is estimated at {p}.{_not_published(res, False)}"


def _perfect(words: str) -> str:
    """ "ökade med" -> "ökat med" (Swedish perfect participle)."""
    return words.replace("ökade", "ökat").replace("minskade", "minskat")


def _trend_clause(status: str | None, direction: str, sv: bool, plural: bool = False) -> str:
    """ " och har därmed förbättrats" / " and has thus improved"; empty for a neutral indicator that
    changed (the growth words already say up or down; never better or worse)."""
    if direction == m.NEUTRAL and status != m.UNCHANGED:
        return ""
    words = (_TREND_SV if sv else _TREND_EN)[status or m.UNCHANGED]
    if sv:
        return f" och har därmed {words}"
    if plural:
        words = words.replace("is broadly", "are broadly")
    return f" and {'have' if plural else 'has'} thus {words}"


def _recent_sentences(spec: m.TrendSpec, res: m.TrendResult, window: int) -> tuple[str, str]:
    """The change over the last `window` years; when that window's first year has no value the
    nearest earlier year with one is used, and the sentence says so."""
    ind = spec.indicator
    if res.recent_status is None or res.recent_status == m.NO_DATA or res.recent_change is None:
        return "", ""
    rspan = f"{res.recent_base_year}{EN_DASH}{res.data_through}"
    unit_sv, unit_en_ = ("%", "%") if res.growth_measure == "percent" else ("procentenheter", "percentage points")
    rsv = format_number_sv(res.recent_change, 1, unit=unit_sv, sign=True)
    ren = format_number_en(res.recent_change, 1, unit=unit_en_, sign=True)
    recent_sv = recent_en = ""
    if ind.direction != m.NEUTRAL or res.recent_status == m.UNCHANGED:
        recent_sv = f", {_TREND_SV_SHORT[res.recent_status]}"
        recent_en = f", {_TREND_EN_SHORT[res.recent_status]}"
    wanted = None if res.data_through is None else res.data_through - window
    gap_sv = gap_en = ""
    if wanted is not None and res.recent_base_year is not None and res.recent_base_year != wanted:
        gap_sv = f"; {wanted} saknar värde, så {res.recent_base_year} används"
        gap_en = f"; {wanted} has no value, so {res.recent_base_year} is used"
    return (
        f"Förändringen de senaste fem åren ({rspan}{gap_sv}): {rsv}{recent_sv}.{_pandemic(res.recent_base_year, True)}",
        f"Change over the last five years ({rspan}{gap_en}): {ren}{recent_en}.{_pandemic(res.recent_base_year, False)}",
    )


def explain_trend(spec: m.TrendSpec, res: m.TrendResult, window: int = 5) -> tuple[str, str]:
    """(Swedish, English) explanation of a trend assessment, including no_data. For indicators with
    a neutral direction the text reports the direction of change without calling it better or worse."""
    ind = spec.indicator
    if res.status == m.NO_DATA:
        why_sv, why_en = clauses(res.why, spec.area_name)
        return (
            f"Utvecklingen för {ind.name} kan inte bedömas: {why_sv}.",
            f"The trend of {ind.label_en} cannot be assessed: {why_en}.",
        )
    span = f"{res.base_year}{EN_DASH}{res.data_through}"
    change_sv = _growth_words(res.change, res.growth_measure, True)
    change_en = _growth_words(res.change, res.growth_measure, False)
    sv = [
        f"{_subject(ind, spec.area_name, True)} {change_sv} {span}{_trend_clause(res.status, ind.direction, True)}."
        + _pandemic(res.base_year, True)
    ]
    en = [
        f"{_subject(ind, spec.area_name, False)} {change_en} {span}"
        f"{_trend_clause(res.status, ind.direction, False, plural_en(ind.label_en))}." + _pandemic(res.base_year, False)
    ]
    if ind.direction == m.NEUTRAL:
        sv.append("Indikatorn har ingen önskad riktning, så förändringen redovisas utan värdering.")
        en.append("The indicator has no desired direction, so the change is reported without judging it.")
    recent = _recent_sentences(spec, res, window)
    sv.append(recent[0])
    en.append(recent[1])
    sv_more, en_more = _trend_comparisons(spec, res)
    return " ".join(x for x in sv + sv_more if x), " ".join(x for x in en + en_more if x)


def _trend_comparisons(spec: m.TrendSpec, res: m.TrendResult) -> tuple[list[str], list[str]]:
    """Riket's and the peers' change over the same period, and the tolerance."""
    sv: list[str] = []
    en: list[str] = []
    if res.riket_change is not None:
        sv.append(f"Riket {_growth_words(res.riket_change, res.growth_measure, True)} under samma period.")
        en.append(
            f"Sweden as a whole {_growth_words(res.riket_change, res.growth_measure, False)} over the same period."
        )
    if res.peer_median_change is not None:
        group_sv = "jämförelsegruppen" if spec.peer_group else "jämförelseområdena"
        group_en = "the peer group" if spec.peer_group else "the peers"
        sv.append(
            f"Medianen bland {group_sv} ({res.peer_n} st) "
            f"{_growth_words(res.peer_median_change, res.growth_measure, True)}."
        )
        en.append(
            f"The median of {group_en} ({res.peer_n} areas) "
            f"{_growth_words(res.peer_median_change, res.growth_measure, False)}."
        )
    pct_sv = "%" if res.growth_measure == "percent" else "procentenheter"
    pct_en = "%" if res.growth_measure == "percent" else "percentage points"
    sv.append(f"En förändring mindre än {format_number_sv(res.tolerance, 1, unit=pct_sv)} räknas som oförändrat läge.")
    en.append(f"A change smaller than {format_number_en(res.tolerance, 1, unit=pct_en)} counts as unchanged.")
    return sv, en
