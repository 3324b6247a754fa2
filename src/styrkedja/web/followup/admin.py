from typing import Any

from django.contrib import admin

from .models import Action, Assessment, InfluenceFactor, KnowledgeNeed, Lesson, Round


@admin.register(InfluenceFactor)
class InfluenceFactorAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "strategy")
    filter_horizontal = ("indicators",)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("goal", "year", "round", "version", "state", "author_name", "created_at")
    list_filter = ("year", "state")

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        """A published assessment is read-only: a correction is a new version (the round's assessment form)."""
        return super().has_change_permission(request, obj) and (obj is None or obj.state != Assessment.PUBLISHED)


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """The calendar can be adjusted here; freezing and publishing go through the round's page."""

    list_display = ("key", "strategy", "year", "state", "as_of")
    readonly_fields = ("run", "as_of", "state", "published_at")


@admin.register(Action, KnowledgeNeed)
class DecidedAdmin(admin.ModelAdmin):
    list_display = ("key", "round", "owner", "due_date", "status")
    list_filter = ("status",)
    filter_horizontal = ("goals",)


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("round", "part", "text")
