from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hrcrm.roles import staff_required
from interviews.access import LinkError, interview_for_token
from interviews.models import Interview, InterviewStatus


@staff_required
def interview_list(request: HttpRequest) -> HttpResponse:
    qs = Interview.objects.select_related("application__candidate", "application__vacancy")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "interviews/list.html", {"page": page, "section": "interviews"})


@login_not_required
@never_cache
def room(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's interview room (chat mode): own camera, the conversation, progress.
    Reached only through the personal link, and only after the consent was given."""
    from vacancies.public_views import client_ip, has_consent, link_error_response

    try:
        interview = interview_for_token(token, client_ip=client_ip(request))
    except LinkError as error:
        return link_error_response(request, error)
    if not has_consent(interview.application.candidate_id):
        return redirect("invite:landing", token=token)
    if interview.status not in (InterviewStatus.PENDING, InterviewStatus.IN_PROGRESS):
        return TemplateResponse(request, "interviews/live/closed.html", {"vacancy": interview.application.vacancy})
    return TemplateResponse(
        request,
        "interviews/live/room.html",
        {
            "ws_path": f"/ws/interview/{token}/",
            "vacancy_title": interview.application.vacancy.title,
            # sessionStorage key for unsent answers: stable per interview, never the token.
            "storage_key": hashlib.sha256(f"room:{interview.pk}".encode()).hexdigest()[:16],
            "messages_json": _room_messages(),
        },
    )


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
        "listening": _("слушаю"),
        "speaking": _("говорит интервьюер"),
        "thinking": _("обрабатываю ответ…"),
        "mic_denied": _("Доступ к микрофону запрещён. Разрешите его в браузере или отвечайте текстом."),
        "no_mic": _("Микрофон недоступен. Интервью продолжится в текстовом режиме."),
    }
