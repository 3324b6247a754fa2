from django.contrib import admin

from ..core.auditadmin import AuditedModelAdmin
from .models import Assessment, InfluenceFactor


@admin.register(InfluenceFactor)
class InfluenceFactorAdmin(AuditedModelAdmin):
    list_display = ("key", "name", "strategy")
    filter_horizontal = ("indicators",)


@admin.register(Assessment)
class AssessmentAdmin(AuditedModelAdmin):
    list_display = ("goal", "year", "rating", "author_name", "created_at")
    list_filter = ("year", "rating")
