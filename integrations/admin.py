"""Integrations in the admin: keys created here are shown once; the webhook delivery log
with its attempts, and «send again» for any delivery (a button on its page and a list
action)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from integrations import keys, webhooks
from integrations.models import ALL_SCOPES, ApiKey, Integration, Scope, WebhookAttempt, WebhookDelivery


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Права"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = ApiKey
        fields = ["integration", "name", "scopes", "rate_limit_per_minute"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = (
        "name",
        "integration",
        "prefix",
        "scope_list",
        "rate_limit_per_minute",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("integration",)
    readonly_fields = ("prefix", "created_at", "last_used_at")
    actions = ["revoke"]

    @admin.display(description=_("Права"))
    def scope_list(self, obj: ApiKey) -> str:
        return ", ".join(obj.scopes)

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        obj.scopes = [s for s in form.cleaned_data["scopes"] if s in ALL_SCOPES]
        if not change:
            raw = keys.api_key_assign_new_secret(obj)
            super().save_model(request, obj, form, change)
            messages.warning(
                request,
                format_html(
                    "{} <code>{}</code>", _("Ключ создан. Скопируйте его сейчас: больше он показан не будет."), raw
                ),
            )
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Отозвать выбранные ключи"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        from django.utils import timezone

        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    fields = ("name", "prefix", "scopes", "rate_limit_per_minute", "last_used_at", "revoked_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # keys are made on the key's own add page, where the key is shown once


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    list_display = ("name", "acting_user", "webhook_url", "is_active", "created_at")
    inlines = [ApiKeyInline]


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ("at", "status_code", "error", "duration_ms")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "integration", "status", "attempts", "next_attempt_at", "replay_button")
    list_filter = ("status", "event", "integration")
    readonly_fields = (
        "integration",
        "event",
        "event_id",
        "url",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "replay_button",
    )
    inlines = [WebhookAttemptInline]
    actions = ["replay"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/replay/",
                self.admin_site.admin_view(self.replay_view),
                name="integrations_webhookdelivery_replay",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("Отправить заново"))
    def replay_button(self, obj: WebhookDelivery) -> str:
        if obj.pk is None:
            return ""
        url = reverse("admin:integrations_webhookdelivery_replay", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Отправить заново"))

    def replay_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """GET asks to confirm, POST queues the delivery again."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        delivery = get_object_or_404(WebhookDelivery, pk=pk)
        if request.method == "POST":
            webhooks.delivery_replay(delivery=delivery)
            messages.success(request, _("Событие поставлено в очередь на отправку."))
            return HttpResponseRedirect(reverse("admin:integrations_webhookdelivery_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "delivery": delivery,
            "title": _("Отправить событие заново?"),
        }
        return TemplateResponse(request, "admin/integrations/replay_confirm.html", context)

    @admin.action(description=_("Отправить выбранные события заново"))
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        for delivery in queryset:
            webhooks.delivery_replay(delivery=delivery)
        messages.success(request, _("События поставлены в очередь на отправку."))
