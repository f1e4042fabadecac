from django.contrib import admin

from hrcrm.models import EmailTemplate


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ("kind", "subject_ru", "updated_at")
    readonly_fields = ("kind",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # one template per kind, seeded by a migration

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
