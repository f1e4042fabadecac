"""Staff side of interviews (plan review and edit, live status) and the candidate's
request for a human interviewer."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from candidates.models import Note
from interviews import conduct
from interviews.models import Interview, InterviewStatus
from interviews.selectors import interview_draft
from tests import factories as f
from vacancies.links import link_create_for_application


def _application():  # type: ignore[no-untyped-def]
    vacancy = f.vacancy(title="Python-разработчик", must_have=["Python", "PostgreSQL", "Kubernetes"])
    return f.application(cand=f.candidate(full_name="Плановый Кандидат", skills=["Python"]), vac=vacancy)


def test_a_recruiter_reviews_and_edits_the_plan_before_the_start(recruiter_client: Client) -> None:
    application = _application()
    url = reverse("interviews:plan", args=[application.pk])
    html = recruiter_client.get(url).content.decode()
    assert "Kubernetes" in html and "Проверить пробел" in html
    assert not Interview.objects.filter(application=application).exists()  # reading creates nothing
    plan = conduct.plan_for(interview_draft(application))
    data = {"budget_minutes": "15", "question-0": "Расскажите о себе коротко."}
    for n, topic in enumerate(plan.topics):
        data.setdefault(f"question-{n}", topic.question)
        if topic.requirement != "Kubernetes":
            data[f"keep-{n}"] = "on"
    response = recruiter_client.post(url, data)
    assert response.status_code == 302
    saved = conduct.plan_for(Interview.objects.get(application=application))
    assert saved.budget_seconds == 15 * 60
    assert saved.topics[0].question == "Расскажите о себе коротко."
    assert "Kubernetes" not in [t.requirement for t in saved.topics]


def test_a_question_on_a_protected_matter_is_refused(recruiter_client: Client) -> None:
    application = _application()
    url = reverse("interviews:plan", args=[application.pk])
    response = recruiter_client.post(
        url, {"budget_minutes": "20", "question-0": "Есть ли у вас дети и сколько вам лет?"}
    )
    assert response.status_code == 200
    assert "защищённой темы" in response.content.decode()
    assert not Interview.objects.get(application=application).plan  # nothing saved


def test_the_plan_is_read_only_once_the_interview_started(recruiter_client: Client) -> None:
    application = _application()
    interview = conduct.interview_for_application(application_id=application.pk)
    conduct.interview_begin(interview_id=interview.pk)
    html = recruiter_client.get(reverse("interviews:plan", args=[application.pk])).content.decode()
    assert "можно только посмотреть" in html
    status = recruiter_client.get(reverse("interviews:live_status", args=[interview.pk])).content.decode()
    assert "Идёт" in status and "hx-trigger" in status


def test_a_candidate_asks_for_a_human_interviewer(client: Client, db: None) -> None:
    application = _application()
    token = link_create_for_application(application=application, actor=None).token
    landing = client.get(reverse("invite:landing", args=[token])).content.decode()
    assert reverse("interviews:request_human", args=[token]) in landing
    assert (
        "Попросить живого интервьюера" in client.get(reverse("interviews:request_human", args=[token])).content.decode()
    )
    response = client.post(reverse("interviews:request_human", args=[token]))
    assert "Просьба передана рекрутеру" in response.content.decode()
    client.post(reverse("interviews:request_human", args=[token]))  # twice: one note
    interview = Interview.objects.get(application=application)
    assert interview.human_requested_at is not None and interview.status == InterviewStatus.PENDING
    assert Note.objects.filter(candidate=application.candidate, text__contains="живым интервьюером").count() == 1


def test_spoken_answers_recognised_offline_are_flagged_for_staff_and_the_evaluation(recruiter_client: Client) -> None:
    from scoring.services import transcript_for_interview

    application = _application()
    interview = conduct.interview_for_application(application_id=application.pk)
    conduct.interview_begin(interview_id=interview.pk)
    sure = {"engine": "whisper", "confidence": 0.82, "unclear": [], "low": False}
    unsure = {"engine": "whisper", "confidence": 0.71, "unclear": [[2.1, 5.3]], "low": True}
    conduct.interview_answer(interview_id=interview.pk, text="Пишу на Python шесть лет.", recognition=sure)
    conduct.interview_answer(
        interview_id=interview.pk, text="Работал с PostgreSQL [неразборчиво] и репликой.", recognition=unsure
    )
    conduct.interview_answer(interview_id=interview.pk, text="Kubernetes знаю по учебным проектам.")
    html = recruiter_client.get(reverse("candidates:detail", args=[application.candidate_id])).content.decode()
    assert "распознаны офлайн" in html and "ошибается в каждом втором–третьем слове" in html
    assert html.count("распознано неуверенно") == 1
    transcript, _ = transcript_for_interview(Interview.objects.get(pk=interview.pk))
    candidate = [t for t in transcript.turns if t.role == "candidate"]
    # Typed: no figure; an answer with an unclear stretch counts as unsure whatever the mean.
    assert [t.recognition_confidence for t in candidate] == [0.82, 0.49, None]
