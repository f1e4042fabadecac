"""The candidate's interview room, reached only through the interview token."""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from interviews.access import InterviewAccessError, interview_for_token
from interviews.models import InterviewStatus


def _room_messages() -> dict[str, str]:
    """Strings the room's JavaScript shows, translated on the server."""
    return {
        "interviewer": _("Интервьюер"),
        "you": _("Вы"),
        "online": _("на связи"),
        "offline": _("нет связи"),
        "reconnecting": _("переподключение…"),
        "lost": _("Соединение прервалось. Переподключаемся — ваши ответы сохранены."),
        "bad_link": _("Ссылка недействительна или устарела. Запросите новую у рекрутера."),
        "no_media": _("Камера или микрофон недоступны. Интервью пройдёт в текстовом режиме."),
        "confirm_finish": _("Завершить интервью? Продолжить после этого будет нельзя."),
    }


@login_not_required
@never_cache
def room(request: HttpRequest, token: str) -> HttpResponse:
    try:
        interview = interview_for_token(token)
    except InterviewAccessError as exc:
        return TemplateResponse(request, "interviews/live/closed.html", {"message": str(exc)}, status=404)
    if interview.status not in (InterviewStatus.PENDING, InterviewStatus.IN_PROGRESS):
        return TemplateResponse(
            request, "interviews/live/closed.html", {"message": _("Это интервью уже завершено. Спасибо!")}, status=410
        )
    return TemplateResponse(
        request,
        "interviews/live/room.html",
        {
            "ws_path": f"/ws/interview/{token}/",
            "vacancy_title": interview.application.vacancy.title,
            # sessionStorage key for unsent answers: stable per interview, not the token.
            "storage_key": hashlib.sha256(f"room:{interview.pk}".encode()).hexdigest()[:16],
            "messages_json": _room_messages(),
        },
    )
