"""Telegram: staff accounts linked to chats, one-time link codes, the outbox of bot
messages (status and error of each, so failures are visible), the updates already
handled, and candidates' conversations started from a vacancy's deep link."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    EVALUATION_READY = "evaluation_ready", _("Оценка интервью готова")
    DECISION_WAITING = "decision_waiting", _("Кандидат ждёт решения")
    INTERVIEW_ABANDONED = "interview_abandoned", _("Интервью прервано")


class MessageKind(models.TextChoices):
    EVALUATION_READY = NotificationKind.EVALUATION_READY.value, NotificationKind.EVALUATION_READY.label
    DECISION_WAITING = NotificationKind.DECISION_WAITING.value, NotificationKind.DECISION_WAITING.label
    INTERVIEW_ABANDONED = NotificationKind.INTERVIEW_ABANDONED.value, NotificationKind.INTERVIEW_ABANDONED.label
    BOT_REPLY = "bot_reply", _("Ответ бота")


class TelegramAccount(models.Model):
    """A staff member's Telegram chat (empty until linked) and what he wants to hear about."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="telegram")
    chat_id = models.BigIntegerField(_("чат"), null=True, blank=True, unique=True)
    username = models.CharField(_("имя в Telegram"), max_length=64, blank=True)
    linked_at = models.DateTimeField(_("привязан"), null=True, blank=True)
    # Kinds the person switched off (empty = all on, so a new kind reaches everyone).
    muted = models.JSONField(_("выключенные уведомления"), default=list, blank=True)

    class Meta:
        verbose_name = _("аккаунт Telegram")
        verbose_name_plural = _("аккаунты Telegram")

    def __str__(self) -> str:
        return f"{self.user} → {self.username or self.chat_id or '—'}"

    @property
    def is_linked(self) -> bool:
        return self.chat_id is not None

    def wants(self, kind: str) -> bool:
        return self.is_linked and kind not in (self.muted or [])


class TelegramLinkCode(models.Model):
    """A one-time code in the deep link ``t.me/<bot>?start=link_<code>``. Only its SHA-256
    is stored; it expires after TELEGRAM_LINK_CODE_MINUTES and works once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} до {self.expires_at:%Y-%m-%d %H:%M}"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("в очереди")
    SENT = "sent", _("отправлено")
    FAILED = "failed", _("ошибка отправки")


class TelegramMessage(models.Model):
    """One bot message: queued in the request or a receiver, sent by a task, outcome kept."""

    kind = models.CharField(_("вид"), max_length=24, choices=MessageKind.choices)
    chat_id = models.BigIntegerField(_("чат"))
    text = models.TextField(_("текст"))
    reply_markup = models.JSONField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("статус"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    error = models.TextField(_("ошибка"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("сообщение Telegram")
        verbose_name_plural = _("сообщения Telegram")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.chat_id}"


class TelegramUpdate(models.Model):
    """An update already handled: Telegram redelivers webhooks that failed, and a
    restarted poller may see the last batch again; each update is handled once."""

    update_id = models.BigIntegerField(unique=True)
    received_at = models.DateTimeField(auto_now_add=True)
    via = models.CharField(max_length=8)

    def __str__(self) -> str:
        return str(self.update_id)


class CandidateChatState(models.TextChoices):
    AWAITING_CONSENT = "consent", _("ждём согласия")
    LINKED = "linked", _("ссылка выдана")
    DECLINED = "declined", _("отказался")


class CandidateChat(models.Model):
    """A candidate who opened a vacancy's deep link in Telegram: which open link, and
    (after consent) which candidate record the chat became, so pressing /start again
    gives him a new link to the same application instead of a second candidate."""

    chat_id = models.BigIntegerField()
    invite_link = models.ForeignKey("vacancies.InviteLink", on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        max_length=10, choices=CandidateChatState.choices, default=CandidateChatState.AWAITING_CONSENT
    )
    first_name = models.CharField(max_length=64, blank=True)
    last_name = models.CharField(max_length=64, blank=True)
    username = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chat_id", "invite_link"], name="one_chat_per_vacancy_link")]

    def __str__(self) -> str:
        return f"{self.chat_id} → {self.invite_link_id} ({self.state})"
