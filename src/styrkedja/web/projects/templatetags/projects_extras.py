"""Small helpers for the project templates."""

from __future__ import annotations

from typing import Any

from django import template

from ...core.formatting import number, operator_words, status_info, unit_label

register = template.Library()


@register.filter
def op_words(value: Any) -> str:
    """ ">=" -> "minst" / "at least"."""
    return operator_words(str(value or ""))


@register.filter
def unit(value: Any) -> str:
    """The indicator's unit in the page's language."""
    return unit_label(str(value or ""))


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
    """A number for reading, in the interface language (Swedish: 1 500 000; 12,5). Form fields use
    `plandata.fmt_number` instead, which keeps the value as typed."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    return number(float(value), 0 if float(value).is_integer() else 1)


@register.filter
def pct(value: Any) -> str:
    if value is None:
        return "–"
    return number(float(value), 1, "%")


@register.filter
def status_label(code: str) -> str:
    """An evaluation status as icon and text, as on the overview (never the code, never colour alone)."""
    info = status_info(code)
    return f"{info['icon']} {info['text']}"


@register.simple_tag
def fid(ref: str, name: str, prefix: str = "g") -> str:
    return f"{prefix}-{ref}-{name}"


@register.simple_tag
def review_waiting() -> int:
    """How many plans and reports wait for an analyst (the navigation's "To review (n)")."""
    from ..review import waiting_count  # the models load after the template library

    return waiting_count()


@register.filter
def split(value: str) -> list[str]:
    """ "a b c"|split -> ["a", "b", "c"] (to loop over a few field names in a template)."""
    return str(value).split()
