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
    # The plan's comparison group for the effect evaluation (difference-in-differences): what it is, how it
    # is chosen and which measure is compared before and after. Empty: no comparison group is planned.
    comparison_group = models.CharField(_("comparison group"), max_length=300, blank=True)
    comparison_selection = models.TextField(_("how the comparison group is chosen"), blank=True)
    comparison_measure = models.CharField(_("measure compared before and after"), max_length=300, blank=True)
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


DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
RETURNED = "returned"
REVIEW_STATES = [
    (DRAFT, _("draft")),
    (SUBMITTED, _("submitted")),
    (APPROVED, _("approved")),
    (RETURNED, _("returned")),
]
EDITABLE_STATES = (DRAFT, RETURNED)


class Reviewed(models.Model):
    """What plans and reports share: a state, who submitted and who reviewed, and the review comment."""

    state = models.CharField(_("state"), max_length=20, choices=REVIEW_STATES, default=DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("review comment"), blank=True)
    # Raised by every save: a form carries the version it was opened at, and a save from an older
    # version is refused instead of silently overwriting someone else's newer change.
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        abstract = True

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE_STATES


class Plan(Reviewed):
    """The state of an initiative's plan (its goals, targets and activities live in their own tables)."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="plan")
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo content, not the initiative's real plan.")
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.initiative} ({self.state})"


PROGRESS = "progress"
FINAL = "final"
EXPOST3 = "expost3"
EXPOST5 = "expost5"
REPORT_KINDS = [
    (PROGRESS, _("progress report")),
    (FINAL, _("final report")),
    (EXPOST3, _("follow-up 3 years after the end")),
    (EXPOST5, _("follow-up 5 years after the end")),
]


class Report(Reviewed):
    """One reporting round: achieved values per goal indicator for a year, and a narrative."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=REPORT_KINDS)
    period = models.CharField(_("year reported"), max_length=10)  # an SCB period code: the year the values are for
    due_date = models.DateField(_("due"))
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Illustrative values: no participant data has been reported yet.")
    )
    batch = models.ForeignKey(
        "indicators.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("observations stored in"),
    )  # fmt: skip
    last_reminded = models.DateField(_("last reminder"), null=True, blank=True)

    class Meta:
        ordering = ["initiative", "due_date", "kind"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["initiative", "kind", "period"], name="report_unique_round")]

    def __str__(self) -> str:
        return f"{self.initiative} {self.get_kind_display()} {self.period}"

    @property
    def locked(self) -> bool:
        return self.state == APPROVED


class ReportValue(models.Model):
    """An achieved value of one goal's indicator. Shares are kept as counts and recomputed, never averaged."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    goal = models.ForeignKey("strategies.Goal", on_delete=models.CASCADE, related_name="report_values")
    value = models.FloatField(_("value"), null=True, blank=True)  # counts and other measures
    numerator = models.FloatField(_("numerator"), null=True, blank=True)  # shares: those who …
    denominator = models.FloatField(_("denominator"), null=True, blank=True)  # shares: of how many
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["report", "goal__position", "goal__key"]
        verbose_name = _("report value")
        verbose_name_plural = _("report values")
        constraints = [models.UniqueConstraint(fields=["report", "goal"], name="report_value_unique_goal")]

    def __str__(self) -> str:
        return f"{self.report} {self.goal.key}"

    @property
    def share(self) -> float | None:
        """100 x numerator / denominator: the share recomputed from the counts."""
        if self.numerator is None or not self.denominator:
            return None
        return 100.0 * self.numerator / self.denominator


class ActivityOutcome(models.Model):
    """What was actually done in one activity during a report's year, next to what the plan says."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="activity_outcomes")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="outcomes")
    occasions = models.PositiveIntegerField(_("occasions held"), null=True, blank=True)
    hours = models.FloatField(_("hours in all"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)

    class Meta:
        ordering = ["report", "activity__position", "activity__key"]
        verbose_name = _("activity outcome")
        verbose_name_plural = _("activity outcomes")
        constraints = [models.UniqueConstraint(fields=["report", "activity"], name="activity_outcome_unique")]

    def __str__(self) -> str:
        return f"{self.report} {self.activity.key}"
