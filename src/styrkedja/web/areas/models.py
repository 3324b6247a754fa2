"""Areas with SCB codes (Riket, counties, municipalities) and peer groups."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    COUNTRY = "country"
    COUNTY = "county"
    MUNICIPALITY = "municipality"
    LEVELS = [(COUNTRY, _("country")), (COUNTY, _("county")), (MUNICIPALITY, _("municipality"))]

    code = models.CharField(_("SCB code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=LEVELS)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PeerGroup(models.Model):
    """Areas compared with each other; 'counties' and 'municipalities' are the defaults."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(Area, related_name="peer_groups", verbose_name=_("members"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")

    def __str__(self) -> str:
        return self.name
