"""Candidate page, vacancy pages and forms over HTTP."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse

from candidates.models import Application, Note, StageChange
from candidates.pipeline import Stage
from tests import factories as f
from vacancies.forms import format_requirements, parse_requirements
from vacancies.models import InviteLink, Vacancy, VacancyStatus


def test_the_candidate_page_shows_history_and_honest_empty_states(recruiter_client: Client, recruiter) -> None:  # type: ignore[no-untyped-def]
    app = f.application(stage=Stage.INTERVIEWING, actor=recruiter)
    html = recruiter_client.get(reverse("candidates:detail", args=[app.candidate_id])).content.decode()
    assert app.vacancy.title in html
    assert "Ждём ответа" in html and "На собеседовании" in html  # timeline
    assert "Рекомендации ещё не рассчитаны" in html
    assert "Резюме не загружено" in html
    assert "Интервью ещё не было" in html


def test_notes_assign_move_and_reject_from_the_candidate_page(recruiter_client: Client, recruiter) -> None:  # type: ignore[no-untyped-def]
    cand = f.candidate()
    vac = f.vacancy(title="Дизайнер")
    url = reverse("candidates:detail", args=[cand.pk])
    recruiter_client.post(reverse("candidates:note_add", args=[cand.pk]), {"text": "Хорошо говорит по-английски"})
    assert Note.objects.get(candidate=cand).author == recruiter
    recruiter_client.post(reverse("candidates:assign", args=[cand.pk]), {"vacancy": vac.pk})
    app = Application.objects.get(candidate=cand, vacancy=vac)
    move = reverse("candidates:application_move", args=[app.pk])
    response = recruiter_client.post(move, {"to_stage": "interviewing", "next": url}, follow=True)
    assert "Этап изменён" in response.content.decode()
    response = recruiter_client.post(move, {"to_stage": "rejected", "comment": ""}, follow=True)
    assert "укажите причину" in response.content.decode()
    recruiter_client.post(move, {"to_stage": "rejected", "comment": "Другая зарплата", "next": "https://evil.example/"})
    app.refresh_from_db()
    assert app.stage == Stage.REJECTED
    html = recruiter_client.get(url).content.decode()
    assert "Другая зарплата" in html and "Хорошо говорит по-английски" in html


def test_inviting_from_the_candidate_page_shows_the_link_once_and_emails_it(
    recruiter_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cand = f.candidate(email="ivan@example.com", full_name="Иван Петров")
    vac = f.vacancy(title="Тестировщик")
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(
            reverse("candidates:invite", args=[cand.pk]), {"vacancy": vac.pk, "days": 3, "send_email": "on"}
        )
    html = response.content.decode()
    link = InviteLink.objects.get(application__candidate=cand)
    token = html.split("/i/")[1].split("/")[0]
    assert len(token) >= 32 and token not in link.token_hash and link.purpose == "interview"
    assert (link.expires_at - link.created_at).days in (2, 3)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ivan@example.com"] and "Тестировщик" in message.subject
    assert f"/i/{token}/" in message.body and "Здравствуйте, Иван!" in message.body


def test_requirements_are_one_per_line_with_alternatives() -> None:
    items = parse_requirements("Python\n FastAPI | Django \n\nPostgreSQL|")
    assert items == ["Python", ["FastAPI", "Django"], "PostgreSQL"]
    assert format_requirements(items) == "Python\nFastAPI | Django\nPostgreSQL"


def test_a_vacancy_is_created_edited_closed_and_reopened(client: Client, manager) -> None:  # type: ignore[no-untyped-def]
    client.force_login(manager)
    response = client.post(
        reverse("vacancies:create"),
        {
            "title": "Go-разработчик",
            "company": "Ромашка",
            "hiring_manager": manager.pk,
            "must_have_text": "Go\nPostgreSQL | MySQL",
            "nice_to_have_text": "Kubernetes",
            "min_experience_years": "3",
            "work_format": "remote",
            "salary_from": "300000",
            "salary_to": "200000",
            "currency": "RUB",
            "language": "ru",
            "interview_minutes": "25",
        },
    )
    assert "«До» меньше" in response.content.decode()
    data = {
        "title": "Go-разработчик",
        "hiring_manager": manager.pk,
        "must_have_text": "Go\nPostgreSQL | MySQL",
        "min_experience_years": "3",
        "work_format": "remote",
        "currency": "RUB",
        "language": "ru",
        "interview_minutes": "25",
    }
    response = client.post(reverse("vacancies:create"), data)
    vacancy = Vacancy.objects.get(title="Go-разработчик")
    assert response.url == reverse("vacancies:detail", args=[vacancy.pk])
    assert vacancy.must_have == ["Go", ["PostgreSQL", "MySQL"]]
    html = client.get(reverse("vacancies:edit", args=[vacancy.pk])).content.decode()
    assert "PostgreSQL | MySQL" in html
    client.post(reverse("vacancies:edit", args=[vacancy.pk]), data | {"title": "Senior Go-разработчик"})
    client.post(reverse("vacancies:close", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.title == "Senior Go-разработчик" and vacancy.status == VacancyStatus.CLOSED and vacancy.closed_at
    assert "Senior Go" not in client.get(reverse("vacancies:list")).content.decode()
    assert "Senior Go" in client.get(reverse("vacancies:list"), {"closed": "1"}).content.decode()
    client.post(reverse("vacancies:reopen", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN and vacancy.closed_at is None


def test_the_vacancy_list_shows_counts_and_conversions(recruiter_client: Client) -> None:
    vac = f.vacancy(title="Логист")
    f.application(vac=vac)
    f.application(vac=vac, stage=Stage.INTERVIEWING)
    f.application(vac=vac, stage=Stage.EVALUATING)
    rejected = f.application(vac=vac, stage=Stage.INTERVIEWING)
    from candidates import services

    services.application_move_to_stage(application_id=rejected.pk, to_stage="rejected", system_reason="тест")
    html = recruiter_client.get(reverse("vacancies:list")).content.decode()
    assert "всего: 4" in html
    assert "На собеседовании: 75%" in html  # 3 of 4 reached the interview, the rejected one too
    assert "Оценка: 33%" in html


def test_the_vacancy_page_invites_several_candidates_and_makes_an_open_link(recruiter_client: Client) -> None:
    vac = f.vacancy(title="Бариста")
    a, b = f.candidate(full_name="Анна Альфа"), f.candidate(full_name="Борис Бета")
    html = recruiter_client.get(reverse("vacancies:detail", args=[vac.pk])).content.decode()
    assert "Рекомендации ещё не рассчитаны" in html
    found = recruiter_client.get(reverse("vacancies:invite_search", args=[vac.pk]), {"q": "Анна"}).content.decode()
    assert "Анна Альфа" in found and "Борис Бета" not in found
    response = recruiter_client.post(
        reverse("vacancies:invite", args=[vac.pk]), {"candidates": [a.pk, b.pk], "days": 7}
    )
    html = response.content.decode()
    assert html.count("data-invite-url") == 2
    assert Application.objects.filter(vacancy=vac).count() == 2
    assert StageChange.objects.filter(application__vacancy=vac, to_stage="invited").count() == 2
    response = recruiter_client.post(reverse("vacancies:open_link", args=[vac.pk]), {"days": 14})
    assert "/apply/" in response.content.decode()
    link = InviteLink.objects.get(vacancy=vac, purpose="vacancy")
    assert 13 <= (link.expires_at - link.created_at).days <= 14
    recruiter_client.post(reverse("vacancies:link_revoke", args=[vac.pk, link.pk]))
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_the_candidate_page_shows_an_interview_transcript_when_there_is_one(recruiter_client: Client) -> None:
    from interviews.models import Interview, Turn

    app = f.application(stage=Stage.INTERVIEWING)
    interview = Interview.objects.create(application=app, status="completed")
    Turn.objects.create(interview=interview, index=0, speaker="interviewer", text="Расскажите о себе")
    Turn.objects.create(interview=interview, index=1, speaker="candidate", text="Пишу на Python восемь лет")
    html = recruiter_client.get(reverse("candidates:detail", args=[app.candidate_id])).content.decode()
    assert "Расшифровка · 2" in html
    assert "Пишу на Python восемь лет" in html and "Интервью ещё не было" not in html


def test_a_recruiter_adds_and_edits_a_candidate_by_hand(recruiter_client: Client, recruiter) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from candidates.models import Candidate, Resume

    f.candidate(full_name="Уже Есть", email="taken@example.com")
    data = {
        "full_name": "Новиков Пётр",
        "email": "Taken@Example.com",
        "phone": "8 (912) 111-22-33",
        "source": "referral",
    }
    response = recruiter_client.post(reverse("candidates:create"), data)
    assert "уже есть: Уже Есть" in response.content.decode()
    data |= {"email": "petr@example.com", "telegram": "petr_n", "resume": SimpleUploadedFile("cv.txt", b"Kotlin")}
    response = recruiter_client.post(reverse("candidates:create"), data)
    candidate = Candidate.objects.get(email="petr@example.com")
    assert response.url == reverse("candidates:detail", args=[candidate.pk])
    assert (candidate.phone, candidate.telegram, candidate.created_by) == ("+79121112233", "@petr_n", recruiter)
    assert Resume.objects.get(candidate=candidate).status == "queued"
    assert "Новиков Пётр" in recruiter_client.get(reverse("candidates:list"), {"q": "Новиков"}).content.decode()
    recruiter_client.post(
        reverse("candidates:edit", args=[candidate.pk]),
        {"full_name": "Новиков Пётр", "email": "petr@example.com", "city": "Тверь", "source": "referral"},
    )
    candidate.refresh_from_db()
    assert candidate.city == "Тверь"


def test_recommended_candidates_can_be_ticked_for_invitation(recruiter_client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    from tests.test_match_recommendations import PYTHON_DEV, embed_all, python_vacancy, with_resume

    settings.INTAKE_AS_OF = "2026-11"
    vac = python_vacancy()
    cand = with_resume(PYTHON_DEV.format(name="Рекомендованная Ксения Петровна"))
    embed_all(cand, vac)
    waiting = f.candidate(full_name="Ещё Не Разобранный")  # no resume, no vector yet
    html = recruiter_client.get(reverse("vacancies:detail", args=[vac.pk])).content.decode()
    cand_html = recruiter_client.get(reverse("candidates:detail", args=[waiting.pk])).content.decode()
    assert "Рекомендованная Ксения" in html and 'form="invite-form"' in html
    assert f'name="candidates" value="{cand.pk}" form="invite-form"' in html
    assert "Рекомендации ещё не рассчитаны" in cand_html  # his vector is not computed yet
