"""Candidate pages: the employer, not the CRM; the job before any personal data; greetings
by first name and patronymic (or first name), never surname first."""

from __future__ import annotations

import pytest
from django.utils import translation

from candidates import services as candidate_services
from candidates.models import Candidate
from candidates.naming import address_name
from vacancies.links import link_create_for_application, link_create_for_vacancy
from vacancies.models import Vacancy
from vacancies.services import invitation_context

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("full_name", "ru", "en"),
    [
        ("Соколов Кирилл Андреевич", "Кирилл Андреевич", "Кирилл"),
        ("Кирилл Андреевич Соколов", "Кирилл Андреевич", "Кирилл"),
        ("ИВАНОВА МАРИЯ СЕРГЕЕВНА", "Мария Сергеевна", "Мария"),
        ("Соколов Кирилл", "Кирилл", "Кирилл"),
        ("Анна-Мария Смирнова", "Анна-Мария", "Анна-Мария"),
        ("Мамедов Эльдар Гусейн оглы", "Эльдар Гусейн оглы", "Эльдар"),
        ("Ivan Petrov", "Ivan", "Ivan"),
        ("Smith, John", "John", "John"),
        ("Кирилл", "Кирилл", "Кирилл"),
        ("Иванов И. И.", "", ""),  # initials only: no name rather than the surname
        ("", "", ""),
    ],
)
def test_people_are_addressed_by_first_name_and_patronymic(full_name: str, ru: str, en: str) -> None:
    assert address_name(full_name, "ru") == ru
    assert address_name(full_name, "en") == en


def _landing(**vacancy_fields: object) -> tuple[str, Vacancy]:
    vacancy = Vacancy.objects.create(title="Python-разработчик", **vacancy_fields)
    candidate = Candidate.objects.create(full_name="Соколов Кирилл Андреевич")
    application = candidate_services.application_create(candidate=candidate, vacancy=vacancy)
    return link_create_for_application(application=application, actor=None).token, vacancy


def test_the_landing_greets_by_first_name_and_patronymic(client) -> None:  # type: ignore[no-untyped-def]
    token, _ = _landing()
    html = client.get(f"/i/{token}/").content.decode()
    assert "Здравствуйте, Кирилл Андреевич!" in html
    assert "Соколов" not in html


def test_the_invitation_letter_greets_the_same_way() -> None:
    from django.utils import timezone

    vacancy = Vacancy.objects.create(title="QA", language="en")
    candidate = Candidate.objects.create(full_name="Соколов Кирилл Андреевич")
    context = invitation_context(candidate=candidate, vacancy=vacancy, url="u", expires_at=timezone.now(), sender=None)
    assert context.candidate_name == "Кирилл"


def test_the_apply_page_shows_the_job_before_asking_for_personal_data(client) -> None:  # type: ignore[no-untyped-def]
    vacancy = Vacancy.objects.create(
        title="Python-разработчик",
        company="ООО Ромашка",
        city="Казань",
        description="Строим платёжный шлюз для малого бизнеса.",
        responsibilities="Писать сервисы и ревьюить код.",
        must_have=["Python", "PostgreSQL"],
        nice_to_have=["Kafka"],
        salary_from=200000,
    )
    token = link_create_for_vacancy(vacancy=vacancy, actor=None).token
    html = client.get(f"/apply/{token}/").content.decode()
    job = html.index("data-job")
    form = html.index('name="full_name"')
    assert job < form
    for text in ("Строим платёжный шлюз", "Писать сервисы", "PostgreSQL", "Kafka", "Казань", "200"):
        assert html.index(text) < form, text


def test_candidate_pages_carry_the_employer_not_the_crm(client, settings) -> None:  # type: ignore[no-untyped-def]
    token, _ = _landing(company="ООО Ромашка")
    html = client.get(f"/i/{token}/").content.decode()
    assert "HR CRM" not in html
    assert "ООО Ромашка" in html.split("</header>")[0]  # the vacancy's company, without a setting

    settings.EMPLOYER_NAME = "Ромашка Технологии"
    settings.EMPLOYER_LOGO = "img/favicon.svg"
    html = client.get(f"/i/{token}/").content.decode()
    header = html.split("</header>")[0]
    assert "Ромашка Технологии" in header and 'class="employer-logo" src="/static/img/favicon.svg"' in header
    assert "<title>Приглашение на интервью · Ромашка Технологии</title>" in html
    with translation.override("en"):
        assert "HR CRM" not in client.get(f"/i/{token}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
