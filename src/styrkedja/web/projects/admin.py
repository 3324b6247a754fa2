from django.contrib import admin

from ..core.auditadmin import AuditedModelAdmin
from .models import Activity, Initiative


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(AuditedModelAdmin):
    list_display = ("key", "name", "kind", "owner_organisation", "start_date", "end_date", "budget")
    list_filter = ("kind",)
    search_fields = ("key", "name", "owner_organisation")
    filter_horizontal = ("owners",)
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(AuditedModelAdmin):
    list_display = ("key", "name", "initiative", "occasions", "hours_per_occasion")
    filter_horizontal = ("feeds",)
