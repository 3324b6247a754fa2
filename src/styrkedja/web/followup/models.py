"""Influence factors behind attractiveness, analysts' assessments per goal and round, evaluation runs.

The yearly cycle's other records (rounds, statuses, actions, knowledge needs, lessons) are in `cycle.py`."""

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
    # The factor as part of its strategy's influence index (styrkedja.analytics.composite): its weight among
    # the factors, its indicators' weights inside it (indicator key -> weight, default 1) and indicators
    # divided by another before the index is built (indicator key -> denominator indicator key).
    weight = models.FloatField(_("weight in the index"), default=1.0)
    indicator_weights = models.JSONField(_("indicator weights"), default=dict, blank=True)
    denominators = models.JSONField(_("denominators"), default=dict, blank=True)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("influence factor")
        verbose_name_plural = _("influence factors")

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    """An analyst's assessment of a goal, per round (or, before rounds, per year).

    Signed (author) and dated (created_at). In a round it starts as a draft and is published with the
    round; a published assessment is never edited: a correction is a new row (`version` + 1) that
    `supersedes` the old one, which stays as history."""

    RATINGS = [
        ("positive", _("positive development")),
        ("neutral", _("no clear change")),
        ("negative", _("negative development")),
        ("", _("not rated")),
    ]
    DRAFT = "draft"
    PUBLISHED = "published"
    STATES = [(DRAFT, _("draft")), (PUBLISHED, _("published"))]
    JUDGEMENTS = [
        ("", _("agrees with the computed status")),
        ("on_track", _("on track")),
        ("at_risk", _("at risk")),
        ("off_track", _("off track")),
    ]
    EVIDENCE = [
        ("", _("not stated")),
        ("statistics", _("official statistics")),
        ("evaluation", _("evaluation or study")),
        ("reports", _("project reports")),
        ("judgement", _("expert judgement")),
    ]
    goal = models.ForeignKey("strategies.Goal", on_delete=models.CASCADE, related_name="assessments")
    round = models.ForeignKey(
        "followup.Round", null=True, blank=True, on_delete=models.CASCADE, related_name="assessments",
        verbose_name=_("round"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=10, choices=RATINGS, blank=True)
    text = models.TextField(_("assessment"))
    judgement = models.CharField(_("the analyst's status"), max_length=10, choices=JUDGEMENTS, blank=True)
    reason = models.TextField(_("why it differs from the computed status"), blank=True)
    why = models.TextField(_("why the curve looks as it does"), blank=True)
    what_works = models.TextField(_("what works"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    evidence = models.CharField(_("evidence class"), max_length=12, choices=EVIDENCE, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=STATES, default=PUBLISHED)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by",
        verbose_name=_("corrects"),
    )  # fmt: skip
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["goal", "-year", "-created_at", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.goal} {self.year}"


class EvaluationRun(models.Model):
    """One evaluation of every target on the data current at `as_of`. Pages read the latest run."""

    as_of = models.DateField(_("data as of"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    batches = models.JSONField(_("import batches used"), default=list)
    result_count = models.PositiveIntegerField(_("results"), default=0)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # The forecast calibration learnt (analytics.evaluate.Calibration), reused by incremental runs.
    calibration = models.JSONField(_("forecast calibration"), default=dict, blank=True)
    area = models.CharField(_("only goals about this area"), max_length=10, blank=True)
    # An incremental run: the goals of `indicators` evaluated again, the others' results copied from `base`.
    base = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("based on"))
    indicators = models.JSONField(_("indicators evaluated again"), default=list, blank=True)
    # Per goal a hash of what its evaluation rests on (targets' rules, indicator, area), plus the peer
    # groups': an incremental run evaluates again every goal whose hash changed since its base.
    fingerprints = models.JSONField(_("fingerprints of the goals evaluated"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.as_of}"


class EvaluationResult(models.Model):
    """A target's (or, with no target, a goal's trend) status in one run; `detail` holds the full result."""

    run = models.ForeignKey(EvaluationRun, on_delete=models.CASCADE, related_name="results")
    goal = models.ForeignKey("strategies.Goal", on_delete=models.CASCADE, related_name="results")
    target = models.ForeignKey(
        "strategies.Target", null=True, blank=True, on_delete=models.CASCADE, related_name="results"
    )
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT)
    indicator = models.ForeignKey("indicators.Indicator", null=True, blank=True, on_delete=models.CASCADE)
    rule = models.CharField(_("rule"), max_length=30)  # a target rule, or "trend"
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, db_index=True)
    probability = models.FloatField(_("probability"), null=True, blank=True)
    latest_period = models.CharField(_("latest period"), max_length=10, blank=True)
    latest_value = models.FloatField(_("latest value"), null=True, blank=True)
    data_through = models.CharField(_("data through"), max_length=10, blank=True)
    preliminary = models.BooleanField(_("preliminary"), default=False)
    explanation_sv = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["run", "goal", "target"]
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        indexes = [models.Index(fields=["goal", "run"])]

    def __str__(self) -> str:
        return f"{self.goal} {self.status}"

    def explanation(self, language: str) -> str:
        return self.explanation_en if language.startswith("en") else self.explanation_sv


from .cycle import Action, KnowledgeNeed, Lesson, Round, RoundStatus  # noqa: E402  (models of this app)

__all__ = ["Action", "Assessment", "EvaluationResult", "EvaluationRun", "InfluenceFactor", "KnowledgeNeed", "Lesson",
           "Round", "RoundStatus"]  # fmt: skip
