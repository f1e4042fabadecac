from __future__ import annotations

from django.contrib import admin

from scoring.models import Decision, Evaluation, OfferEvent, ScoreOverride


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = (
        "application",
        "outcome",
        "ai_recommendation",
        "agreed_with_ai",
        "without_ai",
        "decided_by",
        "decided_at",
    )
    list_filter = ("outcome", "agreed_with_ai", "without_ai")
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


class _AppendOnly(admin.ModelAdmin):
    """People's records about the AI's work: read in the admin, never edited there."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ScoreOverride)
class ScoreOverrideAdmin(_AppendOnly):
    list_display = ("evaluation", "criterion", "ai_value", "value", "overridden_by", "overridden_at")
    list_filter = ("criterion",)
    search_fields = ("note",)


@admin.register(OfferEvent)
class OfferEventAdmin(_AppendOnly):
    list_display = ("decision", "status", "start_date", "recorded_by", "recorded_at")
    list_filter = ("status",)
