"""Telegram for staff: linking an account with a one-time code, preferences, and the
notifications (evaluation ready, decision waiting, interview abandoned).

Messages are queued as ``TelegramMessage`` rows and sent by a django-q2 task after the
transaction commits, never in a request. A failed send is logged, stored on the row
and re-raised in the task, so it also shows among the failed tasks in the monitor.

Personal data: Telegram is a third-party service outside our control, so staff
messages name no candidate — only «кандидат №<id>», the vacancy title and a link to
the CRM page, which needs a login. Candidates' own chats carry their own link only.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from candidates.models import Application
from candidates.pipeline import Stage
from hrcrm.emails import absolute_url
from hrcrm.roles import Role
from notifications import telegram
from notifications.models import (
    MessageStatus,
    NotificationKind,
    TelegramAccount,
    TelegramLinkCode,
    TelegramMessage,
)

logger = logging.getLogger(__name__)

LINK_PREFIX = "link_"


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


# --- linking --------------------------------------------------------------------------
def link_code_create(*, user: Any) -> str:
    """A fresh one-time code for ``user`` (earlier unused codes stop working)."""
    now = timezone.now()
    TelegramLinkCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    code = secrets.token_urlsafe(18)  # 24 characters; a start parameter allows 64 of [A-Za-z0-9_-]
    TelegramLinkCode.objects.create(
        user=user,
        code_hash=_hash(code),
        expires_at=now + timedelta(minutes=settings.TELEGRAM_LINK_CODE_MINUTES),
    )
    return code


class LinkCodeInvalid(Exception):
    pass


@transaction.atomic
def account_link(*, code: str, chat_id: int, username: str) -> TelegramAccount:
    """Redeem a code from ``/start link_<code>``: the chat becomes the user's."""
    row = TelegramLinkCode.objects.select_for_update().filter(code_hash=_hash(code)).first()
    if row is None or row.used_at is not None or row.expires_at <= timezone.now():
        raise LinkCodeInvalid
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    # One chat speaks for one person: a chat linked before to someone else is moved.
    TelegramAccount.objects.filter(chat_id=chat_id).exclude(user_id=row.user_id).update(chat_id=None, linked_at=None)
    account, _created = TelegramAccount.objects.get_or_create(user_id=row.user_id)
    account.chat_id, account.username, account.linked_at = chat_id, username[:64], timezone.now()
    account.save(update_fields=["chat_id", "username", "linked_at"])
    return account


def account_unlink(*, user: Any = None, chat_id: int | None = None) -> int:
    accounts = TelegramAccount.objects.filter(Q(user=user) if user is not None else Q(chat_id=chat_id))
    return accounts.filter(chat_id__isnull=False).update(chat_id=None, linked_at=None)


def preferences_save(*, user: Any, enabled: set[str]) -> TelegramAccount:
    account, _created = TelegramAccount.objects.get_or_create(user=user)
    account.muted = [kind for kind in NotificationKind.values if kind not in enabled]
    account.save(update_fields=["muted"])
    return account


# --- the outbox -------------------------------------------------------------------------
def message_queue(
    *,
    kind: str,
    chat_id: int,
    text: str,
    user: Any = None,
    application_id: int | None = None,
    reply_markup: dict[str, Any] | None = None,
) -> TelegramMessage:
    """Record a message and send it from a task once the transaction commits."""
    from django_q.tasks import async_task

    message = TelegramMessage.objects.create(
        kind=kind, chat_id=chat_id, text=text, user=user, application_id=application_id, reply_markup=reply_markup
    )
    transaction.on_commit(lambda: async_task("notifications.tasks.telegram_send_task", message.pk))
    return message


