"""Indicators, their observations, import batches and revision history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja.analytics import model as am

MEASURE_TYPE_CHOICES = [
    ("count", _("count")),
    ("rate", _("rate")),
    ("share", _("share (numerator / denominator)")),
    ("index", _("index")),
    ("money", _("money")),
    ("ratio", _("ratio")),
]
DIRECTION_CHOICES = [
    (am.HIGHER_IS_BETTER, _("higher is better")),
    (am.LOWER_IS_BETTER, _("lower is better")),
    (am.NEUTRAL, _("neither")),
]
# The seed's "Som man frågar..." table: what is followed up and how hard it is.
FOLLOWUP_CLASS_CHOICES = [
    ("external_long", _("External world, easy: the region's long-term development (RUS)")),
    ("external_short", _("External world, medium: short and medium term (sub-strategies)")),
    ("operations_contribution", _("Own operations, very hard: contribution to regional development")),
    ("operations_effects", _("Own operations, hard: effects of the interventions")),
    ("operations_outputs", _("Own operations, easy: the operations' own interventions")),
]
SOURCE_KINDS = [
    ("scb", _("SCB (Statistics Sweden)")),
    ("kolada", _("Kolada")),
    ("file", _("file")),
    ("computed", _("computed from other series")),
    ("manual", _("entered by hand")),
    ("survey", _("survey")),
    ("project", _("project reports")),
    ("none", _("no source yet")),
]
PERIODICITY_CHOICES = [("year", _("year")), ("quarter", _("quarter")), ("month", _("month"))]
# Forecast-error families (styrkedja.analytics.family); blank = derived from measure type and unit.
FAMILY_CHOICES = [
    ("", _("derived from measure type and unit")),
    ("level", _("levels and counts")),
    ("money", _("money")),
    ("share", _("shares and rates")),
    ("volatile", _("volatile (tourism-like)")),
]


class Indicator(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    measure_type = models.CharField(_("measure type"), max_length=20, choices=MEASURE_TYPE_CHOICES, default="count")
    family = models.CharField(_("forecast family"), max_length=20, choices=FAMILY_CHOICES, blank=True, default="")
    numerator = models.CharField(_("numerator"), max_length=300, blank=True)
    denominator = models.CharField(_("denominator"), max_length=300, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=DIRECTION_CHOICES, default="higher")
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    periodicity = models.CharField(_("periodicity"), max_length=10, choices=PERIODICITY_CHOICES, default="year")
    source_kind = models.CharField(_("source"), max_length=20, choices=SOURCE_KINDS, default="none")
    source_spec = models.JSONField(_("source specification"), default=dict, blank=True)
    source_note = models.TextField(_("note on the source"), blank=True)
    # One sentence: which series stands in for the indicator's own measure, and why (empty: none does).
    stand_in = models.TextField(_("stand-in series"), blank=True)
    target_comment = models.TextField(_("comment on the target value"), blank=True)
    followup_class = models.CharField(_("follow-up class"), max_length=30, choices=FOLLOWUP_CLASS_CHOICES, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One import or fetch: every observation knows the batch it came from."""

    source = models.CharField(_("source"), max_length=20)  # scb, kolada, file, project, manual
    location = models.CharField(_("URL or file"), max_length=1000)
    table = models.CharField(_("table or KPI"), max_length=200, blank=True)
    query = models.JSONField(_("query"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    retrieved_at = models.DateTimeField(_("retrieved at"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    checksum = models.CharField(_("checksum (sha256)"), max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    changed_count = models.PositiveIntegerField(_("new or revised values"), default=0)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("user")
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"#{self.pk} {self.source} {self.table or self.location}"


OBSERVATION_STATUSES = [
    ("final", _("final")),
    ("provisional", _("provisional")),
    ("missing", _("missing")),
    ("not_applicable", _("not applicable")),
    ("confidential", _("confidential")),
]


class Observation(models.Model):
    """The current value of (indicator, area, period, breakdown). A missing value is NULL, never 0."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(_("period"), max_length=10)  # 2024, 2024K1, 2024M03
    breakdown = models.CharField(_("breakdown"), max_length=20, default="T")  # T total, K women, M men
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OBSERVATION_STATUSES, default="final")
    symbol = models.CharField(_("symbol"), max_length=40, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="observations")

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "period", "breakdown"], name="observation_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.key} {self.area.code} {self.period} {self.breakdown}: {self.value}"


class ObservationRevision(models.Model):
    """An earlier value of an observation, replaced by a later import."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=OBSERVATION_STATUSES)
    symbol = models.CharField(_("symbol"), max_length=40, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="+")
    replaced_by = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="replaced_revisions")

    class Meta:
        ordering = ["observation", "id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.observation_id}: {self.value} (batch {self.batch_id}, replaced by {self.replaced_by_id})"


class ImportJob(models.Model):
    """A statistics file uploaded on the web, imported in the background by `styrkedja worker`.

    The upload only stores the file and this row, so the request returns at once; the worker runs the
    same import as `styrkedja import-data` (one transaction: all stored, or nothing) and writes the
    outcome here for the page to show.
    """

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUS_CHOICES = [(QUEUED, _("waiting")), (RUNNING, _("importing")), (DONE, _("imported")), (FAILED, _("refused"))]

    file_name = models.CharField(_("file"), max_length=255)
    stored = models.CharField(max_length=1000)  # where the upload waits on disk; removed once imported
    indicator = models.CharField(_("indicator"), max_length=100, blank=True)  # every series onto this one
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=QUEUED)
    message = models.TextField(_("outcome"), blank=True)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name} ({self.status})"

    @property
    def label(self) -> str:
        """How the worker names the job in its output."""
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)
