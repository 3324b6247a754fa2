"""The yearly follow-up cycle: rounds, the goal statuses they freeze, actions, knowledge needs, lessons.

A round (*uppföljningsomgång*) belongs to a strategy and a year. Freezing it ties it to one
evaluation run, whose results are then the round's figures: each goal's status in that run is kept
in `RoundStatus`, so a goal's status history is one row per round. Assessments (`models.Assessment`)
point at a round; actions and knowledge needs are decided from one. Writes go through
`styrkedja.web.rounds.services` (one transaction, audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

OPEN = "open"
PUBLISHED = "published"
ROUND_STATES = [(OPEN, _("open")), (PUBLISHED, _("published"))]
FORUMS = [("autumn", _("autumn forum")), ("spring", _("spring forum"))]


class Round(models.Model):
    """A yearly follow-up round of one strategy, with its calendar."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    strategy = models.ForeignKey(
        "strategies.Strategy", on_delete=models.CASCADE, related_name="rounds", verbose_name=_("strategy")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    run = models.ForeignKey(
        "followup.EvaluationRun", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds",
        verbose_name=_("evaluation run"),
    )  # fmt: skip
    as_of = models.DateField(_("data as of"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=ROUND_STATES, default=OPEN)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The calendar: data fetched -> evaluated -> assessments -> forum -> report -> published.
    data_due = models.DateField(_("data fetched by"), null=True, blank=True)
    assessments_due = models.DateField(_("assessments due"), null=True, blank=True)
    forum_on = models.DateField(_("forum"), null=True, blank=True)
    forum = models.CharField(_("forum"), max_length=10, choices=FORUMS, blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    publish_on = models.DateField(_("to be published"), null=True, blank=True)

    class Meta:
        ordering = ["strategy", "-year"]
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        constraints = [models.UniqueConstraint(fields=["strategy", "year"], name="round_unique_year")]

    def __str__(self) -> str:
        return self.name

    @property
    def published(self) -> bool:
        return self.state == PUBLISHED


class RoundStatus(models.Model):
    """A goal's status in a round: the worst status of its targets in the round's evaluation run."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="statuses")
    goal = models.ForeignKey("strategies.Goal", on_delete=models.CASCADE, related_name="round_statuses")
    status = models.CharField(_("status"), max_length=20)
    results = models.PositiveSmallIntegerField(_("results"), default=0)

    class Meta:
        ordering = ["round", "goal"]
        verbose_name = _("round status")
        verbose_name_plural = _("round statuses")
        constraints = [models.UniqueConstraint(fields=["round", "goal"], name="round_status_unique_goal")]

    def __str__(self) -> str:
        return f"{self.round} {self.goal} {self.status}"


class Decided(models.Model):
    """What actions and knowledge needs share: decided from a round, about goals, owned by someone."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("round"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("owner"),
    )  # fmt: skip
    owner_name = models.CharField(_("owner"), max_length=200, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    note = models.TextField(_("follow-up note"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    last_reminded = models.DateField(_("last reminder"), null=True, blank=True)

    class Meta:
        abstract = True

    def owner_label(self) -> str:
        if self.owner_name:
            return self.owner_name
        return (self.owner.get_full_name() or self.owner.get_username()) if self.owner else ""


class Action(Decided):
    """An åtgärd decided from a round."""

    STATUSES = [("planned", _("planned")), ("ongoing", _("ongoing")), ("done", _("done")), ("dropped", _("dropped"))]
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField("strategies.Goal", blank=True, related_name="actions", verbose_name=_("goals"))
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default="planned")

    class Meta:
        ordering = ["due_date", "key"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title


class KnowledgeNeed(Decided):
    """A kunskapsbehov: a question to be answered by a deeper analysis, a pre-study or an ex-ante evaluation."""

    KINDS = [
        ("analysis", _("deepening statistical analysis")),
        ("prestudy", _("pre-study")),
        ("exante", _("ex-ante evaluation")),
    ]
    STATUSES = [("proposed", _("proposed")), ("ongoing", _("ongoing")), ("done", _("done")), ("dropped", _("dropped"))]
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    question = models.TextField(_("question"))
    goals = models.ManyToManyField(
        "strategies.Goal", blank=True, related_name="knowledge_needs", verbose_name=_("goals")
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default="proposed")
    result = models.CharField(_("resulting document or link"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_date", "key"]
        verbose_name = _("knowledge need")
        verbose_name_plural = _("knowledge needs")

    def __str__(self) -> str:
        return self.question[:80]


class Lesson(models.Model):
    """A lärdom of a round: what was learnt, about which part of the chain."""

    PARTS = [
        ("rus", _("the regional development strategy")),
        ("sub_strategy", _("sub-strategies")),
        ("initiatives", _("projects and organisations")),
        ("followup", _("the follow-up itself")),
    ]
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("round"))
    part = models.CharField(_("part of the chain"), max_length=20, choices=PARTS)
    text = models.TextField(_("lesson"))
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["round", "created_at", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.text[:80]
