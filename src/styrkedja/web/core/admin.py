from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

admin.site.site_header = _("Styrkedja administration")
admin.site.site_title = "Styrkedja"


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "model", "object_key", "summary")
    list_filter = ("action", "model")
    search_fields = ("object_key", "summary")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the audit trail is append-only, for superusers too
