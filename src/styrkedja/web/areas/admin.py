from django.contrib import admin

from ..core.auditadmin import AuditedModelAdmin
from .models import Area, PeerGroup


@admin.register(Area)
class AreaAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(PeerGroup)
class PeerGroupAdmin(AuditedModelAdmin):
    list_display = ("key", "name")
    filter_horizontal = ("members",)
