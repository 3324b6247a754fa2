from django.contrib import admin

from ..core.auditadmin import AuditedModelAdmin
from .models import ImportBatch, Indicator, Observation, ObservationRevision


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    list_display = ("key", "name", "unit", "measure_type", "direction", "source_kind", "followup_class")
    list_filter = ("measure_type", "source_kind", "followup_class")
    search_fields = ("key", "name", "name_en", "definition")


@admin.register(ImportBatch)
class ImportBatchAdmin(AuditedModelAdmin):
    list_display = (
        "id",
        "source",
        "table",
        "location",
        "retrieved_at",
        "imported_at",
        "row_count",
        "changed_count",
    )
    list_filter = ("source",)
    readonly_fields = [f.name for f in ImportBatch._meta.fields]


class RevisionInline(admin.TabularInline):
    model = ObservationRevision
    fk_name = "observation"
    extra = 0
    readonly_fields = ("value", "status", "symbol", "batch", "replaced_by")


@admin.register(Observation)
class ObservationAdmin(AuditedModelAdmin):
    list_display = ("indicator", "area", "period", "breakdown", "value", "status", "batch")
    list_filter = ("indicator", "breakdown", "status")
    search_fields = ("area__code", "area__name", "period")
    list_select_related = ("indicator", "area", "batch")
    raw_id_fields = ("area", "batch")
    inlines = [RevisionInline]
