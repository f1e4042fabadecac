"""Voice mode with a model (GigaChat, YandexGPT, local fakes, streaming SSE): each checked
sentence goes to speech while the rest is still being written; a barge-in stops the
stream; a refused sentence or a first sentence later than the voice budget hands over
to the rules, audited."""

from __future__ import annotations

import json
import threading

import pytest

from candidates import services
from candidates.models import Candidate
from hrcrm.models import AIAuditLog
from interviews import conduct
from interviews.models import Interview, Turn
from vacancies.models import Vacancy

T0 = 7_000_000.0
ANSWER = "Я три года писал на Python сервис отчётов: PostgreSQL, Celery и кеш в Redis, время отчёта сократил втрое."


@pytest.fixture(params=["gigachat", "yandex", "local_llm"])
def model(request):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.fixture
def interview(recruiter) -> Interview:  # type: ignore[no-untyped-def]
    vacancy = Vacancy.objects.create(
        title="Python-разработчик", must_have=["Python", "PostgreSQL"], interview_minutes=20
    )
    candidate = Candidate.objects.create(full_name="Зуев Антон", skills=["Python", "PostgreSQL"])
    application = services.application_create(candidate=candidate, vacancy=vacancy, actor=recruiter)
    interview = Interview.objects.create(application=application, time_budget_minutes=20)
    conduct.interview_begin(interview_id=interview.pk, now=T0)
    return interview


def _turn(action: str, say: str) -> str:
    return json.dumps({"action": action, "say": say, "covered": []}, ensure_ascii=False)


def _speak(interview: Interview, *, cancel_after: int | None = None) -> tuple[Turn, list[tuple[str, int]]]:
    """Answer in voice mode; each sentence handed to speech is recorded with the number of
    finished model streams at that moment (0: the model was still writing)."""
    heard: list[tuple[str, int]] = []
    cancel = threading.Event()

    def on_sentence(sentence: str) -> None:
        heard.append((sentence, AIAuditLog.objects.filter(operation="stream").count()))
        if cancel_after is not None and len(heard) >= cancel_after:
            cancel.set()  # the candidate starts talking over the reply

    _, reply = conduct.interview_answer(
        interview_id=interview.pk,
        text=ANSWER,
        client_msg_id="voice-1",
        now=T0 + 40,
        on_sentence=on_sentence,
        cancel=cancel,
    )
    return reply, heard


def test_sentences_reach_speech_while_the_model_is_still_writing(model, interview, settings) -> None:
    settings.INTERVIEW_LLM_BUDGET_VOICE = 5.0
    model.reply(
        _turn("follow_up", "Вы упомянули кеш в Redis. Как вы решали, когда его сбрасывать и что было сложнее всего?")
    )
    model.stream_delay = 0.04
    reply, heard = _speak(interview)
    assert [s for s, _ in heard] == [
        "Вы упомянули кеш в Redis.",
        "Как вы решали, когда его сбрасывать и что было сложнее всего?",
    ]
    assert heard[0][1] == 0  # the first sentence went to speech before the stream had ended
    assert reply.text == " ".join(s for s, _ in heard) and reply.action == "follow_up"
    assert reply.meta["source"] == "llm" and reply.meta["streamed_sentences"] == 2
    row = AIAuditLog.objects.get(pk=reply.meta["ai_audit_id"])
    assert row.operation == "stream" and row.ok


def test_a_barge_in_stops_the_stream_and_what_was_said_is_saved(model, interview, settings) -> None:
    settings.INTERVIEW_LLM_BUDGET_VOICE = 5.0
    model.reply(
        _turn("follow_up", "Вы упомянули Celery. Сколько было воркеров? Как вы следили за очередью? " + "И ещё " * 40)
    )
    model.stream_delay = 0.03
    reply, heard = _speak(interview, cancel_after=1)
    assert [s for s, _ in heard] == ["Вы упомянули Celery."]
    assert reply.text == "Вы упомянули Celery." and reply.meta["source"] == "llm"
    assert AIAuditLog.objects.get(pk=reply.meta["ai_audit_id"]).error_type == "AICancelledError"


def test_a_refused_sentence_hands_over_to_the_rules(model, interview, settings) -> None:
    settings.INTERVIEW_LLM_BUDGET_VOICE = 5.0
    model.reply(_turn("follow_up", "Вы упомянули PostgreSQL. Отличный ответ, вы нам подходите!"))
    reply, heard = _speak(interview)
    assert [s for s, _ in heard] == ["Вы упомянули PostgreSQL."]  # the praise was never said
    assert reply.meta["source"] == "fallback" and reply.meta["fallback_reason"] == "guard:praise"
    assert reply.text.startswith("Вы упомянули PostgreSQL. ") and "Отличный" not in reply.text
    row = AIAuditLog.objects.get(pk=reply.meta["ai_audit_id"])
    assert (row.ok, row.fallback_used, row.error_message) == (False, True, "guard:praise")


def test_nothing_is_said_for_a_forbidden_action_or_past_the_budget(model, interview, settings) -> None:
    settings.INTERVIEW_LLM_BUDGET_VOICE = 0.5
    model.reply(_turn("finish", "Спасибо, на этом всё."))
    reply, heard = _speak(interview)
    assert heard == [] and reply.meta["fallback_reason"] == "action_not_allowed"
    model.slow_seconds = 1.5
    model.fail_next("slow", path="/chat/completions")
    _, reply = conduct.interview_answer(
        interview_id=interview.pk, text=ANSWER, client_msg_id="voice-2", now=T0 + 80, on_sentence=lambda s: None
    )
    # The HTTP read times out, or the watchdog stops a stream that has sent nothing to say.
    assert reply.meta["source"] == "fallback"
    assert reply.meta["fallback_reason"] == "AITimeoutError" or reply.meta["fallback_reason"].startswith("late")
