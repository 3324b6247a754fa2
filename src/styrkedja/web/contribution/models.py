"""Stored contribution analyses: every run keeps its inputs, settings and results (reproducible)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..core import jobs


class ContributionRun(models.Model):
    """One synthetic control (regional outcome) or difference-in-differences (project effect).

    `inputs` holds the exact data the run used (units, years, values), so a later revision of the
    statistics does not change what a stored run shows and the run can be repeated; `parameters`
    holds every choice (start year, donors, method, starts, seed); `result` every number shown.
    """

    SCM = "scm"
    DID = "did"
    KINDS = [(SCM, _("synthetic control")), (DID, _("difference-in-differences"))]

    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    indicator = models.ForeignKey(
        "indicators.Indicator", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("indicator")
    )
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("area"))
    goal = models.ForeignKey(
        "strategies.Goal", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("goal")
    )
    project_key = models.CharField(_("project"), max_length=80, blank=True)
    parameters = models.JSONField(_("settings"), default=dict)
    inputs = models.JSONField(_("inputs"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("user")
    )
    # An analyst publishes a run: only published runs reach the public edition of the yearly report and
    # readers who see published material only (anonymous visitors); who and when is also in the audit log.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("published by"),
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contribution analysis")
        verbose_name_plural = _("contribution analyses")

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.project_key or (self.indicator_id or '')}"

    @property
    def published(self) -> bool:
        return self.published_at is not None


class ScmJob(models.Model):
    """A synthetic control asked for on *Utan oss?*, run in the background by `styrkedja worker`.

    The predictor variant with its placebos takes about a minute, too long for a web request: the page
    checks the inputs, stores this row and returns; the worker (`core.jobs`) runs `services.run_scm` with
    `arguments` and links the stored run here, or writes why it could not be run.
    """

    QUEUED, RUNNING, DONE, FAILED = jobs.QUEUED, jobs.RUNNING, jobs.DONE, jobs.FAILED
    STATUS_CHOICES = [(QUEUED, _("waiting")), (RUNNING, _("running")), (DONE, _("done")), (FAILED, _("refused"))]

    goal = models.ForeignKey("strategies.Goal", on_delete=models.CASCADE, related_name="+", verbose_name=_("goal"))
    arguments = models.JSONField(_("settings"), default=dict)  # run_scm's keyword arguments
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=QUEUED)
    message = models.TextField(_("outcome"), blank=True)
    run = models.ForeignKey(ContributionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("synthetic-control job")
        verbose_name_plural = _("synthetic-control jobs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.goal_id} ({self.status})"

    @property
    def label(self) -> str:
        """How the worker names the job in its output."""
        return f"synthetic control #{self.pk} for {self.arguments.get('indicator_key', '')}"

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)
