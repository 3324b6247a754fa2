from django.contrib import admin

from .models import Assessment, InfluenceFactor


@admin.register(InfluenceFactor)
class InfluenceFactorAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "strategy")
    filter_horizontal = ("indicators",)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("goal", "year", "rating", "author_name", "created_at")
    list_filter = ("year", "rating")
