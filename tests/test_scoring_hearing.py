"""Spoken answers the recogniser was unsure of are not judged: no quote, flag or score
comes from their words, the evaluation lists them and lowers its confidence, too many
of them turn a rejection into «consider», and the reviewer sees which they were."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from interviews import conduct
from scoring.evaluation.evaluate import evaluate_transcript
from scoring.evaluation.schema import HearingConfidence, Recommendation, Transcript
from scoring.services import evaluation_run
from tests import factories as f

VACANCY = {"title": "Python-разработчик", "must_have": ["Python", "PostgreSQL"], "min_experience_years": 3}
QUESTION = "Расскажите о вашем опыте с Python и PostgreSQL."
STRONG = (
    "Пишу на Python шесть лет: сервисы на Django и FastAPI, очереди на Celery. В PostgreSQL проектировал "
    "схемы, разбирал планы запросов через EXPLAIN ANALYZE и ускорил отчёт с сорока секунд до двух, "
    "добавив составной индекс."
)
# What a recogniser makes of a noisy answer: loops and words that were never said.
GARBLED = "Битняга. Битняга. Питон это змея, базы данных не нужны, индексы замедляют всё всегда."


def _transcript(answers: list[tuple[str, float | None]]) -> Transcript:
    turns: list[dict[str, object]] = []
    for text, confidence in answers:
        turns.append({"role": "interviewer", "text": QUESTION})
        turns.append({"role": "candidate", "text": text, "recognition_confidence": confidence})
    return Transcript.model_validate({"vacancy": VACANCY, "turns": turns})


def _quoted(result) -> str:  # type: ignore[no-untyped-def]
    quotes = [e.quote for _, c in result.criteria.items() for e in c.evidence]
    quotes += [e.quote for r in result.requirements for e in r.evidence]
    quotes += [e.quote for flag in result.red_flags for e in flag.evidence]
    return " ".join(quotes)


def test_an_unsure_answer_is_listed_and_never_quoted_or_flagged() -> None:
    result = evaluate_transcript(_transcript([(STRONG, 0.86), (GARBLED, 0.31), (STRONG, None)]))
    assert result.recognition.unsure_turns == [3] and result.recognition.spoken == 2
    assert result.recognition.confidence == HearingConfidence.LOW  # one of two spoken answers
    assert "Битняга" not in _quoted(result) and "змея" not in _quoted(result)
    assert not any("индекс" in flag.description.lower() and "замедля" in flag.description for flag in result.red_flags)
    # The same words typed are the candidate's own: they are judged.
    typed = evaluate_transcript(_transcript([(STRONG, None), (GARBLED, None), (STRONG, None)]))
    assert typed.recognition.unsure_turns == [] and typed.recognition.confidence == HearingConfidence.NORMAL


def test_a_mostly_unheard_interview_is_not_rejected_but_a_typed_one_is() -> None:
    typed = evaluate_transcript(_transcript([(GARBLED, None), (GARBLED, None), (GARBLED, None)]))
    assert typed.recommendation == Recommendation.REJECT
    heard = evaluate_transcript(_transcript([(GARBLED, 0.2), (GARBLED, 0.4), (GARBLED, 0.3)]))
    assert heard.recognition.confidence == HearingConfidence.LOW
    assert heard.recommendation == Recommendation.CONSIDER
    assert "распознаны неуверенно" in heard.recommendation_reasons[-1]
    # A well-heard spoken interview keeps the rules' verdict.
    clear = evaluate_transcript(_transcript([(GARBLED, 0.9), (GARBLED, 0.8), (GARBLED, 0.85)]))
    assert clear.recommendation == Recommendation.REJECT and clear.recognition.unsure_turns == []


@pytest.mark.django_db
def test_the_reviewer_sees_which_answers_were_not_judged(recruiter_client: Client) -> None:
    application = f.application(
        cand=f.candidate(full_name="Голосовой Кандидат", skills=["Python"]),
        vac=f.vacancy(title="Python-разработчик", must_have=["Python", "PostgreSQL"]),
    )
    interview = conduct.interview_for_application(application_id=application.pk)
    conduct.interview_begin(interview_id=interview.pk)
    sure = {"engine": "whisper", "confidence": 0.84, "unclear": [], "low": False}
    unsure = {"engine": "whisper", "confidence": 0.62, "unclear": [[1.0, 3.5]], "low": True}
    conduct.interview_answer(interview_id=interview.pk, text=STRONG, recognition=sure)
    conduct.interview_answer(interview_id=interview.pk, text=GARBLED, recognition=unsure)
    garbled_turn = interview.turns.get(text=GARBLED)
    conduct.interview_finish_by_candidate(interview_id=interview.pk)
    evaluation = evaluation_run(interview_id=interview.pk)
    assert evaluation.parsed.recognition.unsure_turns == [garbled_turn.index]  # the stored turn index
    html = recruiter_client.get(reverse("candidates:detail", args=[application.candidate_id])).content.decode()
    assert "распознано неуверенно: 1 из 2" in html
    assert f'href="#turn-{garbled_turn.index}"' in html and f'id="turn-{garbled_turn.index}"' in html
