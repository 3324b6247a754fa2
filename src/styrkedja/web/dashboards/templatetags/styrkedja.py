"""Formatting for the pages: numbers the Swedish way in Swedish, the English way in English."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from styrkedja.reports.assemble.goal import unpublished_words

from ..queries import number, percent, status_info, unit_label

register = template.Library()


@register.filter
def num(value: Any, decimals: Any = 1) -> str:
    """{{ value|num:2 }} -> "1 234,57" in Swedish, "1,234.57" in English; missing -> "uppgift saknas"."""
    try:
        d = int(decimals)
    except (TypeError, ValueError):
        d = 1
    return number(None if value is None or value == "" else float(value), d)


@register.filter
def unit(value: Any) -> str:
    """{{ indicator.unit|unit }}: the unit in the page's language ("procent" -> "%" in English)."""
    return unit_label(str(value or ""))


@register.filter
def pct(value: Any) -> str:
    """A probability 0-1 as a whole percentage."""
    return percent(None if value is None or value == "" else float(value))


@register.filter
def status_badge(code: str) -> SafeString:
    """Status as icon (hidden from screen readers) and text, with a class for the border style."""
    info = status_info(code or "no_data")
    from django.utils.html import format_html

    return format_html(
        '<span class="status status-{}"><span class="status-icon" aria-hidden="true">{}</span> {}</span>',
        info["code"],
        info["icon"],
        info["text"],
    )


@register.filter
def unpublished(result: Any) -> str:
    """{{ r.result|unpublished }}: the "preliminary" flag in the report's plain words, only while the target
    year's figures are unpublished ("" otherwise)."""
    return unpublished_words(
        bool(result.preliminary), result.target_year, str(result.data_through or ""), get_language() or "sv"
    )


@register.filter
def svg(chart: Any) -> SafeString:
    """A chart's accessible inline SVG (built by styrkedja.reports.charts, text escaped there)."""
    return mark_safe(chart.svg)


@register.filter
def analyst(user: Any) -> bool:
    """{% if user|analyst %}: may make reports and write assessments."""
    from ...core.permissions import is_analyst

    return bool(getattr(user, "is_authenticated", False) and is_analyst(user))


@register.filter
def placeholder(goal: Any) -> bool:
    """{% if goal|placeholder %}: a goal with nothing but its name, as the plan template's empty
    "Delmål 2" (no formulation, indicator, target, goal above or activity); relations prefetched."""
    return not (
        goal.formulation
        or goal.indicator_id
        or goal.targets.all()
        or goal.contributes_to.all()
        or goal.activities.all()
    )


@register.filter
def rule_words(target: Any) -> str:
    """{{ target|rule_words }}: the target in plain words (`records.target_words`)."""
    from ..records import target_words

    return target_words(target)
