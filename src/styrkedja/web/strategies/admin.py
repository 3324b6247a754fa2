from django.contrib import admin

from ..core.auditadmin import AuditedModelAdmin
from .models import Challenge, Goal, Priority, Strategy, Target


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0


@admin.register(Goal)
class GoalAdmin(AuditedModelAdmin):
    list_display = ("key", "name", "kind", "strategy", "initiative", "indicator")
    list_filter = ("kind", "strategy", "initiative")
    search_fields = ("key", "name", "formulation")
    filter_horizontal = ("contributes_to",)
    inlines = [TargetInline]


class ChallengeInline(admin.TabularInline):
    model = Challenge
    extra = 0
    filter_horizontal = ("goals",)


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(AuditedModelAdmin):
    list_display = ("key", "name", "level", "area", "horizon_start", "horizon_end", "parent", "published")
    list_filter = ("level", "published")
    inlines = [ChallengeInline, PriorityInline]


@admin.register(Target)
class TargetAdmin(AuditedModelAdmin):
    list_display = ("key", "goal", "rule", "target_year", "benchmark", "value")
    list_filter = ("rule",)


admin.site.register(Challenge, AuditedModelAdmin)
admin.site.register(Priority, AuditedModelAdmin)
