from __future__ import annotations

from django.contrib import admin

from scoring.models import Decision, Evaluation


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("application", "outcome", "ai_recommendation", "agreed_with_ai", "decided_by", "decided_at")
    list_filter = ("outcome", "agreed_with_ai")
    raw_id_fields = ("application",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # decisions are append-only


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "application",
        "recommendation",
        "overall_score",
        "engine",
        "model_name",
        "is_current",
        "created_at",
    )
    list_filter = ("recommendation", "engine", "is_current", "integrity_violation")
    raw_id_fields = ("interview", "application", "requested_by")
    readonly_fields = ("created_at", "report_generated_at")
