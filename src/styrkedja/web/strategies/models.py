"""Strategies, their challenges and priorities, goals and targets.

A goal belongs to a strategy or to an initiative (project, organisation …).
Goals link upwards through `contributes_to`, across levels and strategies:
that many-to-many graph is the *styrkedja* itself.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja.analytics import model as am

from ..indicators.models import FOLLOWUP_CLASS_CHOICES


class Strategy(models.Model):
    RUS = "rus"
    SUB_STRATEGY = "sub_strategy"
    ACTION_PLAN = "action_plan"
    LEVELS = [
        (RUS, _("regional development strategy (RUS)")),
        (SUB_STRATEGY, _("sub-strategy")),
        (ACTION_PLAN, _("action plan")),
    ]

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=LEVELS)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, verbose_name=_("area"))
    horizon_start = models.PositiveSmallIntegerField(_("horizon from"))
    horizon_end = models.PositiveSmallIntegerField(_("horizon to"))
    description = models.TextField(_("description"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    LONG_TERM = "long_term"
    SHORT_MEDIUM = "short_medium"
    KINDS = [
        (LONG_TERM, _("long-term effect")),
        (SHORT_MEDIUM, _("short/medium-term effect")),
    ]

    key = models.SlugField(_("key"), max_length=80, unique=True)
    strategy = models.ForeignKey(
        Strategy,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("strategy"),
    )
    initiative = models.ForeignKey(
        "projects.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("initiative"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS, default=LONG_TERM)
    name = models.CharField(_("name"), max_length=300)
    formulation = models.TextField(_("goal formulation"), blank=True)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("indicator"),
    )
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("area measured")
    )
    baseline_value = models.FloatField(_("baseline value"), null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=10, blank=True)
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True)
    contributes_to = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="contributors", verbose_name=_("contributes to")
    )
    followup_class = models.CharField(_("follow-up class"), max_length=30, choices=FOLLOWUP_CLASS_CHOICES, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(strategy__isnull=True) ^ models.Q(initiative__isnull=True),
                name="goal_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self) -> Strategy | models.Model:
        return self.strategy if self.strategy_id else self.initiative  # type: ignore[return-value]

    def measured_area(self):  # type: ignore[no-untyped-def]
        """The area the goal is about: its own, else its strategy's or initiative's."""
        if self.area_id:
            return self.area
        if self.strategy_id:
            return self.strategy.area  # type: ignore[union-attr]
        return self.initiative.area if self.initiative else None  # type: ignore[union-attr]


class Challenge(models.Model):
    """A challenge (utmaning) of a strategy, and the goals that answer it."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="challenges")
    text = models.TextField(_("text"))
    goals = models.ManyToManyField(Goal, blank=True, related_name="challenges", verbose_name=_("goals"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self) -> str:
        return self.text[:80]


class Priority(models.Model):
    """A priority (prioritering) of a strategy, and the goals it serves."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="priorities")
    text = models.TextField(_("text"))
    goals = models.ManyToManyField(Goal, blank=True, related_name="priorities", verbose_name=_("goals"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self) -> str:
        return self.text[:80]


RULE_CHOICES = [
    (am.LEVEL, _("level at least / at most")),
    (am.CHANGE, _("change in a direction")),
    (am.GROWTH_VS_BENCHMARK, _("growth above a benchmark's growth")),
    (am.LEVEL_VS_BENCHMARK, _("level above a benchmark")),
    (am.RANK, _("rank among peers")),
    (am.SHARE, _("share of participants")),
]
BENCHMARK_CHOICES = [
    ("riket", _("Riket (the whole country)")),
    ("peer_median", _("median of the peer group")),
    ("peer_mean", _("mean of the peer group")),
]


class Target(models.Model):
    """A target as a typed rule (see styrkedja.analytics.model.TargetRule)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    rule = models.CharField(_("rule"), max_length=30, choices=RULE_CHOICES)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    operator = models.CharField(_("operator"), max_length=2, default=">=")
    value = models.FloatField(_("value"), null=True, blank=True)
    base_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    change = models.CharField(_("change"), max_length=10, blank=True)
    benchmark = models.CharField(_("benchmark"), max_length=20, choices=BENCHMARK_CHOICES, blank=True)
    peer_group = models.ForeignKey(
        "areas.PeerGroup", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("peer group")
    )
    rank = models.PositiveSmallIntegerField(_("rank at most"), null=True, blank=True)
    rank_by = models.CharField(_("rank by"), max_length=10, blank=True)
    growth = models.CharField(_("growth measured as"), max_length=10, blank=True)
    peer_coverage = models.FloatField(
        _("share of peers required (%)"),
        null=True,
        blank=True,
        help_text=_("Percent of the peer group that must have the target year; empty: the default setting."),
    )
    text = models.TextField(_("target as written"), blank=True)
    comment = models.TextField(_("comment on the target value"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.text or f"{self.rule} {self.target_year}"

    def as_rule(self) -> am.TargetRule:
        return am.TargetRule(
            rule=self.rule,
            target_year=self.target_year,
            operator=self.operator,
            value=self.value,
            base_year=self.base_year,
            change=self.change or None,
            benchmark=self.benchmark or None,
            peer_group=self.peer_group.key if self.peer_group_id else None,  # type: ignore[union-attr]
            rank=self.rank,
            rank_by=self.rank_by or None,
            growth=self.growth or None,
            peer_coverage=self.peer_coverage,
        )
