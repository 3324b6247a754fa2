"""The influence index (påverkansindex) as computed once per run; pages and the API read the latest run."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexRun(models.Model):
    """One build of a strategy's influence index for one year, on the data current at `as_of`."""

    strategy = models.ForeignKey("strategies.Strategy", on_delete=models.CASCADE, related_name="index_runs")
    year = models.CharField(_("year"), max_length=10)
    as_of = models.DateField(_("data as of"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    batches = models.JSONField(_("import batches used"), default=list)
    method = models.JSONField(_("method"), default=dict)
    # factor key -> {"used": [indicator keys], "left_out": [[indicator key, reason], ...]}
    coverage = models.JSONField(_("indicators with data"), default=dict)
    # {"factors": [...], "first": [...], "total": [...]} for the strategy's area and the mean rank shift
    sensitivity = models.JSONField(_("sensitivity"), default=dict)
    # handbook step 9: [{"indicator", "goal", "start", "end", "n", "pearson", "spearman"}] for the strategy's
    # long-term goal indicators' growth over the counties (association, not cause)
    links = models.JSONField(_("links to other indicators"), default=list)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("index run")
        verbose_name_plural = _("index runs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.strategy_id} {self.year}"


class IndexScore(models.Model):
    """One area's figure for one code of the index: an indicator (level 1), a factor (2) or the index (3)."""

    run = models.ForeignKey(IndexRun, on_delete=models.CASCADE, related_name="scores")
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=80)
    level = models.PositiveSmallIntegerField(_("level"))
    value = models.FloatField(_("value"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    contribution = models.FloatField(_("contribution to the index"), null=True, blank=True)
    median_rank = models.FloatField(_("median rank"), null=True, blank=True)
    rank_p05 = models.FloatField(_("rank, 5th percentile"), null=True, blank=True)
    rank_p95 = models.FloatField(_("rank, 95th percentile"), null=True, blank=True)

    class Meta:
        ordering = ["run", "level", "code", "area__code"]
        constraints = [models.UniqueConstraint(fields=["run", "area", "code"], name="influence_score_unique")]
        verbose_name = _("index score")
        verbose_name_plural = _("index scores")

    def __str__(self) -> str:
        return f"{self.code} {self.area_id}: {self.score}"
