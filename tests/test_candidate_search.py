"""The candidates search through the page: meaning and words blended (E5 query against
stored resume vectors, PostgreSQL full-text), filters kept, each hit explained by its
resume lines, words only (said on the page) when the embedding model fails, and the
sorts by match score for a vacancy and by stage."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from candidates.models import Candidate, Resume, ResumeStatus
from candidates.pipeline import Stage
from candidates.services import candidate_update_search_vector
from matching.services import candidate_embed
from tests import factories as f

pytestmark = pytest.mark.django_db

RESUMES = {
    "Банковский Разработчик": (
        "Москва",
        "Backend-разработчик\nПлатёжный сервис крупного банка, процессинг карт, 2019–2024\n"
        "Очереди событий на Apache Kafka, Python, PostgreSQL",
    ),
    "Игровой Разработчик": (
        "Москва",
        "Backend-разработчик\nИгровая студия, серверы онлайн-игр, 2019–2024\nApache Kafka, Go, Redis",
    ),
    "Зарплатная Бухгалтер": (
        "Казань",
        "Бухгалтер по расчёту заработной платы\nРасчёт зарплаты на 300 сотрудников в 1С:ЗУП",
    ),
    "Казанский Разработчик": (
        "Казань",
        "Python-разработчик\nИнтернет-банк, переводы и платежи, 2020–2024\nKafka, FastAPI",
    ),
}


def _people(embed: bool = True) -> dict[str, Candidate]:
    cache.clear()  # the query vector cache: each test embeds with its own provider
    people = {}
    for name, (city, text) in RESUMES.items():
        c = Candidate.objects.create(full_name=name, city=city)
        resume = Resume(candidate=c, original_name="cv.txt", status=ResumeStatus.DONE, extracted_text=text)
        resume.file.save("cv.txt", ContentFile(text.encode()), save=False)
        resume.save()
        candidate_update_search_vector(candidate_id=c.pk)
        if embed:
            candidate_embed(candidate_id=c.pk)
        people[name] = c
    return people


def _names(html: str) -> list[str]:
    return [n for n in re.findall(r'class="strong">([^<]+)</a>', html) if n in RESUMES]


def test_meaning_and_words_together_with_filters_and_explained_lines(recruiter_client: Client) -> None:
    _people()
    url = reverse("candidates:list")
    # Nobody's resume says «финтех»: the full-text search alone found no one.
    html = recruiter_client.get(url, {"q": "кто работал с Kafka в финтехе"}).content.decode()
    names = _names(html)
    assert names[0] == "Банковский Разработчик"
    assert names.index("Банковский Разработчик") < names.index("Игровой Разработчик")
    assert "Зарплатная Бухгалтер" not in names[:3]
    assert "Поиск по смыслу сейчас недоступен" not in html
    # Each hit is explained by the resume line holding the query's words.
    assert "«Очереди событий на Apache Kafka, Python, PostgreSQL»" in html
    # The city filter is kept: only Kazan.
    html = recruiter_client.get(url, {"q": "кто работал с Kafka в финтехе", "city": "Казань"}).content.decode()
    assert _names(html)[0] == "Казанский Разработчик" and "Банковский Разработчик" not in html
    # A query by meaning with none of the resume's words.
    html = recruiter_client.get(url, {"q": "специалист по начислению зарплаты"}).content.decode()
    assert _names(html)[0] == "Зарплатная Бухгалтер"


def test_words_only_when_the_embedding_model_fails(recruiter_client: Client, gigachat, settings) -> None:
    _people(embed=False)
    settings.AI_PROVIDER_EMBEDDINGS = "gigachat"
    gigachat.fail_next("500", "500", "500", "500", path="/embeddings")
    html = recruiter_client.get(reverse("candidates:list"), {"q": "Kafka банк"}).content.decode()
    assert "Поиск по смыслу сейчас недоступен" in html
    names = _names(html)
    assert names[0] == "Банковский Разработчик"  # both words
    assert set(names) == {"Банковский Разработчик", "Игровой Разработчик", "Казанский Разработчик"}
    assert "часть слов запроса" in html and "все слова запроса" in html


def test_sort_by_match_score_for_a_vacancy_and_by_stage(recruiter_client: Client) -> None:
    people = _people(embed=False)
    vacancy = f.vacancy(title="Backend")
    scores = {"Банковский Разработчик": 91, "Игровой Разработчик": 40, "Казанский Разработчик": 75}
    stages = {
        "Банковский Разработчик": Stage.INVITED,
        "Игровой Разработчик": Stage.AWAITING_DECISION,
        "Казанский Разработчик": Stage.INTERVIEWING,
    }
    for name, score in scores.items():
        app = f.application(stage=stages[name], cand=people[name], vac=vacancy)
        type(app).objects.filter(pk=app.pk).update(match_score=score)
    url = reverse("candidates:list")
    html = recruiter_client.get(url, {"vacancy": vacancy.pk, "sort": "-match"}).content.decode()
    assert _names(html) == ["Банковский Разработчик", "Казанский Разработчик", "Игровой Разработчик"]
    assert "совпадение" in html
    html = recruiter_client.get(url, {"vacancy": vacancy.pk, "sort": "-stage"}).content.decode()
    assert _names(html) == ["Игровой Разработчик", "Казанский Разработчик", "Банковский Разработчик"]
