"""Initiatives (projects, organisations, companies, grants) and their activities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Initiative(models.Model):
    PROJECT = "project"
    ORGANISATION = "organisation"
    COMPANY = "company"
    GRANT = "grant"
    KINDS = [
        (PROJECT, _("project")),
        (ORGANISATION, _("organisation")),
        (COMPANY, _("company")),
        (GRANT, _("grant")),
    ]

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS, default=PROJECT)
    owner_organisation = models.CharField(_("owner organisation"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, verbose_name=_("area"))
    strategy = models.ForeignKey(
        "strategies.Strategy",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
        verbose_name=_("carries out strategy"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    budget = models.FloatField(_("budget (SEK)"), null=True, blank=True)
    funding = models.TextField(_("funding"), blank=True)
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="initiatives", verbose_name=_("project owners")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("name"), max_length=300)
    content = models.TextField(_("content and purpose"), blank=True)
    occasions = models.PositiveIntegerField(_("number of occasions"), null=True, blank=True)
    hours_per_occasion = models.FloatField(_("hours per occasion"), null=True, blank=True)
    feeds = models.ManyToManyField(
        "strategies.Goal", blank=True, related_name="activities", verbose_name=_("contributes to sub-goals")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name

    @property
    def total_hours(self) -> float | None:
        if self.occasions is None or self.hours_per_occasion is None:
            return None
        return self.occasions * self.hours_per_occasion
