"""Errors of the contribution analyses: each names the field and what was expected."""

from __future__ import annotations


class ContributionInputError(ValueError):
    """Input that a synthetic control or a difference-in-differences cannot use.

    `field` names the setting or data column at fault (e.g. ``start_year``, ``donors``), so a
    page or the command line can point at it; the message says what was expected.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
