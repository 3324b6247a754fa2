"""The plain-language reading of a synthetic control, in Swedish and English, with its limits.

Evidence words follow the placebo p-value (1 + k)/(J + 1): with 20 donor counties the smallest
attainable value is 1/21 = 0.048, so "clear" needs the area's gap to be the most extreme of all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from styrkedja.analytics.text import format_number_en, format_number_sv

STRONG = 0.05
WEAK = 0.10

_TEXT: dict[str, dict[str, str]] = {
    "sv": {
        "above": "{area}s värde {year} var {gap} över den syntetiska kontrollens",
        "below": "{area}s värde {year} var {gap} under den syntetiska kontrollens",
        "placebo": "{k} av {j} jämförelseområden visar ett lika stort avvikande mönster (p = {p})",
        "strong": "det är ett tydligt tecken på att utvecklingen skiljer sig från vad jämförelseområdena visar",
        "weak": "det är ett svagt tecken på en skillnad",
        "none": "avvikelsen är inte större än vad områden utan insatsen också visar",
        "limits": (
            "Metoden visar hur det hade kunnat gå utan en förändring från {start}, om den vägda "
            "kombinationen av andra områden följer samma utveckling som området hade gjort. Alla "
            "områden har egna strategier och insatser, så jämförelsen är mot en vanlig policymix, "
            "inte mot inga insatser, och den kan inte visa vilken insats som gjorde skillnaden."
        ),
    },
    "en": {
        "above": "{area}'s value in {year} was {gap} above its synthetic control",
        "below": "{area}'s value in {year} was {gap} below its synthetic control",
        "placebo": "{k} of {j} comparison areas show as large a departure (p = {p})",
        "strong": "this is clear evidence that the development differs from what the comparison areas show",
        "weak": "this is weak evidence of a difference",
        "none": "the gap is no larger than what areas without the intervention show as well",
        "limits": (
            "The method shows how things could have gone without a change from {start}, assuming that "
            "the weighted combination of other areas follows the path the area would have taken. Every "
            "area has its own strategies and programmes, so the comparison is with a typical policy mix, "
            "not with no intervention, and it cannot tell which intervention made the difference."
        ),
    },
}
_WARNINGS: dict[str, dict[str, str]] = {
    "sv": {
        "poor_fit": "Anpassningen före {start} är svag; resultatet bör inte tolkas.",
        "outside_hull": "Området ligger utanför jämförelseområdenas spann ({detail}); ingen vägning når dit.",
        "short_pre_period": "Bara {detail} år före {start}; placebotesten blir för optimistiska.",
    },
    "en": {
        "poor_fit": "The fit before {start} is poor; the result should not be interpreted.",
        "outside_hull": "The area lies outside the comparison areas' range ({detail}); no weighting reaches it.",
        "short_pre_period": "Only {detail} years before {start}; placebo tests are then too optimistic.",
    },
}


def reading(summary: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """{"text": the finding in one paragraph, "limits": the method's limits, "warnings": [sentences]}."""
    key = "en" if lang.startswith("en") else "sv"
    words = _TEXT[key]
    number = format_number_en if lang.startswith("en") else format_number_sv
    gap = float(summary["last_gap"])
    area = summary["names"].get(summary["treated"], summary["treated"])
    decimals = int(summary.get("decimals", 1))
    finding = words["above" if gap >= 0 else "below"].format(
        area=area, year=summary["last_year"], gap=number(abs(gap), decimals)
    )
    j = len(summary["placebos"])
    p = float(summary["p_value"])
    placebo = words["placebo"].format(k=summary["as_extreme"], j=j, p=number(p, 2))
    strength = words["strong"] if p <= STRONG else words["weak"] if p <= WEAK else words["none"]
    text = f"{finding}; {placebo}; {strength}."
    warnings = [
        _WARNINGS[key][w["code"]].format(detail=w["detail"], start=summary["start_year"]) for w in summary["warnings"]
    ]
    return {"text": text, "limits": words["limits"].format(start=summary["start_year"]), "warnings": warnings}
