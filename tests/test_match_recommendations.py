"""Stored vectors, HNSW recommendations re-ranked by the explained score, the tasks that
keep them fresh, fairness at the service level and constant query counts.

Resumes go through the real intake parser and the real embedding model (short texts, so
each embeds in well under a second)."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from candidates.intake.process import parse_resume_bytes
from candidates.models import Application, Candidate, Resume, ResumeStatus
from candidates.pipeline import Stage
from hrcrm.ai import embeddings as ai
from matching import services as ms
from matching.models import MatchScore
from matching.selectors import recommended_candidates, recommended_vacancies
from tests import factories
from vacancies.models import Vacancy, VacancyStatus

PYTHON_DEV = """{name}
Python-разработчик
Москва
Опыт работы
Senior Python-разработчик, ООО «Платёжные системы»
01.2019 — по настоящее время
Разработка платёжных сервисов на Python, Django и FastAPI, PostgreSQL, Redis, Docker, Kubernetes.
Python-разработчик, ООО «Ромашка»
03.2016 — 12.2018
Backend на Django, PostgreSQL, Celery.
Навыки
Python, Django, FastAPI, PostgreSQL, Redis, Docker, Kubernetes, Git
"""

QA = """{name}
Инженер по тестированию
Москва
Опыт работы
Инженер по ручному тестированию, ООО «Тест»
02.2021 — по настоящее время
Ручное тестирование веб-приложений, тест-кейсы, баг-репорты в Jira.
Навыки
Тест-кейсы, Jira, SQL
"""

ACCOUNTANT = """{name}
Бухгалтер по расчёту заработной платы
Москва
Опыт работы
Бухгалтер, ООО «Гранит»
05.2015 — по настоящее время
Расчёт заработной платы, отпускных и больничных в 1С:ЗУП, отчётность в СФР.
Навыки
1С:ЗУП, расчёт заработной платы, кадровый учёт
"""


@pytest.fixture(autouse=True)
def _as_of(settings) -> None:
    settings.INTAKE_AS_OF = "2026-11"


def with_resume(text: str, **fields: object) -> Candidate:
    """A candidate whose current resume was parsed by intake's offline parser."""
    outcome = parse_resume_bytes(text.encode(), "resume.txt")
    assert outcome.ok
    candidate = factories.candidate(full_name=outcome.profile["full_name"] or "Кандидат", **fields)
    Resume.objects.create(
        candidate=candidate,
        original_name="resume.txt",
        sha256="x",
        status=ResumeStatus.DONE,
        extracted_text=outcome.text,
        profile=outcome.profile,
        is_current=True,
    )
    return candidate


def python_vacancy(**fields: object) -> Vacancy:
    defaults: dict[str, object] = {
        "title": "Senior Python-разработчик (платежи)",
        "description": "Разрабатываем платёжную платформу на Python.",
        "must_have": ["Python", ["Django", "FastAPI"], "PostgreSQL"],
        "nice_to_have": ["Kubernetes"],
        "min_experience_years": 4,
        "seniority": "senior",
        "city": "Москва",
        "work_format": "hybrid",
    }
    defaults.update(fields)
    return factories.vacancy(**defaults)


def embed_all(*objs: Candidate | Vacancy) -> None:
    for obj in objs:
        if isinstance(obj, Candidate):
            ms.candidate_embed(candidate_id=obj.pk)
        else:
            ms.vacancy_embed(vacancy_id=obj.pk)
        obj.refresh_from_db()


@pytest.mark.django_db
def test_vectors_are_stored_with_their_model_and_not_recomputed_for_the_same_text() -> None:
    dev = with_resume(PYTHON_DEV.format(name="Иванов Пётр Сергеевич"))
    assert ms.candidate_embed(candidate_id=dev.pk).embedded
    dev.refresh_from_db()
    assert dev.embedding_model == ai.embedding_model()
    assert dev.embedding_dimensions == len(dev.embedding) == ai.embedding_dimensions()
    assert not ms.candidate_embed(candidate_id=dev.pk).embedded  # same text, current model
    # A vector of another model is not compared with current ones and gets re-embedded.
    Candidate.objects.filter(pk=dev.pk).update(embedding_model="old-model")
    vacancy = python_vacancy()
    embed_all(vacancy)
    assert ms.nearest_candidates(vacancy, limit=5) == []
    assert ms.candidate_embed(candidate_id=dev.pk).embedded
    assert [pk for pk, _ in ms.nearest_candidates(vacancy, limit=5)] == [dev.pk]


