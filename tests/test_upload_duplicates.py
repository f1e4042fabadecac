"""A person uploaded again is caught at upload (same e-mail, phone, name with birth date,
or nearly the same text) and the resume joins the existing candidate, marked in the
table; different people stay apart; a merge re-points the deleted duplicate's queued
tasks and a task that still names him runs for the kept person."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_q.models import OrmQ
from django_q.tasks import async_task

from candidates.intake import services
from candidates.intake.duplicates import birth_date, text_similarity
from candidates.models import Candidate, CandidateMerge, MergeReason, Resume, ResumeStatus
from candidates.selectors import candidate_resolve
from matching.tasks import candidate_matching_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sync_queue(monkeypatch: pytest.MonkeyPatch, settings) -> None:  # type: ignore[no-untyped-def]
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    settings.INTAKE_AS_OF = "2026-11"


def _resume(name: str, *, email: str = "", phone: str = "", born: str = "", job: str = "ООО «Ромашка»") -> bytes:
    """A synthetic plain-text resume."""
    lines = [name, "Python-разработчик"]
    if phone:
        lines.append(f"Телефон: {phone}")
    if email:
        lines.append(f"E-mail: {email}")
    if born:
        lines.append(f"Дата рождения: {born}")
    lines += [
        "Город: Казань",
        "",
        "ОПЫТ РАБОТЫ",
        "03.2021 — н.в.",
        f"{job}, Python-разработчик",
        "  * Разрабатывал сервисы учёта заказов на Django и PostgreSQL, писал миграции и индексы.",
        "  * Настроил очередь задач на Celery и Redis, время обработки заказа сократилось вдвое.",
        "  * Покрыл тестами pytest основные сценарии оплаты и возвратов.",
        "",
        "НАВЫКИ",
        "Python, Django, PostgreSQL, Redis, Celery, Docker, Git",
    ]
    return "\n".join(lines).encode("utf-8")


def _upload(client, name: str, data: bytes, commit) -> Resume:  # type: ignore[no-untyped-def]
    with commit(execute=True):
        response = client.post(reverse("intake:upload"), {"files": [SimpleUploadedFile(name, data)]})
    assert response.status_code == 302
    resume = Resume.objects.order_by("-pk").first()
    assert resume.status == ResumeStatus.DONE, resume.error_message
    return resume


def test_the_birth_date_and_text_likeness_readers() -> None:
    assert str(birth_date("Иван\nДата рождения: 05.04.1991\n")) == "1991-04-05"
    assert str(birth_date("Родилась 7 марта 1988 г.")) == "1988-03-07"
    assert str(birth_date("Date of birth: 12/11/1990")) == "1990-11-12"
    assert birth_date("Опыт: 05.04.1991 — 2020") is None  # a date without the label says nothing
    text = _resume("Иванов Иван").decode()
    assert text_similarity(text, text.replace("вдвое", "в два раза")) >= 0.95
    assert text_similarity(text, _resume("Иванов Иван", job="АО «Лютик»").decode()) >= 0.95
    assert text_similarity(text, "Совсем другое резюме про бухгалтерию и 1С") == 0.0


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        (
            {"email": "ivan.petrov@example.com", "phone": "+7 900 111-22-33"},
            {"email": "IVAN.PETROV@example.com", "phone": "+7 900 999-88-77", "job": "АО «Лютик»"},
            MergeReason.EMAIL,
        ),
        (
            {"email": "old@example.com", "phone": "+7 900 111-22-33"},
            {"email": "new@example.com", "phone": "8 (900) 111-22-33", "job": "АО «Лютик»"},
            MergeReason.PHONE,
        ),
        ({"born": "05.04.1991"}, {"born": "05.04.1991", "job": "АО «Лютик»"}, MergeReason.NAME_BIRTH),
        ({}, {"job": "АО «Лютик»"}, MergeReason.TEXT),
    ],
)
def test_the_same_person_uploaded_again_joins_the_known_candidate(  # type: ignore[no-untyped-def]
    recruiter_client, django_capture_on_commit_callbacks, first, second, reason
) -> None:
    one = _upload(
        recruiter_client, "petrov.txt", _resume("Петров Иван Сергеевич", **first), django_capture_on_commit_callbacks
    )
    two = _upload(
        recruiter_client, "petrov-2.txt", _resume("Петров Иван Сергеевич", **second), django_capture_on_commit_callbacks
    )
    assert Candidate.objects.count() == 1 and two.candidate_id == one.candidate_id
    merge = CandidateMerge.objects.get()
    assert merge.reason == reason and merge.resume_id == two.pk
    assert two.flags["merged_into"] == {"candidate_id": one.candidate_id, "reason": reason}
    one.refresh_from_db()
    assert two.is_current and not one.is_current
    table = recruiter_client.get(reverse("candidates:list")).content.decode()
    assert 'data-merged="1"' in table and "объединён с дубликатом" in table
    batch = recruiter_client.get(reverse("intake:batch", args=[two.batch_id])).content.decode()
    assert "Уже был в базе" in batch


def test_name_and_birth_date_without_contacts(recruiter_client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    commit = django_capture_on_commit_callbacks
    _upload(recruiter_client, "a.txt", _resume("Сидорова Анна Павловна", born="7 марта 1988"), commit)
    other = (
        "Сидорова Анна Павловна\nБухгалтер\nДата рождения: 07.03.1988\nГород: Казань\n\nОПЫТ РАБОТЫ\n"
        "01.2015 — н.в.\nООО «Счёт», главный бухгалтер\n  * Вела учёт в 1С:Бухгалтерии, сдавала отчётность в ФНС.\n"
    ).encode()
    two = _upload(recruiter_client, "b.txt", other, commit)
    assert Candidate.objects.count() == 1
    assert CandidateMerge.objects.get().reason == MergeReason.NAME_BIRTH and two.flags["merged_into"]


def test_namesakes_and_strangers_stay_apart(recruiter_client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    commit = django_capture_on_commit_callbacks
    _upload(recruiter_client, "a.txt", _resume("Кузнецов Олег", born="01.01.1990"), commit)
    namesake = (
        "Кузнецов Олег\nМенеджер по продажам\nДата рождения: 02.02.1985\n\nОПЫТ РАБОТЫ\n"
        "01.2018 — н.в.\nООО «Торг», менеджер по продажам\n  * Вёл 40 клиентов B2B, выполнял план на 120%.\n"
    ).encode()
    _upload(recruiter_client, "b.txt", namesake, commit)
    _upload(recruiter_client, "c.txt", _resume("Андреев Павел", email="pavel@example.com", job="ООО «Тест»"), commit)
    assert Candidate.objects.count() == 3 and not CandidateMerge.objects.exists()
    assert 'data-merged="' not in recruiter_client.get(reverse("candidates:list")).content.decode()


def test_a_merge_redirects_the_deleted_duplicates_queued_tasks(  # type: ignore[no-untyped-def]
    monkeypatch, recruiter, django_capture_on_commit_callbacks
) -> None:
    from django_q.conf import Conf

    keep = Candidate.objects.create(full_name="Оставленный Кандидат", email="keep@example.com")
    gone = Candidate.objects.create(full_name="Оставленный Кандидат")
    other = Candidate.objects.create(full_name="Другой Человек")
    monkeypatch.setattr(Conf, "SYNC", False)
    async_task("matching.tasks.candidate_matching_task", gone.pk)
    async_task("matching.tasks.candidate_matching_task", other.pk)
    async_task("matching.tasks.vacancy_matching_task", gone.pk)  # a vacancy id that happens to match: untouched

    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_merge(keep=keep, merge=gone, actor=recruiter)
    queued = sorted((row.task["func"], tuple(row.task["args"])) for row in OrmQ.objects.all())
    assert queued == sorted(
        [
            ("matching.tasks.candidate_matching_task", (keep.pk,)),
            ("matching.tasks.candidate_matching_task", (other.pk,)),
            ("matching.tasks.vacancy_matching_task", (gone.pk,)),
        ]
    )
    # A task already handed to a worker (or queued in Redis) resolves the id itself.
    assert candidate_resolve(gone.pk) == keep.pk and candidate_resolve(keep.pk) == keep.pk
    assert isinstance(candidate_matching_task(gone.pk), int)
    other.delete()  # erased, not merged: nothing to do, and not a failure
    assert candidate_resolve(other.pk) is None and candidate_matching_task(other.pk) == 0
    assert CandidateMerge.objects.get(merged_id=gone.pk).reason == MergeReason.MANUAL
