"""Numbers, percentages and statuses as text in the interface language, for every app's pages.

They live in `core` so that any app's templates can use them without importing a higher app.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from styrkedja.analytics.text import format_number_en, format_number_sv, format_percent_en, format_percent_sv, unit_en

# Status as text and icon (never colour alone). The icon is decoration: screen readers read the text.
# No target status is an arrow: arrows show the series' own latest change (`analytics.change`).
STATUS_TEXT = {
    "met": (_("met"), "✔"),
    "not_met": (_("not met"), "✖"),
    "on_track": (_("on track"), "●"),
    "at_risk": (_("at risk"), "⚠"),
    "off_track": (_("off track"), "⊘"),
    "not_yet_known": (_("not known yet"), "…"),
    "no_data": (_("no data"), "–"),
    "improving": (_("improving"), "↗"),
    "unchanged": (_("unchanged"), "→"),
    "worsening": (_("worsening"), "↘"),
    # a summary category, not a status: forecast-based, on old or too short data (reports.assemble.summary)
    "uncertain": (_("uncertain assessment"), "◌"),
}
STATUS_FILTER = [
    "met",
    "on_track",
    "at_risk",
    "off_track",
    "not_met",
    "not_yet_known",
    "no_data",
    "improving",
    "unchanged",
    "worsening",
]


def is_english() -> bool:
    return (get_language() or "sv").startswith("en")


def lang() -> str:
    return "en" if is_english() else "sv"


def number(value: float | None, decimals: int = 1, unit: str | None = None) -> str:
    if is_english():
        return format_number_en(value, decimals, unit=unit)
    return format_number_sv(value, decimals, unit=unit)


def percent(p: float | None) -> str:
    return format_percent_en(p) if is_english() else format_percent_sv(p)


def status_info(status: str) -> dict[str, str]:
    text, icon = STATUS_TEXT.get(status, (status, "?"))
    return {"code": status, "text": str(text), "icon": icon}


def unit_label(unit: str) -> str:
    """The indicator's unit in the page's language (the strategy file writes it in Swedish)."""
    return unit_en(unit) if is_english() else unit


def operator_words(operator: str) -> str:
    """A target's comparison in words: ">=" -> "minst" / "at least" (raw operators never reach a page)."""
    words = {">=": _("at least"), ">": _("above"), "<=": _("at most"), "<": _("below")}
    return str(words.get(operator, operator))
