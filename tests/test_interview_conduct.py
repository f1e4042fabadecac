"""The live-interview services against the real database: turns saved as they
happen, resume after a drop without duplicates, pipeline moves."""

from __future__ import annotations

import pytest

from candidates import services
from candidates.models import Candidate
from candidates.pipeline import Stage
from interviews import conduct, signals
from interviews.models import Interview, InterviewStatus, Turn
from vacancies.models import Vacancy

T0 = 2_000_000.0


@pytest.fixture
def interview(recruiter) -> Interview:  # type: ignore[no-untyped-def]
    vacancy = Vacancy.objects.create(
        title="Python-разработчик", must_have=["Python", "PostgreSQL"], interview_minutes=20
    )
    candidate = Candidate.objects.create(full_name="Иванов Иван", skills=["Python", "PostgreSQL"])
    application = services.application_create(candidate=candidate, vacancy=vacancy, actor=recruiter)
    return Interview.objects.create(application=application, time_budget_minutes=20)


def test_begin_greets_once_and_moves_the_application(interview: Interview) -> None:
    turns = conduct.interview_begin(interview_id=interview.pk, now=T0)
    assert len(turns) == 1 and "ИИ-интервьюер" in turns[0].text
    again = conduct.interview_begin(interview_id=interview.pk, now=T0 + 5)  # a reconnect
    assert [t.pk for t in again] == [turns[0].pk]
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.IN_PROGRESS
    assert interview.application.stage == Stage.INTERVIEWING
    assert interview.plan["topics"][1]["requirement"] == "Python"


def test_a_resent_answer_is_not_saved_twice(interview: Interview) -> None:
    conduct.interview_begin(interview_id=interview.pk, now=T0)
    first = conduct.interview_answer(
        interview_id=interview.pk, text="Пять лет пишу на Python.", client_msg_id="m1", now=T0 + 30
    )
    resent = conduct.interview_answer(
        interview_id=interview.pk, text="Пять лет пишу на Python.", client_msg_id="m1", now=T0 + 31
    )
    assert [t.pk for t in resent] == [t.pk for t in first]
    assert Turn.objects.filter(interview=interview).count() == 3
    assert list(Turn.objects.filter(interview=interview).values_list("index", flat=True)) == [0, 1, 2]


def test_a_whole_interview_completes_and_moves_to_evaluation(
    interview: Interview, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    finished: list[int] = []

    def heard(sender, interview_id: int, **kwargs) -> None:  # type: ignore[no-untyped-def]
        finished.append(interview_id)

    signals.interview_finished.connect(heard, dispatch_uid="test-finished")
    try:
        conduct.interview_begin(interview_id=interview.pk, now=T0)
        now = T0
        for n in range(30):
            now += 40
            with django_capture_on_commit_callbacks(execute=True):
                turns = conduct.interview_answer(
                    interview_id=interview.pk,
                    text="Например, я сделал сервис на Python и PostgreSQL, explain и индексы ускорили запрос в 10 раз.",
                    client_msg_id=f"m{n}",
                    now=now,
                )
            interview.refresh_from_db()
            if interview.status == InterviewStatus.COMPLETED:
                break
        assert interview.status == InterviewStatus.COMPLETED
        assert turns[-1].action == "finish"
        assert interview.application.stage == Stage.EVALUATING
        assert finished == [interview.pk]  # announced once, after commit
        with pytest.raises(conduct.InterviewClosedError):
            conduct.interview_answer(interview_id=interview.pk, text="ещё", client_msg_id="late", now=now + 1)
    finally:
        signals.interview_finished.disconnect(dispatch_uid="test-finished")


def test_a_recruiter_can_edit_the_plan_only_before_the_start(interview: Interview) -> None:
    plan = conduct.plan_for(interview)
    plan.topics[0].question = "Расскажите о своём самом интересном проекте."
    conduct.interview_save_plan(interview_id=interview.pk, plan=plan)
    turns = conduct.interview_begin(interview_id=interview.pk, now=T0)
    assert "самом интересном проекте" in turns[0].text
    with pytest.raises(conduct.InterviewClosedError):
        conduct.interview_save_plan(interview_id=interview.pk, plan=plan)


def test_stale_interviews_are_abandoned(interview: Interview) -> None:
    from datetime import timedelta

    from django.utils import timezone

    conduct.interview_begin(interview_id=interview.pk, now=T0)
    Interview.objects.filter(pk=interview.pk).update(last_activity_at=timezone.now() - timedelta(hours=2))
    assert conduct.interviews_abandon_stale(idle_minutes=30) == 1
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.ABANDONED
