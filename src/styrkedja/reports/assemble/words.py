"""The report's own vocabulary in Swedish and English (the pages use gettext; this layer has no Django)."""

from __future__ import annotations

from styrkedja.analytics.text import format_number_en, format_number_sv, format_percent_en, format_percent_sv, unit_en

WORDS: dict[str, dict[str, str]] = {
    "sv": {
        # the pages' words (dashboards' translations of queries.STATUS_TEXT; a test keeps them equal)
        "met": "Uppnått",
        "not_met": "Ej uppnått",
        "on_track": "I fas",
        "at_risk": "Risk att inte nås",
        "off_track": "Ej i fas",
        "not_yet_known": "Ej känt ännu",
        "no_data": "Uppgift saknas",
        "improving": "Förbättras",
        "unchanged": "Oförändrat",
        "worsening": "Försämras",
        "index": "index, {year} = 100",
        "target": "Mål",
        ">=": "minst",
        ">": "över",
        "<=": "högst",
        "<": "under",
        "counties": "län",
        "municipalities": "kommuner",
        "level": "nivå",
        "growth": "utveckling",
        "uncertain": "Osäker bedömning",
        "riket": "riket",
        "peer_median": "medianlänet",
        "peer_mean": "medelvärdet för länen",
    },
    "en": {
        "met": "met",
        "not_met": "not met",
        "on_track": "on track",
        "at_risk": "at risk",
        "off_track": "off track",
        "not_yet_known": "not known yet",
        "no_data": "no data",
        "improving": "improving",
        "unchanged": "unchanged",
        "worsening": "worsening",
        "index": "index, {year} = 100",
        "target": "Target",
        ">=": "at least",
        ">": "above",
        "<=": "at most",
        "<": "below",
        "counties": "counties",
        "municipalities": "municipalities",
        "level": "level",
        "growth": "growth",
        "uncertain": "uncertain",
        "riket": "Sweden",
        "peer_median": "the median county",
        "peer_mean": "the counties' mean",
    },
}

# Status as text and icon, never colour alone (the icon is decoration). No status icon is an arrow:
# an arrow is the series' own direction (`analytics.change`), so the two can never contradict.
ICONS = {
    "met": "✔",
    "not_met": "✖",
    "on_track": "●",
    "at_risk": "⚠",
    "off_track": "⊘",
    "not_yet_known": "…",
    "no_data": "–",
    "improving": "↗",
    "unchanged": "→",
    "worsening": "↘",
}

# The summary's order: best to worst, then the trend statuses.
SUMMARY_STATUSES = (
    "met",
    "on_track",
    "at_risk",
    "off_track",
    "uncertain",
    "not_met",
    "not_yet_known",
    "no_data",
    "improving",
    "unchanged",
    "worsening",
)
PROBLEM_STATUSES = ("at_risk", "off_track", "not_met", "worsening")


def lang_of(language: str) -> str:
    return "en" if language.startswith("en") else "sv"


def word(key: str, language: str) -> str:
    return WORDS[lang_of(language)].get(key, key)


def number(value: float | None, decimals: int, language: str, unit: str | None = None) -> str:
    """Swedish: decimal comma and narrow no-break thousands; English: point and comma. Missing stays missing."""
    if lang_of(language) == "en":
        return format_number_en(value, decimals, unit=unit_en(unit) if unit else unit)
    return format_number_sv(value, decimals, unit=unit)


def percent(p: float | None, language: str) -> str:
    return format_percent_en(p) if lang_of(language) == "en" else format_percent_sv(p)
