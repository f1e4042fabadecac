from django.contrib import admin

from scoring.models import Decision


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("application", "outcome", "ai_recommendation", "agreed_with_ai", "decided_by", "decided_at")
    list_filter = ("outcome", "agreed_with_ai")
    raw_id_fields = ("application",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # decisions are append-only
