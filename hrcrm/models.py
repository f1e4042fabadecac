from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AIAuditLog(models.Model):
    """One row per AI provider call (EU AI Act art. 12 style record-keeping).

    Inputs are referenced by ids (``input_refs``); full input text is stored only when
    ``AI_AUDIT_STORE_INPUT`` is on, because prompts carry personal data. The row is
    written by the AI layer; ``decision_ref`` is filled later by whoever turns the
    output into a human decision (e.g. ``"scoring.Decision:12"``).
    """

    class Operation(models.TextChoices):
        CHAT = "chat", _("Ответ")
        STREAM = "stream", _("Потоковый ответ")
        STRUCTURED = "structured", _("Структурированный ответ")
        EMBED = "embed", _("Эмбеддинги")
        HEALTH = "health", _("Проверка доступности")
        # Not a provider call: untrusted input (a resume) screened for hidden text and
        # instructions aimed at an AI before any model sees it; counted here so the log
        # shows every attempt to steer the AI, not only the calls it made.
        SCREENING = "screening", _("Проверка на скрытый текст и инструкции для ИИ")

    created_at = models.DateTimeField(_("время"), auto_now_add=True, db_index=True)
    purpose = models.CharField(_("назначение"), max_length=32, db_index=True)
    operation = models.CharField(_("операция"), max_length=16, choices=Operation.choices, default=Operation.CHAT)
    provider = models.CharField(_("провайдер"), max_length=32, db_index=True)
    model = models.CharField(_("модель"), max_length=200, blank=True)
    prompt_name = models.CharField(_("промпт"), max_length=200, blank=True, db_index=True)
    prompt_version = models.CharField(_("версия промпта"), max_length=64, blank=True)
    input_refs = models.JSONField(_("ссылки на входные данные"), default=dict, blank=True)
    input_text = models.TextField(_("входной текст"), blank=True)
    output = models.TextField(_("ответ"), blank=True)
    ok = models.BooleanField(_("успешно"), default=True, db_index=True)
    error_type = models.CharField(_("ошибка"), max_length=64, blank=True)
    error_message = models.TextField(_("текст ошибки"), blank=True)
    error_permanent = models.BooleanField(_("постоянная ошибка"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=1)
    latency_ms = models.PositiveIntegerField(_("задержка, мс"), default=0)
    prompt_tokens = models.PositiveIntegerField(_("токены запроса"), default=0)
    completion_tokens = models.PositiveIntegerField(_("токены ответа"), default=0)
    total_tokens = models.PositiveIntegerField(_("всего токенов"), default=0)
    fallback_used = models.BooleanField(_("использован запасной путь"), default=False, db_index=True)
    fallback_to = models.CharField(_("запасной путь"), max_length=64, blank=True)
    decision_ref = models.CharField(_("решение"), max_length=200, null=True, blank=True, db_index=True)
    decision_at = models.DateTimeField(_("время решения"), null=True, blank=True)

    class Meta:
        verbose_name = _("запись журнала ИИ")
        verbose_name_plural = _("журнал ИИ")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["purpose", "created_at"], name="ai_audit_purpose_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.purpose} {self.provider} {self.prompt_name}".strip()


class EmailKind(models.TextChoices):
    INVITATION = "invitation", _("Приглашение на интервью")
    INVITATION_REMINDER = "invitation_reminder", _("Напоминание о приглашении")
    DECISION_ACCEPT = "decision_accept", _("Решение: приглашение на следующий этап")
    DECISION_REJECT = "decision_reject", _("Решение: отказ")


class EmailTemplate(models.Model):
    """An e-mail sent to candidates, editable in the admin, in Russian and English.

    Subjects and bodies are Django template text with a small fixed context
    (``candidate_name``, ``vacancy_title``, ``company``, ``link``, ``expires_at``,
    ``comment``, ``sender_name``); see ``hrcrm.emails``.
    """

    kind = models.CharField(_("вид"), max_length=20, choices=EmailKind.choices, unique=True)
    subject_ru = models.CharField(_("тема (рус.)"), max_length=200)
    body_ru = models.TextField(_("текст (рус.)"))
    subject_en = models.CharField(_("тема (англ.)"), max_length=200)
    body_en = models.TextField(_("текст (англ.)"))
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("шаблон письма")
        verbose_name_plural = _("шаблоны писем")

    def __str__(self) -> str:
        return self.get_kind_display()


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    SENT = "sent", _("отправлено")
    FAILED = "failed", _("ошибка отправки")


class EmailLog(models.Model):
    """Every e-mail to a candidate, as sent: who sent it (empty = the system), what kind,
    when, for which application, and whether the SMTP server took it. The candidate page
    shows these as «Письма».

    ``invite_link`` is the link an invitation or a reminder is about; one reminder per
    link is enforced by the database, so a scheduled run repeated or run twice at once
    never sends a second one. ``reminder_link`` is the fresh link a reminder carries
    (only token hashes are stored, so the first link cannot be repeated)."""

    kind = models.CharField(_("вид"), max_length=20, choices=EmailKind.choices)
    status = models.CharField(_("статус"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    to = models.EmailField(_("кому"))
    language = models.CharField(_("язык"), max_length=2, default="ru")
    subject = models.CharField(_("тема"), max_length=300)
    body = models.TextField(_("текст"))
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="emails", null=True, blank=True
    )
    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, related_name="emails", null=True, blank=True
    )
    invite_link = models.ForeignKey(
        "vacancies.InviteLink", on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    reminder_link = models.ForeignKey(
        "vacancies.InviteLink", on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("отправил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    error = models.TextField(_("ошибка"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("письмо")
        verbose_name_plural = _("письма")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invite_link"],
                condition=models.Q(kind="invitation_reminder"),
                name="one_reminder_per_invite_link",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to}"
