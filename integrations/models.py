"""Another company system (an ATS) using the screening through the API: its integration,
API keys with scopes, idempotency records, per-key request windows, the objects it
created, and the webhooks sent to it."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    VACANCIES_READ = "vacancies:read", _("Чтение вакансий")
    VACANCIES_WRITE = "vacancies:write", _("Создание и изменение вакансий")
    CANDIDATES_READ = "candidates:read", _("Чтение кандидатов")
    CANDIDATES_WRITE = "candidates:write", _("Создание кандидатов")
    INVITATIONS_WRITE = "invitations:write", _("Ссылки на интервью")
    RESULTS_READ = "results:read", _("Статус, оценка, расшифровка и отчёт")


ALL_SCOPES = [s.value for s in Scope]


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class Integration(models.Model):
    """One outside system of the company. It acts as ``acting_user`` (a staff account):
    every write goes through the same services and permission rules as that person's
    clicks, and the pipeline history names him."""

    name = models.CharField(_("название"), max_length=200, unique=True)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("действует от имени"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Сотрудник с ролью рекрутера: от его имени интеграция создаёт вакансии и кандидатов."),
    )
    webhook_url = models.URLField(_("адрес для событий (webhook)"), blank=True, max_length=500)
    webhook_secret = models.CharField(
        _("секрет подписи событий"),
        max_length=100,
        default=new_webhook_secret,
        help_text=_("HMAC-SHA256 подпись каждого события; сообщите его получателю."),
    )
    is_active = models.BooleanField(_("активна"), default=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("интеграция")
        verbose_name_plural = _("интеграции")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiKey(models.Model):
    """A key of an integration. Only the SHA-256 of the key is stored: it is shown once,
    when created (the admin's message or the management command's output)."""

    integration = models.ForeignKey(
        Integration, verbose_name=_("интеграция"), on_delete=models.CASCADE, related_name="keys"
    )
    name = models.CharField(_("название"), max_length=100)
    prefix = models.CharField(_("начало ключа"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("права"), default=list)
    rate_limit_per_minute = models.PositiveIntegerField(_("запросов в минуту"), default=120)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-ключ")
        verbose_name_plural = _("API-ключи")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.integration.is_active


class RequestWindow(models.Model):
    """Requests of one key in one minute (the per-key limit); old windows are deleted."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "window_start"], name="request_window_unique")]

    def __str__(self) -> str:
        return f"{self.api_key_id} {self.window_start:%H:%M} {self.count}"


class IdempotencyRecord(models.Model):
    """The first answer to a create carrying ``Idempotency-Key``: a replay with the same
    body gets it again, a different body with the same key is refused (409)."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    operation = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["integration", "key"], name="idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.operation} {self.key}"


class ObjectKind(models.TextChoices):
    VACANCY = "vacancy", _("вакансия")
    CANDIDATE = "candidate", _("кандидат")
    APPLICATION = "application", _("отклик")


class OwnedObject(models.Model):
    """What an integration created: it reads only these (another integration's ids are
    «not found»), and its webhooks are about these."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="owned_objects")
    kind = models.CharField(max_length=12, choices=ObjectKind.choices)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["integration", "kind", "object_id"], name="owned_object_unique")]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}"


class WebhookEvent(models.TextChoices):
    INTERVIEW_STARTED = "interview.started", _("Интервью начато")
    INTERVIEW_FINISHED = "interview.finished", _("Интервью завершено")
    EVALUATION_READY = "evaluation.ready", _("Оценка готова")
    DECISION_MADE = "decision.made", _("Принято решение")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Ожидает отправки")
    DELIVERED = "delivered", _("Доставлено")
    FAILED = "failed", _("Не доставлено")


class WebhookDelivery(models.Model):
    """One event for one integration; retried with backoff until delivered or out of
    attempts. ``event_id`` stays the same across retries and replays, so the receiver
    can drop duplicates."""

    integration = models.ForeignKey(
        Integration, verbose_name=_("интеграция"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("событие"), max_length=32, choices=WebhookEvent.choices)
    event_id = models.UUIDField(_("идентификатор события"), default=uuid.uuid4, editable=False)
    url = models.URLField(_("адрес"), max_length=500)
    payload = models.JSONField(_("данные"))
    status = models.CharField(
        _("состояние"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("доставлено"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), default=timezone.now)

    class Meta:
        verbose_name = _("доставка события")
        verbose_name_plural = _("журнал доставки событий")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.integration}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(_("когда"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("код ответа"), null=True, blank=True)
    error = models.CharField(_("ошибка"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("длительность, мс"), default=0)

    class Meta:
        verbose_name = _("попытка")
        verbose_name_plural = _("попытки")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
