"""The vacancy page's recommended candidates (score, breakdown, one-click add to the
pipeline), the candidate page's recommended vacancies, and «слепой просмотр»."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import Application, ApplicationOrigin, Candidate, StageChange
from scoring.blind import SESSION_KEY
from tests.test_match_recommendations import ACCOUNTANT, PYTHON_DEV, QA, embed_all, python_vacancy, with_resume
from vacancies.models import Vacancy


@pytest.fixture(autouse=True)
def _as_of(settings) -> None:
    settings.INTAKE_AS_OF = "2026-11"


@pytest.fixture
def scene(db):
    dev = with_resume(PYTHON_DEV.format(name="Иванов Пётр Сергеевич"))
    qa = with_resume(QA.format(name="Сидорова Анна Павловна"))
    vacancy = python_vacancy()
    embed_all(dev, qa, vacancy)
    return dev, qa, vacancy


def test_vacancy_page_shows_recommended_candidates_with_an_expandable_breakdown(recruiter_client, scene) -> None:
    dev, qa, vacancy = scene
    html = recruiter_client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    assert "Рекомендованные кандидаты" in html
    assert html.index("Иванов Пётр Сергеевич") < html.index("Сидорова Анна Павловна")  # best first
    assert "<details" in html and "Обязательные навыки" in html and "/ 30" in html
    assert "3 из 3 обязательных" in html
    assert reverse("matching:recommended_add", args=[vacancy.pk, dev.pk]) in html
    assert "Добавить в воронку" in html


def test_one_click_adds_a_recommended_candidate_to_the_pipeline(recruiter_client, recruiter, scene) -> None:
    dev, qa, vacancy = scene
    url = reverse("matching:recommended_add", args=[vacancy.pk, dev.pk])
    response = recruiter_client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    app = Application.objects.get(candidate=dev, vacancy=vacancy)
    assert app.origin == ApplicationOrigin.RECOMMENDED
    assert app.match_score is not None and app.match_score >= 80
    assert StageChange.objects.filter(application=app, actor=recruiter).exists()
    html = response.content.decode()
    assert "добавлен в воронку" in html
    assert reverse("matching:recommended_add", args=[vacancy.pk, dev.pk]) not in html  # no longer recommended
    # The Kanban card shows the stored score.
    board = recruiter_client.get(reverse("candidates:list") + f"?view=board&vacancy={vacancy.pk}").content.decode()
    assert f"{app.match_score}%" in board


def test_adding_needs_staff_and_a_post(client, outsider, scene) -> None:
    dev, _, vacancy = scene
    url = reverse("matching:recommended_add", args=[vacancy.pk, dev.pk])
    client.force_login(outsider)
    assert client.post(url).status_code == 403
    assert not Application.objects.exists()


def test_candidate_page_lists_recommended_vacancies(recruiter_client, scene) -> None:
    dev, _, vacancy = scene
    other = Vacancy.objects.create(title="Бухгалтер по расчёту заработной платы", must_have=["1С:ЗУП"], city="Москва")
    embed_all(other)
    html = recruiter_client.get(reverse("candidates:detail", args=[dev.pk])).content.decode()
    assert html.index(vacancy.title) < html.index(other.title)


def test_blind_review_hides_names_on_comparison_pages(recruiter_client, scene) -> None:
    dev, qa, vacancy = scene
    in_pipeline = with_resume(ACCOUNTANT.format(name="Кузнецова Ольга Игоревна"))
    Application.objects.create(candidate=in_pipeline, vacancy=vacancy, match_score=40)
    page = reverse("vacancies:detail", args=[vacancy.pk])
    board = reverse("candidates:list") + f"?view=board&vacancy={vacancy.pk}"
    assert "Кузнецова Ольга Игоревна" in recruiter_client.get(board).content.decode()

    response = recruiter_client.post(reverse("scoring:blind_review"), {"on": "1", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert recruiter_client.session[SESSION_KEY] is True
    for url in (page, board):
        html = recruiter_client.get(url).content.decode()
        for name in ("Иванов Пётр Сергеевич", "Сидорова Анна Павловна", "Кузнецова Ольга Игоревна"):
            if url == board and name != "Кузнецова Ольга Игоревна":
                continue
            assert name not in html, (url, name)
        assert "Слепой просмотр: вкл." in html
    html = recruiter_client.get(page).content.decode()
    assert f"Кандидат №{dev.pk}" in html and f"Кандидат №{in_pipeline.pk}" in html

    # Off again; an outside "next" is not followed.
    response = recruiter_client.post(reverse("scoring:blind_review"), {"on": "0", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "Иванов Пётр Сергеевич" in recruiter_client.get(page).content.decode()


def test_vacancy_page_queries_do_not_grow_with_recommended_candidates(recruiter_client, scene) -> None:
    dev, qa, vacancy = scene
    url = reverse("vacancies:detail", args=[vacancy.pk])
    recruiter_client.get(url)
    with CaptureQueriesContext(connection) as few:
        recruiter_client.get(url)
    for i in range(6):
        extra = with_resume(ACCOUNTANT.format(name=f"Кузнецова Ольга {'ИВАНОВНАЯЯ'[: i + 3].title()}"))
        Candidate.objects.filter(pk=extra.pk).update(
            embedding=qa.embedding, embedding_model=qa.embedding_model, embedding_dimensions=384
        )
    with CaptureQueriesContext(connection) as many:
        html = recruiter_client.get(url).content.decode()
    assert html.count("Добавить в воронку") == 8
    assert len(many.captured_queries) == len(few.captured_queries)


def test_candidate_page_explains_each_recommended_vacancy(recruiter_client, scene) -> None:
    dev, _, vacancy = scene
    html = recruiter_client.get(reverse("candidates:detail", args=[dev.pk])).content.decode()
    section = html[html.index('id="recommended-vacancies"') :]
    section = section[: section.index("</ul>")]
    assert vacancy.title in section
    # The same breakdown as the vacancy page's panel: score, a one-line reason that opens
    # the parts with their points, and the skills.
    assert '<span class="score"' in section and "%</span>" in section
    assert "<details" in section and "<summary" in section
    assert "3 из 3 обязательных" in section  # the one-line explanation
    assert "Обязательные навыки" in section and "/ 30" in section  # a part with its weight
    assert "Есть:" in section and "Django / FastAPI" in section


HR_EXPORT = """{name}
Мужчина, 34 года, родился 5 августа 1992
Гражданство: Россия
Женат, есть дети
Python-разработчик
Москва
Опыт работы
Python-разработчик, ООО «Ромашка»
03.2016 — по настоящее время
Backend на Django, PostgreSQL, Celery.
Навыки
Python, Django, PostgreSQL
"""


def test_blind_review_on_the_candidates_table_hides_names_contacts_and_personal_data(recruiter_client, db) -> None:
    person = with_resume(HR_EXPORT.format(name="Смирнов Алексей Викторович"), email="smirnov@example.com")
    other = with_resume(QA.format(name="Сидорова Анна Павловна"), email="", desired_position="")
    table = reverse("candidates:list")
    shown = recruiter_client.get(table).content.decode()
    assert "Смирнов Алексей Викторович" in shown and "smirnov@example.com" in shown

    recruiter_client.post(reverse("scoring:blind_review"), {"on": "1", "next": table})
    for response in (
        recruiter_client.get(table),
        recruiter_client.get(table + "?sort=name", headers={"HX-Request": "true"}),  # the table alone
    ):
        html = response.content.decode()
        assert f"Кандидат №{person.pk}" in html and f"Кандидат №{other.pk}" in html
        for hidden in ("Смирнов", "Сидорова", "smirnov@example.com", "34 года", "1992", "Мужчина", "Женат", "Россия"):
            assert hidden not in html, hidden
        assert "<img" not in html[html.index('id="candidate-table"') :]  # no photos
    assert "Слепой просмотр: вкл." in recruiter_client.get(table).content.decode()


def test_blind_review_on_the_decisions_page(client, admin_user, scene) -> None:
    dev, _, vacancy = scene
    Application.objects.create(candidate=dev, vacancy=vacancy, stage="awaiting_decision")
    client.force_login(admin_user)
    url = reverse("scoring:decisions")
    assert "Иванов Пётр Сергеевич" in client.get(url).content.decode()
    client.post(reverse("scoring:blind_review"), {"on": "1", "next": url})
    html = client.get(url).content.decode()
    assert "Иванов Пётр Сергеевич" not in html and f"Кандидат №{dev.pk}" in html
    assert "Слепой просмотр: вкл." in html
