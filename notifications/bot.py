"""What the bot does with an update; the long-polling command and the webhook view
both call ``handle_update``.

- ``/start link_<code>`` — a staff member links this chat from his profile page.
- ``/start vac_<token>`` — a candidate opened a vacancy's deep link (the token of the
  vacancy's open link, as in ``/apply/<token>/``): the bot shows the consent text with
  «Согласен» / «Отказаться» buttons; on consent it creates the candidate and the
  application the way the apply page does and replies with his personal interview link.
- ``/stop`` — a staff member unlinks the chat.

Replies are queued like every other message (sent by a task, never inline).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from pydantic import ValidationError

from candidates.models import Application
from candidates.pipeline import FINAL_STAGES
from hrcrm.emails import absolute_url
from notifications import services
from notifications.models import CandidateChat, CandidateChatState, MessageKind, NotificationKind, TelegramUpdate
from notifications.telegram import CallbackQuery, Message, TelegramClient, TelegramError, Update
from privacy.consents import consent_shown, current_text
from privacy.models import ConsentPurpose
from vacancies import links
from vacancies import services as vacancy_services
from vacancies.models import LinkPurpose

logger = logging.getLogger(__name__)

VACANCY_PREFIX = "vac_"
CONSENT_YES = "consent:yes:"
CONSENT_NO = "consent:no:"


def handle_update(payload: dict[str, Any], *, via: str) -> bool:
    """Handle one raw update once; False when it was seen before or is not ours."""
    try:
        update = Update.model_validate(payload)
    except ValidationError:
        logger.warning("Telegram update of unexpected shape ignored: %.200s", payload)
        return False
    # The record and the handling commit together: if handling fails, the update is not
    # marked as seen, so a redelivered webhook (Telegram retries on 5xx) tries again.
    with transaction.atomic():
        try:
            with transaction.atomic():
                TelegramUpdate.objects.create(update_id=update.update_id, via=via)
        except IntegrityError:
            return False  # redelivered, or the other transport had it
        if update.message is not None and update.message.chat.type == "private":
            _on_message(update.message)
        elif update.callback_query is not None:
            _on_callback(update.callback_query)
    return True


def tell_failure(payload: dict[str, Any]) -> None:
    """Handling this update failed and was rolled back (the caller logged why): tell
    the sender, so he is not left waiting for an answer that will not come. Sent straight
    through the Bot API, not queued: the database may be what failed."""
    try:
        update = Update.model_validate(payload)
    except ValidationError:
        return
    if update.message is not None:
        chat_id = update.message.chat.id
    elif update.callback_query is not None:
        chat_id = update.callback_query.from_user.id  # the private chat's id is the user's
    else:
        return
    try:
        TelegramClient().send_message(
            chat_id=chat_id, text=_("Не получилось обработать сообщение. Попробуйте ещё раз через минуту.")
        )
    except TelegramError as error:
        logger.warning("could not tell chat %s about the failed update: %s", chat_id, error)


def _reply(chat_id: int, text: str, reply_markup: dict[str, Any] | None = None) -> None:
    services.message_queue(kind=MessageKind.BOT_REPLY, chat_id=chat_id, text=text, reply_markup=reply_markup)


def _on_message(message: Message) -> None:
    text = message.text.strip()
    chat_id = message.chat.id
    command, _sep, argument = text.partition(" ")
    command = command.split("@", 1)[0]  # "/start@SomeBot" in groups and some clients
    if command == "/start" and argument.startswith(services.LINK_PREFIX):
        _link_staff(chat_id, argument.removeprefix(services.LINK_PREFIX), message)
    elif command == "/start" and argument.startswith(VACANCY_PREFIX):
        _candidate_start(chat_id, argument.removeprefix(VACANCY_PREFIX), message)
    elif command == "/stop":
        if services.account_unlink(chat_id=chat_id):
            _reply(chat_id, _("Уведомления отключены: чат отвязан от аккаунта HR CRM."))
        else:
            _reply(chat_id, _("Этот чат не привязан к аккаунту HR CRM."))
    else:
        _reply(
            chat_id,
            _(
                "Это бот HR CRM. Сотрудники привязывают чат по ссылке со страницы профиля; "
                "кандидаты получают ссылку на интервью по ссылке из вакансии."
            ),
        )


def _link_staff(chat_id: int, code: str, message: Message) -> None:
    username = message.from_user.username if message.from_user else ""
    try:
        account = services.account_link(code=code, chat_id=chat_id, username=username)
    except services.LinkCodeInvalid:
        _reply(chat_id, _("Ссылка недействительна или устарела. Получите новую на странице профиля в HR CRM."))
        return
    kinds = ", ".join(str(k.label).lower() for k in NotificationKind if account.wants(k.value))
    _reply(
        chat_id,
        _("Готово: чат привязан к аккаунту %(user)s. Уведомления: %(kinds)s. Отключить: /stop")
        % {"user": account.user.get_username(), "kinds": kinds or "—"},
    )


def _candidate_start(chat_id: int, token: str, message: Message) -> None:
    try:
        link = links.link_resolve(token, purpose=LinkPurpose.VACANCY)
    except links.LinkError:
        _reply(chat_id, _("Ссылка на вакансию недействительна или устарела. Попросите у рекрутера новую."))
        return
    vacancy = link.vacancy
    with override(vacancy.language or "ru"):
        if not vacancy.is_open:
            _reply(chat_id, _("Набор на эту вакансию закрыт."))
            return
        person = message.from_user
        chat, _created = CandidateChat.objects.get_or_create(chat_id=chat_id, invite_link=link)
        if person is not None:
            chat.first_name, chat.last_name, chat.username = person.first_name, person.last_name, person.username
            chat.save(update_fields=["first_name", "last_name", "username", "updated_at"])
        if chat.candidate_id is not None:
            _send_interview_link(chat)  # consent given before: a new link to the same application
            return
        if chat.state != CandidateChatState.AWAITING_CONSENT:
            CandidateChat.objects.filter(pk=chat.pk).update(state=CandidateChatState.AWAITING_CONSENT)
        _reply(
            chat_id,
            _("Вакансия «%(title)s». Чтобы получить личную ссылку на онлайн-интервью, подтвердите согласие:")
            % {"title": vacancy.title}
            + "\n\n"
            + current_text(ConsentPurpose.PROCESSING),
            reply_markup={
                "inline_keyboard": [
                    [
                        {"text": _("Согласен"), "callback_data": f"{CONSENT_YES}{chat.pk}"},
                        {"text": _("Отказаться"), "callback_data": f"{CONSENT_NO}{chat.pk}"},
                    ]
                ]
            },
        )


def _on_callback(query: CallbackQuery) -> None:
    _acknowledge(query.id)
    if query.message is None or not query.data.startswith((CONSENT_YES, CONSENT_NO)):
        return
    chat_id = query.message.chat.id
    chat_pk = query.data.rsplit(":", 1)[1]
    # The chat id must match: a forged callback cannot consent for another chat.
    with transaction.atomic():
        chat = (
            CandidateChat.objects.select_for_update()
            .select_related("invite_link__vacancy")
            .filter(pk=int(chat_pk) if chat_pk.isdigit() and len(chat_pk) < 19 else 0, chat_id=chat_id)
            .first()
        )
        if chat is None:
            return
        with override(chat.invite_link.vacancy.language or "ru"):
            if query.data.startswith(CONSENT_NO):
                if chat.candidate_id is None:
                    chat.state = CandidateChatState.DECLINED
                    chat.save(update_fields=["state", "updated_at"])
                _reply(chat_id, _("Хорошо, без согласия мы не обрабатываем ваши данные. Спасибо за интерес!"))
                return
            if chat.candidate_id is None:
                _apply(chat)
            _send_interview_link(chat)


def _acknowledge(callback_query_id: str) -> None:
    # Stops the button's spinner. Cheap and not worth a queued task; a failure only
    # leaves the spinner running, so it is logged and the consent goes on.
    try:
        TelegramClient().answer_callback_query(callback_query_id)
    except TelegramError as error:
        logger.warning("answerCallbackQuery failed: %s", error)


def _apply(chat: CandidateChat) -> None:
    """The apply page's path: a new candidate with the consent as shown, on the vacancy."""
    link = chat.invite_link
    if not link.is_active or not link.vacancy.is_open:
        _reply(chat.chat_id, _("Ссылка на вакансию больше не действует."))
        return
    name = " ".join(filter(None, [chat.first_name, chat.last_name])) or _("Кандидат из Telegram")
    invitation = vacancy_services.candidate_self_apply(
        link=link,
        data=vacancy_services.SelfApplication(
            full_name=name[:200],
            email="",
            phone="",
            telegram=f"@{chat.username}" if chat.username else "",
            city="",
        ),
        resume=None,
        ip_address=None,
        user_agent="Telegram",
        consents=[consent_shown(ConsentPurpose.PROCESSING)],
        consent_source="telegram",
    )
    chat.candidate = invitation.application.candidate
    chat.state = CandidateChatState.LINKED
    chat.save(update_fields=["candidate", "state", "updated_at"])


def _send_interview_link(chat: CandidateChat) -> None:
    if chat.candidate_id is None:
        return
    application = (
        Application.objects.select_related("vacancy")
        .filter(candidate_id=chat.candidate_id, vacancy_id=chat.invite_link.vacancy_id)
        .first()
    )
    if application is None or application.stage in FINAL_STAGES:
        _reply(chat.chat_id, _("Ваш отклик на эту вакансию уже рассмотрен. Спасибо!"))
        return
    issued = links.link_create_for_application(application=application, actor=None)
    url = absolute_url(reverse("invite:landing", args=[issued.token]))
    _reply(
        chat.chat_id,
        _("Спасибо! Ваша личная ссылка на интервью (не пересылайте её): %(url)s\nСсылка действует до %(date)s.")
        % {"url": url, "date": formats.date_format(timezone.localtime(issued.link.expires_at), "d.m.Y")},
    )
