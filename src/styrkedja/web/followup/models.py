"""Influence factors behind attractiveness, and analysts' assessments per goal and year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InfluenceFactor(models.Model):
    """A påverkansfaktor: a factor, the theory of why it matters, and its indicators."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    strategy = models.ForeignKey(
        "strategies.Strategy",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="influence_factors",
    )
    name = models.CharField(_("factor"), max_length=200)
    theory = models.TextField(_("theory"), blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="influence_factors", verbose_name=_("indicators")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("influence factor")
        verbose_name_plural = _("influence factors")

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    """An analyst's assessment of a goal for a year. Every save is a new row: the history is kept."""

    RATINGS = [
        ("positive", _("positive development")),
        ("neutral", _("no clear change")),
        ("negative", _("negative development")),
        ("", _("not rated")),
    ]
    goal = models.ForeignKey("strategies.Goal", on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=10, choices=RATINGS, blank=True)
    text = models.TextField(_("assessment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["goal", "-year", "-created_at", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.goal} {self.year}"
