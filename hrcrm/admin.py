"""Admin for e-mail templates and the AI audit log, plus the AI status page (active provider per purpose and
whether each answers), reached from the log's list page."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.template import TemplateSyntaxError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from hrcrm.ai import health_report, screening_counts
from hrcrm.ai.config import resilience
from hrcrm.emails import EmailContext, email_check
from hrcrm.models import AIAuditLog, EmailLog, EmailTemplate


@admin.register(AIAuditLog)
class AIAuditLogAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "purpose",
        "provider",
        "model",
        "prompt_name",
        "ok",
        "fallback_used",
        "latency_ms",
        "total_tokens",
        "decision_ref",
    )
    list_filter = ("purpose", "provider", "operation", "ok", "fallback_used", "error_type", "prompt_name", "created_at")
    search_fields = ("prompt_name", "model", "error_message", "decision_ref")
    date_hierarchy = "created_at"
    list_per_page = 50
    change_list_template = "admin/hrcrm/aiauditlog/change_list.html"

    # The log is evidence: nobody edits or adds rows by hand; deletion is the
    # retention command's job (prune_ai_audit).
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AIAuditLog | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AIAuditLog | None = None) -> bool:
        return False

    def get_urls(self):
        status = self.admin_site.admin_view(self.status_view)
        return [path("status/", status, name="hrcrm_ai_status"), *super().get_urls()]

    def status_view(self, request: HttpRequest) -> TemplateResponse:
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Состояние ИИ-провайдеров"),
            "opts": self.model._meta,
            "rows": health_report(timeout=5.0),
            "screening": screening_counts(),
            "resilience": resilience(),
        }
        return TemplateResponse(request, "admin/hrcrm/ai_status.html", context)


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["subject_ru", "body_ru", "subject_en", "body_en"]

    def clean(self):
        data = super().clean()
        # A broken template would fail the recruiter's click later; refuse it here.
        for name in self.Meta.fields:
            try:
                email_check(data.get(name, ""), EmailContext(candidate_name="Иван", vacancy_title="QA"))
            except TemplateSyntaxError as error:
                self.add_error(name, _("Ошибка в шаблоне: %(error)s") % {"error": error})
        return data


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    form = EmailTemplateForm
    list_display = ("kind", "subject_ru", "updated_at")
    readonly_fields = ("kind",)

    def has_add_permission(self, request):
        return False  # one template per kind, seeded by a migration

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmailLog)
class EmailLogAdmin(admin.ModelAdmin):
    """What went to candidates, as sent; a record, so read-only."""

    list_display = ("created_at", "kind", "to", "status", "sent_by", "sent_at")
    list_filter = ("kind", "status", "created_at")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    list_select_related = ("sent_by",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