def message_deliver(*, message_id: int) -> TelegramMessage:
    message = TelegramMessage.objects.get(pk=message_id)
    if message.status == MessageStatus.SENT:
        return message  # a retried task must not send twice
    try:
        telegram.TelegramClient().send_message(
            chat_id=message.chat_id, text=message.text, reply_markup=message.reply_markup
        )
    except telegram.TelegramError as error:
        logger.error("Telegram message %s (%s) to chat %s failed: %s", message.pk, message.kind, message.chat_id, error)
        message.status, message.error = MessageStatus.FAILED, str(error)[:2000]
        message.save(update_fields=["status", "error"])
        raise
    message.status, message.sent_at, message.error = MessageStatus.SENT, timezone.now(), ""
    message.save(update_fields=["status", "sent_at", "error"])
    return message


# --- notifications ------------------------------------------------------------------------
def _recruiters_of(application: Application) -> list[Any]:
    """Who follows the application: whoever put the candidate on it or added him; for
    self-applied candidates nobody did, so every recruiter."""
    users = [u for u in (application.created_by, application.candidate.created_by) if u is not None and u.is_active]
    if users:
        return list({u.pk: u for u in users}.values())
    return list(get_user_model().objects.filter(is_active=True, groups__name=Role.RECRUITER.value).distinct())


def _notify(*, kind: NotificationKind, users: list[Any], application: Application, text: str) -> int:
    if not telegram.is_enabled():
        return 0
    accounts = TelegramAccount.objects.filter(user__in=[u.pk for u in users], chat_id__isnull=False)
    sent = 0
    for account in accounts:
        if account.wants(kind):
            message_queue(
                kind=kind, chat_id=account.chat_id, text=text, user=account.user, application_id=application.pk
            )
            sent += 1
    return sent


def _application(application_id: int) -> Application:
    return Application.objects.select_related("candidate__created_by", "vacancy__hiring_manager", "created_by").get(
        pk=application_id
    )


def _crm_link(application: Application) -> str:
    return absolute_url(reverse("candidates:detail", args=[application.candidate_id]))


def notify_evaluation_ready(evaluation_id: int) -> int:
    from scoring.models import Evaluation

    application = _application(Evaluation.objects.values_list("application_id", flat=True).get(pk=evaluation_id))
    with override(settings.LANGUAGE_CODE):
        text = _("Оценка интервью готова: кандидат №%(id)s, вакансия «%(title)s».\n%(url)s") % {
            "id": application.candidate_id,
            "title": application.vacancy.title,
            "url": _crm_link(application) + "#evaluation",
        }
    return _notify(
        kind=NotificationKind.EVALUATION_READY, users=_recruiters_of(application), application=application, text=text
    )


def notify_on_stage_change(application_id: int, from_stage: str, to_stage: str) -> int:
    """An application reaching «Ожидание решения» tells its hiring manager (``stage_changed``)."""
    if to_stage != Stage.AWAITING_DECISION:
        return 0
    application = _application(application_id)
    manager = application.vacancy.hiring_manager
    if manager is None or not manager.is_active:
        return 0
    with override(settings.LANGUAGE_CODE):
        text = _("Кандидат №%(id)s ждёт вашего решения по вакансии «%(title)s».\n%(url)s") % {
            "id": application.candidate_id,
            "title": application.vacancy.title,
            "url": absolute_url(reverse("scoring:decisions")),
        }
    return _notify(kind=NotificationKind.DECISION_WAITING, users=[manager], application=application, text=text)


def notify_interview_abandoned(interview_id: int) -> int:
    from interviews.models import Interview

    application = _application(Interview.objects.values_list("application_id", flat=True).get(pk=interview_id))
    with override(settings.LANGUAGE_CODE):
        text = _("Интервью прервано: кандидат №%(id)s, вакансия «%(title)s».\n%(url)s") % {
            "id": application.candidate_id,
            "title": application.vacancy.title,
            "url": _crm_link(application),
        }
    return _notify(
        kind=NotificationKind.INTERVIEW_ABANDONED,
        users=_recruiters_of(application),
        application=application,
        text=text,
    )
