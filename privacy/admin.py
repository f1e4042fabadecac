from django.contrib import admin

from privacy.models import AccessLogEntry, ConsentDocument, ErasureRecord, ErasureRequest


@admin.register(ConsentDocument)
class ConsentDocumentAdmin(admin.ModelAdmin):
    """A new wording is a new version: published texts are not edited, so the version a
    candidate signed always matches the text he saw."""

    list_display = ("purpose", "version", "published_at")
    list_filter = ("purpose",)

    def get_readonly_fields(self, request, obj=None):
        return ("purpose", "version", "text_ru", "text_en", "published_at") if obj is not None else ()


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdmin):
    list_display = ("candidate_ref", "reason", "channel", "requested_at", "due_at", "status", "executed_at")
    list_filter = ("status", "reason", "channel")


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    list_display = ("candidate_ref", "reason", "channel", "requested_at", "executed_at", "executed_by", "files")
    list_filter = ("reason", "channel")


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "action", "candidate_ref", "object_ref", "ip_address")
    list_filter = ("action",)
    search_fields = ("=candidate_ref", "user__username")
