"""Typed records shared by the analytics modules, the strategy file and the web layer.

These are plain frozen dataclasses so that analytics stays free of Django. The
web layer converts its models into them (see `styrkedja.web.chain.graph`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# --- Target rules -----------------------------------------------------------
# Every target in the seed is one of these (ARCHITECTURE.md, "Target rules").
LEVEL = "level"  # level at least / at most X by year Y
CHANGE = "change"  # increase / decrease between base year and target year
GROWTH_VS_BENCHMARK = "growth_vs_benchmark"  # growth Y0->Y1 above Riket's or the peer median's growth
LEVEL_VS_BENCHMARK = "level_vs_benchmark"  # level in year Y above Riket or the peer median/mean
RANK = "rank"  # rank among peers at most N, by level or by growth
SHARE = "share"  # share of participants at least X % (numerator/denominator kept)
RULES = (LEVEL, CHANGE, GROWTH_VS_BENCHMARK, LEVEL_VS_BENCHMARK, RANK, SHARE)

OPERATORS = (">", ">=", "<", "<=")
DIRECTIONS_OF_CHANGE = ("increase", "decrease")
BENCHMARKS = ("riket", "peer_median", "peer_mean")
RANK_BY = ("level", "growth")
GROWTH_MEASURES = ("percent", "pp")  # percent change for levels, percentage points for shares/rates
# A relative target is evaluated on its target year when at least this share (percent) of its peer
# group has a value there; the missing peers are named. Below it, the comparison falls back a year.
DEFAULT_PEER_COVERAGE = 90.0

# --- Indicator metadata -------------------------------------------------------
MEASURE_TYPES = ("count", "rate", "share", "index", "money", "ratio")
# Shares and rates grow in percentage points unless a target says otherwise.
POINT_MEASURES = ("share", "rate")
HIGHER_IS_BETTER = "higher"
LOWER_IS_BETTER = "lower"
NEUTRAL = "neutral"
INDICATOR_DIRECTIONS = (HIGHER_IS_BETTER, LOWER_IS_BETTER, NEUTRAL)

# --- Statuses -----------------------------------------------------------------
MET = "met"
NOT_MET = "not_met"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_DATA = "no_data"
# The target year has ended but its value is not published yet: the outcome is already decided, only not
# known. Distinct from no_data (there are data and a forecast of the outcome) and from the forecast-based
# statuses (nothing can still be done to reach the target that year).
NOT_YET_KNOWN = "not_yet_known"
STATUSES = (MET, NOT_MET, ON_TRACK, AT_RISK, OFF_TRACK, NOT_YET_KNOWN, NO_DATA)
# Cautions on forecast-based results: data end long before the evaluation year; too little history
# to calibrate; the target year has passed but its value is not yet published.
CAUTION_STALE = "stale"
CAUTION_THIN = "thin"
CAUTION_NOT_YET_KNOWN = "not_yet_known"
CAUTIONS = (CAUTION_STALE, CAUTION_THIN, CAUTION_NOT_YET_KNOWN)

# --- Follow-up classes: the seed's "Som man frågar..." table -------------------
FOLLOWUP_CLASSES = (
    "external_long",  # Omvärld, enkel: the region's long-term development (RUS)
    "external_short",  # Omvärld, medelsvår: short/medium term (sub-strategies)
    "operations_contribution",  # Verksamhet, mycket svår: contribution at society level
    "operations_effects",  # Verksamhet, svår: effects of the interventions
    "operations_outputs",  # Verksamhet, enkel: the operations' own interventions
)


@dataclass(frozen=True, slots=True)
class TargetRule:
    """A target as a typed rule.

    Field use per rule:
      level:               operator (">=" at least, "<=" at most), value, target_year
      change:              change ("increase"/"decrease"), base_year, target_year
      growth_vs_benchmark: benchmark, operator (default ">"), base_year, target_year, growth
      level_vs_benchmark:  benchmark, operator (default ">"), target_year
      rank:                rank (at most N), rank_by, target_year, base_year (when by growth), growth
      share:               operator (default ">="), value (percent), target_year
    `peer_group` names the benchmark group; None means the default group for
    the area's level (the 21 counties for a county, the 290 municipalities for
    a municipality). Riket is never a peer. `peer_coverage` (percent of the group that must have
    a year for it to be compared; None = the evaluation's default) applies to peer comparisons.
    """

    rule: str
    target_year: int
    operator: str = ">="
    value: float | None = None
    base_year: int | None = None
    change: str | None = None
    benchmark: str | None = None
    peer_group: str | None = None
    rank: int | None = None
    rank_by: str | None = None
    growth: str | None = None
    peer_coverage: float | None = None

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for every inconsistency; empty when the rule is well formed."""
        out: list[tuple[str, str]] = []
        if self.rule not in RULES:
            out.append(("rule", f"unknown rule {self.rule!r} (expected one of {', '.join(RULES)})"))
            return out
        if self.operator not in OPERATORS:
            out.append(("operator", f"unknown operator {self.operator!r} (expected one of {', '.join(OPERATORS)})"))
        needs: dict[str, tuple[str, ...]] = {
            LEVEL: ("value",),
            CHANGE: ("change", "base_year"),
            GROWTH_VS_BENCHMARK: ("benchmark", "base_year"),
            LEVEL_VS_BENCHMARK: ("benchmark",),
            RANK: ("rank", "rank_by"),
            SHARE: ("value",),
        }
        for name in needs[self.rule]:
            if getattr(self, name) is None:
                out.append((name, f"required for rule {self.rule!r}"))
        if self.rule == RANK and self.rank_by == "growth" and self.base_year is None:
            out.append(("base_year", "required for rule 'rank' by growth"))
        if self.change is not None and self.change not in DIRECTIONS_OF_CHANGE:
            out.append(("change", f"expected one of {', '.join(DIRECTIONS_OF_CHANGE)}, got {self.change!r}"))
        if self.benchmark is not None and self.benchmark not in BENCHMARKS:
            out.append(("benchmark", f"expected one of {', '.join(BENCHMARKS)}, got {self.benchmark!r}"))
        if self.rank_by is not None and self.rank_by not in RANK_BY:
            out.append(("rank_by", f"expected one of {', '.join(RANK_BY)}, got {self.rank_by!r}"))
        if self.growth is not None and self.growth not in GROWTH_MEASURES:
            out.append(("growth", f"expected one of {', '.join(GROWTH_MEASURES)}, got {self.growth!r}"))
        if self.rank is not None and self.rank < 1:
            out.append(("rank", "must be at least 1"))
        if self.base_year is not None and self.target_year <= self.base_year:
            out.append(("target_year", f"{self.target_year} is not after the base year {self.base_year}"))
        if self.rule == SHARE and self.value is not None and not 0 <= self.value <= 100:
            out.append(("value", f"a share must be within 0-100 %, got {self.value}"))
        if self.peer_coverage is not None and not 0 < self.peer_coverage <= 100:
            message = (
                f"the share of peers that must have a year, in percent (above 0, at most 100), got {self.peer_coverage}"
            )
            out.append(("peer_coverage", message))
        return out


@dataclass(frozen=True, slots=True)
class IndicatorInfo:
    """What evaluation needs to know about an indicator."""

    key: str
    name: str  # Swedish name (used in Swedish explanations)
    unit: str = ""
    measure_type: str = "count"
    direction: str = HIGHER_IS_BETTER
    decimals: int = 1
    name_en: str = ""  # English name for English explanations; "" falls back to `name`
    family: str = ""  # forecast-error family (`family.FAMILIES`); "" = derived from measure type and unit

    @property
    def label_en(self) -> str:
        """The English name, or the Swedish one when no English name is given."""
        return self.name_en or self.name


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """One target to evaluate: a goal's rule for an area, on an indicator."""

    target_key: str
    goal_key: str
    goal_name: str
    indicator: IndicatorInfo
    area: str  # SCB code of the area the goal is about
    area_name: str
    rule: TargetRule
    breakdown: str = "T"


def default_operator(rule: str) -> str:
    """Comparisons with a benchmark are strict ("above the median"); thresholds are inclusive ("at least")."""
    return ">" if rule in (GROWTH_VS_BENCHMARK, LEVEL_VS_BENCHMARK) else ">="


# --- Evaluation results -----------------------------------------------------------
# Progress categories for absolute targets (Statistics Canada / Open SDG progress ratio).
PROGRESS_ACHIEVED = "target_achieved"
PROGRESS_ON_TRACK = "on_track"  # ratio >= 0.95
PROGRESS_ACCELERATION_NEEDED = "acceleration_needed"  # 0.60 <= ratio < 0.95
PROGRESS_LIMITED = "limited_progress"  # 0 <= ratio < 0.60
PROGRESS_DETERIORATION = "deterioration"  # ratio < 0
PROGRESS_CATEGORIES = (
    PROGRESS_ACHIEVED,
    PROGRESS_ON_TRACK,
    PROGRESS_ACCELERATION_NEEDED,
    PROGRESS_LIMITED,
    PROGRESS_DETERIORATION,
)

# Trend assessment for goals without a numeric target.
IMPROVING = "improving"
UNCHANGED = "unchanged"
WORSENING = "worsening"
TREND_STATUSES = (IMPROVING, UNCHANGED, WORSENING, NO_DATA)

# Forecast methods.
DRIFT = "drift"  # random walk with drift, drift estimation error included (the default)
OLS_TREND = "ols_trend"  # linear trend by OLS on the transformed scale
ETS_DAMPED = "ets_damped"  # ETS(A,Ad,N), grid-searched parameters (sensitivity only)
FORECAST_METHODS = (DRIFT, OLS_TREND, ETS_DAMPED)

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def _json_float(x: float | None) -> float | None:
    """Floats for JSON: NaN and infinities become None (missing stays missing)."""
    if x is None or x != x or x in (float("inf"), float("-inf")):
        return None
    return float(x)


@dataclass(frozen=True, slots=True)
class ForecastSummary:
    """Forecast of the area's own value at the target year (original scale)."""

    method: str  # DRIFT by default
    origin_year: int  # last observed year used
    target_year: int
    point: float
    lo: float  # lower bound of the interval
    hi: float  # upper bound of the interval
    level: float = 0.8  # interval coverage (nominal)
    transform: str = "identity"  # "log", "logit" or "identity"
    sd_inflation: float = 1.0  # calibration factor applied to the predictive sd
    ets_point: float | None = None  # ETS(A,Ad,N) point forecast: the sensitivity value
    ols_point: float | None = None  # OLS linear trend point forecast (alternative)

    def to_dict(self) -> dict[str, JsonValue]:
        return {
            "method": self.method,
            "origin_year": self.origin_year,
            "target_year": self.target_year,
            "point": _json_float(self.point),
            "lo": _json_float(self.lo),
            "hi": _json_float(self.hi),
            "level": self.level,
            "transform": self.transform,
            "sd_inflation": self.sd_inflation,
            "ets_point": _json_float(self.ets_point),
            "ols_point": _json_float(self.ols_point),
        }


@dataclass(frozen=True, slots=True)
class BenchmarkSummary:
    """The benchmark a relative target is compared with, on the same period as the area."""

    kind: str  # "riket", "peer_median", "peer_mean" or "rank"
    value: float | None  # benchmark growth (growth rules) or level (level rules); None for rank
    peers: tuple[str, ...] = ()  # peers actually used (available in every year needed)
    n: int = 0  # number of peers used
    excluded: tuple[str, ...] = ()  # peers of the group left out for missing data
    symbols: tuple[str, ...] = ()  # per excluded peer: the publisher's symbol of its cell ("..", "."), or ""

    def to_dict(self) -> dict[str, JsonValue]:
        return {
            "kind": self.kind,
            "value": _json_float(self.value),
            "peers": list(self.peers),
            "n": self.n,
            "excluded": list(self.excluded),
            "symbols": list(self.symbols),
        }


class Why(StrEnum):
    """Why a result could not be assessed (or was assessed with a caveat): the explanation texts are
    built from these codes, never from the wording of a message."""

    NO_OBSERVATIONS = "no_observations"  # no value at all for the area (up to `year` when given)
    NO_BASE_VALUE = "no_base_value"  # no value in the base year `year`
    NO_VALUE_AFTER_BASE = "no_value_after_base"
    TOO_FEW_TO_FORECAST = "too_few_to_forecast"  # `n` observations, `minimum` needed
    NO_PEERS = "no_peers"  # the peer group has no member with data
    TOO_FEW_PEERS = "too_few_peers"  # the peer group has `n` areas; a ranking needs at least `minimum`
    NO_COMMON_YEAR = "no_common_year"  # no year up to `year` with values for the area and its peers
    GROWTH_UNDEFINED = "growth_undefined"  # the base value is not positive
    INVALID_RULE = "invalid_rule"  # the target is malformed; `detail` lists the problems
    UNKNOWN_PEER_GROUP = "unknown_peer_group"  # `detail` is the group's name
    NOT_AN_AREA = "not_an_area"  # `detail` is the code


@dataclass(frozen=True, slots=True)
class Reason:
    """A typed reason with its parameters; `message()` is the technical English line kept in JSON."""

    code: Why
    year: int | None = None
    n: int | None = None
    minimum: int | None = None
    detail: str = ""

    def message(self, area: str = "") -> str:
        c, y = self.code, self.year
        texts = {
            Why.NO_OBSERVATIONS: f"no observations for {area}" + (f" up to {y}" if y is not None else ""),
            Why.NO_BASE_VALUE: f"no value for {area} in the base year {y}",
            Why.NO_VALUE_AFTER_BASE: "no observation after the base year",
            Why.TOO_FEW_TO_FORECAST: f"too few observations to forecast ({self.n} < {self.minimum})",
            Why.NO_PEERS: f"no peers to compare {area} with",
            Why.TOO_FEW_PEERS: f"peer group of {self.n} area(s); a comparison needs at least {self.minimum}",
            Why.NO_COMMON_YEAR: f"no comparable year for {area} and its peers up to {y}"
            + (
                f" (at least {self.minimum} % of the peer group must have a year: name another peer group or "
                "state a lower peer_coverage)"
                if self.minimum is not None
                else ""
            ),
            Why.GROWTH_UNDEFINED: f"growth undefined for {area} (base value not positive)",
            Why.INVALID_RULE: f"invalid rule: {self.detail}",
            Why.UNKNOWN_PEER_GROUP: f"unknown peer group {self.detail!r}",
            Why.NOT_AN_AREA: f"not an SCB area code: {self.detail!r}",
        }
        return texts[c]


@dataclass(frozen=True, slots=True)
class TargetResult:
    """The evaluation of one target. Values are on the original scale; growth in percent or pp."""

    target_key: str
    goal_key: str
    indicator: str
    area: str
    rule: str
    target_year: int
    status: str  # one of STATUSES
    probability: float | None = None  # P(target met); None once decided or without data
    latest_period: str | None = None
    latest_value: float | None = None
    data_through: int | None = None  # last year the comparison uses
    preliminary: bool = False  # True while the target year is not yet published
    base_year: int | None = None
    base_value: float | None = None
    value: float | None = None  # the area's compared value: level at data_through, or growth base->data_through
    growth: float | None = None  # the area's growth base->data_through (percent or pp)
    growth_measure: str | None = None  # "percent" or "pp"
    benchmark: BenchmarkSummary | None = None
    rank: int | None = None
    rank_n: int | None = None
    progress_ratio: float | None = None
    progress_category: str | None = None
    forecast: ForecastSummary | None = None
    operator_statement: str = ""  # e.g. "growth > median (strict); ties share the better place"
    explanation_sv: str = ""
    explanation_en: str = ""
    reason: str | None = None  # why no_data, as a technical line (from `why`)
    why: Reason | None = None  # the typed reason the explanations are built from
    history_from: int | None = None  # first year of the area's data the forecast rests on
    calibration_n: int | None = None  # back-test errors behind the interval's calibration (0: none)
    caution: str | None = None  # CAUTION_*: why a forecast-based result is uncertain or not yet known

    def to_dict(self) -> dict[str, JsonValue]:
        return {
            "target_key": self.target_key,
            "goal_key": self.goal_key,
            "indicator": self.indicator,
            "area": self.area,
            "rule": self.rule,
            "target_year": self.target_year,
            "status": self.status,
            "probability": _json_float(self.probability),
            "latest": {"period": self.latest_period, "value": _json_float(self.latest_value)},
            "data_through": self.data_through,
            "preliminary": self.preliminary,
            "base_year": self.base_year,
            "base_value": _json_float(self.base_value),
            "value": _json_float(self.value),
            "growth": _json_float(self.growth),
            "growth_measure": self.growth_measure,
            "benchmark": None if self.benchmark is None else self.benchmark.to_dict(),
            "rank": None if self.rank is None else {"rank": self.rank, "n": self.rank_n},
            "progress": None
            if self.progress_category is None
            else {"ratio": _json_float(self.progress_ratio), "category": self.progress_category},
            "forecast": None if self.forecast is None else self.forecast.to_dict(),
            "operator_statement": self.operator_statement,
            "explanation_sv": self.explanation_sv,
            "explanation_en": self.explanation_en,
            "reason": self.reason,
            "history_from": self.history_from,
            "calibration_n": self.calibration_n,
            "caution": self.caution,
            "reason_code": None if self.why is None else str(self.why.code),
        }


@dataclass(frozen=True, slots=True)
class TrendSpec:
    """A goal whose indicator has no numeric target: follow the direction of the trend."""

    goal_key: str
    goal_name: str
    indicator: IndicatorInfo
    area: str
    area_name: str
    base_year: int | None = None  # None: the first year of the series
    breakdown: str = "T"
    peer_group: str | None = None


@dataclass(frozen=True, slots=True)
class TrendResult:
    """Improving / unchanged / worsening since the base year and over the last years."""

    goal_key: str
    indicator: str
    area: str
    status: str  # one of TREND_STATUSES (status since the base year)
    recent_status: str | None = None  # over the last `recent_years` years
    base_year: int | None = None
    recent_base_year: int | None = None
    data_through: int | None = None
    latest_value: float | None = None
    change: float | None = None  # since the base year (percent or pp)
    recent_change: float | None = None
    growth_measure: str = "percent"
    tolerance: float = 1.0  # |change| below this counts as unchanged (same unit as change)
    riket_change: float | None = None
    peer_median_change: float | None = None
    peer_n: int = 0
    explanation_sv: str = ""
    explanation_en: str = ""
    reason: str | None = None
    why: Reason | None = None

    def to_dict(self) -> dict[str, JsonValue]:
        return {
            "goal_key": self.goal_key,
            "indicator": self.indicator,
            "area": self.area,
            "status": self.status,
            "recent_status": self.recent_status,
            "base_year": self.base_year,
            "recent_base_year": self.recent_base_year,
            "data_through": self.data_through,
            "latest_value": _json_float(self.latest_value),
            "change": _json_float(self.change),
            "recent_change": _json_float(self.recent_change),
            "growth_measure": self.growth_measure,
            "tolerance": self.tolerance,
            "riket_change": _json_float(self.riket_change),
            "peer_median_change": _json_float(self.peer_median_change),
            "peer_n": self.peer_n,
            "explanation_sv": self.explanation_sv,
            "explanation_en": self.explanation_en,
            "reason": self.reason,
            "reason_code": None if self.why is None else str(self.why.code),
        }
