from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from candidates.scope import applications_visible
from candidates.selectors import application_get_for_user
from hrcrm.roles import staff_required
from interviews import conduct, live
from interviews.access import candidate_link
from interviews.models import Interview, InterviewStatus, Recording
from interviews.plan_form import plan_from_post
from interviews.recording import (
    RecordingError,
    RecordingQuotaError,
    max_chunk_bytes,
    recording_append,
    recording_assemble,
)
from interviews.selectors import interview_current, interview_draft
from interviews.speech.base import SpeechError
from interviews.speech.practice import MAX_BYTES as PRACTICE_MAX_BYTES
from interviews.speech.practice import PracticeError, practice_hear, practice_question, practice_question_wav
from privacy.access import access_record
from privacy.models import AccessAction


@staff_required
def interview_list(request: HttpRequest) -> HttpResponse:
    qs = applications_visible(
        request.user,
        Interview.objects.select_related("application__candidate", "application__vacancy"),
        field="application__vacancy_id",
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "interviews/list.html", {"page": page, "section": "interviews"})


@candidate_link(consent=True)
def room(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's interview room (chat mode): own camera, the conversation, progress.
    Reached only through the personal link, and only after the consent was given."""
    interview: Interview = request.interview  # type: ignore[attr-defined]
    if interview.status not in (InterviewStatus.PENDING, InterviewStatus.IN_PROGRESS):
        return TemplateResponse(
            request, "interviews/live/closed.html", {"vacancy": interview.application.vacancy, "token": token}
        )
    return TemplateResponse(
        request,
        "interviews/live/room.html",
        {
            "ws_path": f"/ws/interview/{token}/",
            "recording_url": reverse("interviews:recording_upload", args=[token]),
            "practice_url": reverse("interviews:practice", args=[token]),
            "practice_audio_url": reverse("interviews:practice_question", args=[token]),
            "practice_question": practice_question(interview.language),
            "my_data_url": reverse("privacy_public:my_data", args=[token]),
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
        "lost": _(
            "Соединение прервалось. Переподключаемся — то, что вы успели сказать или написать, "
            "хранится в браузере и будет отправлено."
        ),
        "voice_resent": _("Связь восстановлена. Сказанное во время обрыва отправлено."),
        "voice_overflow": _("Связи не было слишком долго: начало ответа не сохранилось. Повторите его, пожалуйста."),
        "bad_link": _("Ссылка недействительна или устарела. Запросите новую у рекрутера."),
        "no_media": _("Камера или микрофон недоступны. Интервью пройдёт в текстовом режиме."),
        "confirm_finish": _("Завершить интервью? Продолжить после этого будет нельзя."),
        "listening": _("слушаю"),
        "speaking": _("говорит интервьюер"),
        "thinking": _("обрабатываю ответ…"),
        "mic_denied": _("Доступ к микрофону запрещён. Разрешите его в браузере или отвечайте текстом."),
        "no_mic": _("Микрофон недоступен. Интервью продолжится в текстовом режиме."),
        # The device check before the interview.
        "check_camera_ok": _("работает"),
        "check_camera_off": _("недоступна — интервью пройдёт без видео"),
        "check_mic_ok": _("слышим вас"),
        "check_mic_quiet": _("скажите что-нибудь — полоска должна двигаться"),
        "check_denied": _(
            "Браузер не дал доступ к камере и микрофону. Разрешите его (значок в адресной строке) и "
            "обновите страницу — или пройдите интервью в текстовом чате."
        ),
        "practice_listen": _("Слушайте вопрос…"),
        "practice_speak": _("Говорите… осталось %(s)s с"),
        "practice_wait": _("Распознаём…"),
        "practice_heard": _("Мы услышали: «%(text)s». Если это похоже на сказанное — всё готово."),
        "practice_nothing": _(
            "Мы ничего не услышали. Проверьте, что выбран нужный микрофон и он не выключен, и попробуйте ещё раз."
        ),
        "practice_unclear": _(
            "Звук есть, но слова разобрать не удалось. Говорите ближе к микрофону или уменьшите шум вокруг."
        ),
        "practice_failed": _("Проверка не удалась: %(message)s"),
    }


@csrf_exempt  # authenticated by the personal token in the URL, not by a session cookie
@require_POST
@candidate_link(consent=True, api=True)
def practice_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The device check's practice answer (a short browser recording): what the
    recogniser read, shown back to the candidate. Nothing is stored."""
    interview: Interview = request.interview  # type: ignore[attr-defined]
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    try:
        if length > PRACTICE_MAX_BYTES:
            raise PracticeError(_("Запись слишком длинная: хватит одной фразы."))
        heard = practice_hear(request.read(length), language=interview.language)
    except PracticeError as exc:
        return JsonResponse({"error": "bad_audio", "message": str(exc)}, status=400)
    except SpeechError:
        return JsonResponse(
            {"error": "stt_unavailable", "message": _("Распознавание речи сейчас недоступно.")}, status=503
        )
    return JsonResponse({"text": heard.text, "level_dbfs": heard.level_dbfs, "seconds": heard.seconds})


@candidate_link(consent=True)
def practice_question_audio(request: HttpRequest, token: str) -> HttpResponse:
    """The practice question in the interviewer's voice (checks the speakers)."""
    interview: Interview = request.interview  # type: ignore[attr-defined]
    try:
        wav = practice_question_wav(interview.language)
    except SpeechError as exc:
        raise Http404(_("Голос интервьюера сейчас недоступен.")) from exc
    return HttpResponse(wav, content_type="audio/wav")


@candidate_link()
def request_human(request: HttpRequest, token: str) -> HttpResponse:
    """«Хочу интервью с человеком»: recorded for the recruiter; the AI room stays closed."""
    interview: Interview = request.interview  # type: ignore[attr-defined]
    if request.method == "POST":
        interview = conduct.interview_request_human(interview_id=interview.pk)
    return TemplateResponse(
        request,
        "interviews/human_requested.html" if interview.human_requested_at else "interviews/human_confirm.html",
        {"vacancy": interview.application.vacancy, "token": token},
    )


# What each kind of topic is called on the plan page (the plan stores the codes).
TOPIC_KINDS = {
    "intro": _lazy("Знакомство"),
    "must_have": _lazy("Подтвердить требование"),
    "gap": _lazy("Пробел в резюме"),
    "behavioural": _lazy("Поведенческий вопрос"),
    "case": _lazy("Кейс"),
    "candidate_questions": _lazy("Вопросы кандидата"),
}


@staff_required
def plan_edit(request: HttpRequest, application_pk: int) -> HttpResponse:
    """Review and edit the interview plan before the candidate starts."""
    application = application_get_for_user(request.user, application_pk)
    if request.method == "POST":
        interview = conduct.interview_for_application(application_id=application.pk)
    else:
        # Reading the plan creates nothing: an unsaved interview shows the plan the
        # candidate would get (no empty rows counted in analytics).
        interview = interview_current(application_id=application.pk) or interview_draft(application)
    plan = conduct.plan_for(interview)
    errors: list[str] = []
    if request.method == "POST":
        plan, errors = plan_from_post(plan, request.POST)
        if not errors:
            try:
                conduct.interview_save_plan(interview_id=interview.pk, plan=plan)
            except conduct.InterviewClosedError as exc:
                errors.append(str(exc))
            else:
                messages.success(request, _("План интервью сохранён."))
                return redirect("interviews:plan", application_pk=application.pk)
    return TemplateResponse(
        request,
        "interviews/plan.html",
        {
            "application": application,
            "interview": interview,
            "plan": plan,
            "rows": [{"t": t, "kind": TOPIC_KINDS.get(str(t.kind), str(t.kind))} for t in plan.topics],
            "errors": errors,
            "editable": interview.status == InterviewStatus.PENDING,
            "section": "candidates",
        },
    )


@staff_required
@require_POST
def interview_stop(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff stop a live interview: the candidate's room ends politely, the interview is
    marked stopped by this person, and the access log records who did it."""
    interview = get_object_or_404(Interview.objects.select_related("application"), pk=pk)
    application = application_get_for_user(request.user, interview.application_id, write=True)
    user = request.user
    name = user.get_full_name() or user.get_username()  # type: ignore[union-attr]
    if live.interview_stop_by_staff(interview_id=interview.pk, actor_name=name):
        access_record(
            request,
            candidate_id=application.candidate_id,
            action=AccessAction.STOP,
            object_ref=f"interview:{interview.pk}",
        )
        messages.success(
            request, _("Интервью остановлено. Открытая у кандидата страница интервью завершится с вежливым сообщением.")
        )
    else:
        messages.error(request, _("Интервью уже не идёт."))
    return redirect(reverse("candidates:detail", args=[application.candidate_id]) + "#interviews")


@staff_required
def live_status(request: HttpRequest, pk: int) -> HttpResponse:
    """A small partial polled by the candidate page while an interview is running."""
    interview = get_object_or_404(Interview.objects.select_related("application"), pk=pk)
    application_get_for_user(request.user, interview.application_id)
    return TemplateResponse(
        request,
        "interviews/_live_status.html",
        {"interview": interview, "progress": conduct.progress_of(interview), "turns": interview.turns.count()},
    )


@csrf_exempt  # authenticated by the personal token in the URL, not by a session cookie
@require_POST
@candidate_link(consent=True, api=True)
def recording_upload(request: HttpRequest, token: str) -> HttpResponse:
    """One chunk of the room's video recording: the body is the chunk, the headers say
    which recording (empty for a new one) and which chunk number. The guard runs on
    every chunk: a revoked link or a withdrawn consent stops the upload at once."""
    interview: Interview = request.interview  # type: ignore[attr-defined]
    try:
        index = int(request.headers.get("X-Chunk-Index", ""))
        recording_id = int(request.headers["X-Recording-Id"]) if request.headers.get("X-Recording-Id") else None
        elapsed_ms = int(request.headers.get("X-Recording-Elapsed") or 0)
    except ValueError:
        return JsonResponse({"error": "bad_request"}, status=400)
    # Read up to the recording's own chunk limit: ``request.body`` stops at Django's
    # DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), below what a chunk may be.
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > max_chunk_bytes():
        return JsonResponse({"error": "chunk_too_large", "message": _("Фрагмент записи слишком большой.")}, status=413)
    try:
        appended = recording_append(
            interview=interview,
            recording_id=recording_id,
            index=index,
            data=request.read(length),
            mime_type=request.content_type or "",
            last=request.headers.get("X-Recording-Last") == "1",
            elapsed_ms=elapsed_ms,
        )
    except RecordingError as exc:
        response = JsonResponse({"error": exc.code, "message": str(exc)}, status=exc.status)
        if isinstance(exc, RecordingQuotaError) and exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response
    return JsonResponse({"recording": appended.recording_id, "next": appended.next_index})


@staff_required
def recording_file(request: HttpRequest, pk: int) -> HttpResponse:
    from interviews.media_range import ranged_file_response

    recording = get_object_or_404(Recording.objects.select_related("interview__application"), pk=pk)
    application_get_for_user(request.user, recording.interview.application_id)  # the staff member's scope
    # A player seeking sends many range requests: the first one (from byte 0) is the view.
    if request.headers.get("Range", "bytes=0-").startswith("bytes=0-"):
        access_record(
            request,
            candidate_id=recording.interview.application.candidate_id,
            action=AccessAction.RECORDING,
            object_ref=f"recording:{recording.pk}",
        )
    recording = recording_assemble(recording_id=recording.pk)
    return ranged_file_response(
        request, recording.file.open("rb"), size=recording.file.size, content_type=recording.mime_type
    )


@staff_required
def joined_recording_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The interview's one recording (every page load's segment, both voices, a
    duration, chapters), made again first if something came since."""
    from interviews.media_range import ranged_file_response
    from interviews.recording_join import recording_join

    interview = get_object_or_404(Interview.objects.select_related("application"), pk=pk)
    application_get_for_user(request.user, interview.application_id)  # the staff member's scope
    if request.headers.get("Range", "bytes=0-").startswith("bytes=0-"):
        access_record(
            request,
            candidate_id=interview.application.candidate_id,
            action=AccessAction.RECORDING,
            object_ref=f"interview-recording:{interview.pk}",
        )
    joined = recording_join(interview_id=interview.pk)
    if joined is None:
        raise Http404(_("Записи этого интервью нет или её не удалось прочитать."))
    return ranged_file_response(request, joined.file.open("rb"), size=joined.file.size, content_type=joined.mime_type)
