from typing import Any

from django.contrib import admin

from ..core.auditadmin import AuditedModelAdmin
from .models import Action, Assessment, InfluenceFactor, KnowledgeNeed, Lesson, Round


@admin.register(InfluenceFactor)
class InfluenceFactorAdmin(AuditedModelAdmin):
    list_display = ("key", "name", "strategy")
    filter_horizontal = ("indicators",)


@admin.register(Assessment)
class AssessmentAdmin(AuditedModelAdmin):
    list_display = ("goal", "year", "round", "version", "state", "author_name", "created_at")
    list_filter = ("year", "state")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        """A published assessment is read-only: a correction is a new version (the round's assessment form)."""
        return super().has_change_permission(request, obj) and (obj is None or obj.state != Assessment.PUBLISHED)


@admin.register(Round)
class RoundAdmin(AuditedModelAdmin):
    """The calendar can be adjusted here; freezing and publishing go through the round's page."""

    list_display = ("key", "strategy", "year", "state", "as_of")
    readonly_fields = ("run", "as_of", "state", "published_at")


@admin.register(Action, KnowledgeNeed)
class DecidedAdmin(AuditedModelAdmin):
    list_display = ("key", "round", "owner", "due_date", "status")
    list_filter = ("status",)
    filter_horizontal = ("goals",)


@admin.register(Lesson)
class LessonAdmin(AuditedModelAdmin):
    list_display = ("round", "part", "text")