@pytest.mark.django_db
def test_recommendations_both_ways_are_nearest_neighbours_reranked_by_the_full_score() -> None:
    dev = with_resume(PYTHON_DEV.format(name="Иванов Пётр Сергеевич"))
    qa = with_resume(QA.format(name="Сидорова Анна Павловна"))
    accountant = with_resume(ACCOUNTANT.format(name="Кузнецова Ольга Игоревна"))
    in_pipeline = with_resume(PYTHON_DEV.format(name="Орлов Максим Витальевич"))
    hired = with_resume(PYTHON_DEV.format(name="Фомин Артур Андреевич"))
    vacancy = python_vacancy()
    other = factories.vacancy(title="Бухгалтер по расчёту заработной платы", must_have=["1С:ЗУП"], city="Москва")
    closed = python_vacancy(status=VacancyStatus.CLOSED)
    embed_all(dev, qa, accountant, in_pipeline, hired, vacancy, other, closed)
    factories.application(cand=in_pipeline, vac=vacancy)
    factories.application(cand=hired, vac=other)
    Application.objects.filter(candidate=hired).update(stage=Stage.ACCEPTED)

    recs = recommended_candidates(vacancy.pk, limit=10)
    assert recs.computed
    ids = [m.candidate_id for m in recs.items]
    assert ids[0] == dev.pk
    assert in_pipeline.pk not in ids and hired.pk not in ids  # in the pipeline / hired elsewhere
    assert set(ids) == {dev.pk, qa.pk, accountant.pk}
    top = recs.items[0]
    assert top.score >= 80 > recs.items[-1].score
    assert "3 из 3 обязательных" in top.reasons[0]
    assert {p.key for p in top.parts} >= {"must_have", "experience", "semantic", "location"}
    assert sum(p.weight for p in top.parts) == 100
    assert "Python" in top.matched_skills
    assert recs.items[-1].missing_skills

    for_dev = recommended_vacancies(dev.pk, limit=5)
    assert for_dev.computed
    assert [m.vacancy_id for m in for_dev.items] == [vacancy.pk, other.pk]  # closed one left out
    assert for_dev.items[0].score > for_dev.items[1].score
    assert recommended_vacancies(in_pipeline.pk).items[0].vacancy_id == other.pk  # already in vacancy's pipeline


@pytest.mark.django_db
def test_not_computed_until_a_vector_exists() -> None:
    vacancy = python_vacancy()
    cand = with_resume(QA.format(name="Сидорова Анна Павловна"))
    assert not recommended_candidates(vacancy.pk).computed
    assert not recommended_vacancies(cand.pk).computed


@pytest.mark.django_db
def test_filtered_search_returns_as_many_rows_as_asked_when_enough_exist() -> None:
    # Most neighbours are filtered out (in the pipeline); iterative scans keep looking.
    vacancy = python_vacancy()
    dev = with_resume(PYTHON_DEV.format(name="Иванов Пётр Сергеевич"))
    embed_all(vacancy, dev)
    base = np.asarray(dev.embedding)
    rng = np.random.default_rng(7)
    rows = []
    for i in range(60):
        # Neighbours spread around the resume in every direction: copies that differ in
        # one coordinate only are so alike that HNSW leaves some of them unreachable.
        vec = base + rng.normal(0.0, 0.02, base.shape)
        vec = (vec / np.linalg.norm(vec)).tolist()
        rows.append(
            Candidate(
                full_name=f"Копия {i}", embedding=vec, embedding_model=dev.embedding_model, embedding_dimensions=384
            )
        )
    made = Candidate.objects.bulk_create(rows)
    Application.objects.bulk_create([Application(candidate=c, vacancy=vacancy) for c in made[:55]])
    with connection.cursor() as cursor:
        # Rolled-back rows of earlier tests stay in the HNSW graph until VACUUM; rebuild it
        # so the test sees a clean index, and make the planner use it on this tiny table.
        cursor.execute("REINDEX INDEX candidate_embedding_hnsw_384")
        cursor.execute("SET enable_seqscan = off")
    found = ms.nearest_candidates(vacancy, limit=6)
    assert len(found) == 6
    assert {pk for pk, _ in found} == {dev.pk, *(c.pk for c in made[55:])}


@pytest.fixture
def sync_queue(monkeypatch: pytest.MonkeyPatch, settings):
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    settings.MATCHING_REFRESH_ON_CHANGE = True


