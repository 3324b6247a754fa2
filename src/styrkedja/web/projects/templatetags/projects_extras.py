"""Small helpers for the project templates."""

from __future__ import annotations

from typing import Any

from django import template

from ..plandata import fmt_number

register = template.Library()


@register.filter
def get(mapping: Any, key: str) -> Any:
    """mapping[key], or "" when absent."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def slots(values: list[str], minimum: int = 1) -> list[str]:
    """The chosen values plus empty drop-downs: at least `minimum`, always one free."""
    out = list(values)
    out.append("")
    while len(out) < int(minimum):
        out.append("")
    return out


@register.filter
def num(value: Any) -> str:
    return fmt_number(value) if isinstance(value, int | float) else ""


@register.filter
def pct(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.1f} %".replace(".", ",")


@register.simple_tag
def fid(ref: str, name: str, prefix: str = "g") -> str:
    return f"{prefix}-{ref}-{name}"
