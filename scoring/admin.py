from django.contrib import admin

from scoring.models import Evaluation


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