@pytest.mark.django_db
def test_parsed_resume_and_saved_vacancy_refresh_vectors_and_scores(
    sync_queue, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from candidates.intake.services import upload_batch_create

    with django_capture_on_commit_callbacks(execute=True):
        vacancy = python_vacancy()  # saved → embedded by the task
    vacancy.refresh_from_db()
    assert vacancy.embedding is not None and vacancy.embedding_model == ai.embedding_model()

    text = PYTHON_DEV.format(name="Иванов Пётр Сергеевич").encode()
    with django_capture_on_commit_callbacks(execute=True):
        upload_batch_create(files=[SimpleUploadedFile("ivanov.txt", text)], actor=None)
    candidate = Candidate.objects.get()
    assert candidate.embedding is not None
    stored = MatchScore.objects.get(candidate=candidate, vacancy=vacancy)
    assert stored.score >= 80 and stored.result["ru"]["explanation"]

    with django_capture_on_commit_callbacks(execute=True):
        app = factories.application(cand=candidate, vac=vacancy)
    app.refresh_from_db()
    assert app.match_score == round(stored.score)

    # The vacancy changes: the stored scores and the application's score follow.
    with django_capture_on_commit_callbacks(execute=True):
        vacancy.must_have = ["Go", "gRPC"]
        vacancy.save()
    app.refresh_from_db()
    assert app.match_score < round(stored.score)
    assert MatchScore.objects.get(candidate=candidate, vacancy=vacancy).score == pytest.approx(app.match_score, abs=0.5)


@pytest.mark.django_db
def test_protected_attributes_swapped_leave_the_stored_score_unchanged() -> None:
    header_a = "Мужчина, 34 года, родился 5 августа 1992\nГражданство: Россия\nЖенат, есть дети\n"
    header_b = "Женщина, 52 года, родилась 1 марта 1974\nГражданство: Казахстан\nНе замужем\n"
    body = PYTHON_DEV.format(name="Иванов Пётр Сергеевич")
    first_line, rest = body.split("\n", 1)
    a = with_resume(f"{first_line}\n{header_a}{rest}")
    b = with_resume(f"{first_line}\n{header_b}{rest}")
    vacancy = python_vacancy()
    embed_all(a, b, vacancy)
    assert a.embedding_hash == b.embedding_hash  # the embedded text is the same
    ms.vacancy_matches_refresh(vacancy_id=vacancy.pk)
    score_a = MatchScore.objects.get(candidate=a, vacancy=vacancy)
    score_b = MatchScore.objects.get(candidate=b, vacancy=vacancy)
    assert score_a.score == score_b.score
    assert score_a.result == score_b.result


def _count(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_recommendation_queries_do_not_grow_with_the_number_of_candidates() -> None:
    vacancy = python_vacancy()
    dev = with_resume(PYTHON_DEV.format(name="Иванов Пётр Сергеевич"))
    qa = with_resume(QA.format(name="Сидорова Анна Павловна"))
    embed_all(vacancy, dev, qa)
    few_c = _count(lambda: recommended_candidates(vacancy.pk))
    few_v = _count(lambda: recommended_vacancies(dev.pk))
    for i in range(5):
        extra = with_resume(ACCOUNTANT.format(name=f"Кузнецова Ольга {'ИВАНОВНА'[: i + 3].title()}"))
        Candidate.objects.filter(pk=extra.pk).update(
            embedding=qa.embedding, embedding_model=qa.embedding_model, embedding_dimensions=384
        )
        other = python_vacancy(title=f"Python-разработчик {i}")
        Vacancy.objects.filter(pk=other.pk).update(
            embedding=vacancy.embedding, embedding_model=vacancy.embedding_model, embedding_dimensions=384
        )
    assert len(recommended_candidates(vacancy.pk).items) == 7
    assert _count(lambda: recommended_candidates(vacancy.pk)) == few_c
    assert _count(lambda: recommended_vacancies(dev.pk)) == few_v
    # With stored scores the missing-pair path is skipped; the count stays the same or less.
    ms.vacancy_matches_refresh(vacancy_id=vacancy.pk)
    assert _count(lambda: recommended_candidates(vacancy.pk)) <= few_c


@pytest.mark.django_db
def test_switching_to_gigachat_embeddings_re_embeds_at_1024_dimensions_and_still_recommends(gigachat, settings) -> None:
    dev = with_resume(PYTHON_DEV.format(name="Иванов Пётр Сергеевич"))
    qa = with_resume(QA.format(name="Сидорова Анна Павловна"))
    accountant = with_resume(ACCOUNTANT.format(name="Кузнецова Ольга Игоревна"))
    vacancy = python_vacancy()
    embed_all(dev, qa, accountant, vacancy)
    assert dev.embedding_dimensions == 384
    settings.AI_PROVIDER_EMBEDDINGS = "gigachat"  # the fake speaks GigaChat's /embeddings: 1024 numbers
    # Vectors of the old model are never compared with the new one's.
    assert not recommended_candidates(vacancy.pk).computed

    out = StringIO()
    call_command("reembed", stdout=out)
    report = out.getvalue()
    assert "gigachat/Embeddings (1024 dimensions)" in report
    assert "candidates: 3/3" in report and "vacancies: 1/1" in report and "scores: 1/1" in report
    for obj in (dev, qa, accountant, vacancy):
        obj.refresh_from_db()
        assert (obj.embedding_model, obj.embedding_dimensions, len(obj.embedding)) == (
            "gigachat/Embeddings",
            1024,
            1024,
        )

    recs = recommended_candidates(vacancy.pk)
    assert recs.computed and recs.items[0].candidate_id == dev.pk
    assert {m.candidate_id for m in recs.items} == {dev.pk, qa.pk, accountant.pk}
    assert MatchScore.objects.filter(vacancy=vacancy, candidate=dev).exists()  # re-scored
    # The search goes through the 1024-dimension HNSW index (hrcrm/vectors.py).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = ms.candidates_near_query(vacancy, limit=5).explain()
    assert "candidate_embedding_hnsw_1024" in plan
    # A second run has nothing left to do.
    out = StringIO()
    call_command("reembed", "--no-rescore", stdout=out)
    assert "candidates: nothing to do" in out.getvalue() and "vacancies: nothing to do" in out.getvalue()
