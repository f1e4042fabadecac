"""With a model configured, the plan's questions are written for the candidate and the
job by a task queued when the interview is created; each passes the guard, a refused one
keeps the bank's question, a failed call keeps them all, and the audit log says which."""

from __future__ import annotations

import json

import pytest
from django_q.models import OrmQ

from candidates import services
from candidates.models import Candidate
from hrcrm.models import AIAuditLog
from interviews import conduct, tasks
from interviews.models import Interview
from vacancies.models import Vacancy


@pytest.fixture(params=["gigachat", "yandex", "local_llm"])
def model(request):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


@pytest.fixture
def application(recruiter):  # type: ignore[no-untyped-def]
    vacancy = Vacancy.objects.create(
        title="QA-инженер", must_have=["Python", "SQL"], responsibilities="Писать автотесты API", interview_minutes=20
    )
    candidate = Candidate.objects.create(full_name="Ершова Дина", skills=["Python", "pytest"])
    return services.application_create(candidate=candidate, vacancy=vacancy, actor=recruiter)


def test_questions_written_for_the_candidate_replace_the_banks_where_they_pass(
    model, application, django_capture_on_commit_callbacks
) -> None:
    model.reply(
        json.dumps(
            {
                "questions": [
                    {
                        "topic_id": "req1",
                        "question": "В резюме у вас pytest: как вы организуете фикстуры для API-тестов?",
                    },
                    {"topic_id": "req2", "question": "Сколько вам лет и есть ли дети?"},
                    {"topic_id": "case", "question": "Отличный опыт! Что будете делать, если тесты падают через раз?"},
                ]
            },
            ensure_ascii=False,
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        interview = conduct.interview_for_application(application_id=application.pk)
    queued = OrmQ.objects.get().task  # queued once, after commit; the worker runs it:
    assert queued["func"] == "interviews.tasks.prepare_plan" and queued["args"] == (interview.pk,)
    assert tasks.prepare_plan(interview.pk) is True
    plan = Interview.objects.get(pk=interview.pk).plan
    topics = {t["id"]: t for t in plan["topics"]}
    assert topics["req1"]["question"].startswith("В резюме у вас pytest") and topics["req1"]["written_by"] == "llm"
    assert "лет" not in topics["req2"]["question"] and topics["req2"]["written_by"] == "bank"
    assert "Отличный" not in topics["case"]["question"] and topics["case"]["written_by"] == "bank"
    row = AIAuditLog.objects.get(prompt_name="interview.plan")
    assert row.fallback_used and "req2:protected_topic" in row.error_message and "case:praise" in row.error_message


def test_a_failed_call_keeps_the_bank_plan(model, application) -> None:
    model.fail_next("500", path="/chat/completions")
    interview = Interview.objects.create(application=application)
    assert conduct.interview_prepare_plan(interview_id=interview.pk) is True
    plan = Interview.objects.get(pk=interview.pk).plan
    assert all(t["written_by"] == "bank" for t in plan["topics"])
    row = AIAuditLog.objects.get(prompt_name="interview.plan")
    assert (row.ok, row.fallback_used, row.fallback_to) == (False, True, "question_bank")


def test_offline_nothing_is_queued_and_a_saved_plan_wins(  # type: ignore[no-untyped-def]
    application, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks() as callbacks:
        interview = conduct.interview_for_application(application_id=application.pk)
    assert callbacks == [] and conduct.interview_prepare_plan(interview_id=interview.pk) is False
    settings.AI_PROVIDER_INTERVIEW = "local"
    conduct.interview_save_plan(interview_id=interview.pk, plan=conduct.plan_for(interview))
    assert conduct.interview_prepare_plan(interview_id=interview.pk) is False  # the recruiter's plan stays
