"""«Создать из файла»: a vacancy posting is parsed by intake into the vacancy form for a
person to review; nothing is saved until he presses «Сохранить»; a bad file says why in
Russian and loses nothing already typed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import CORPUS
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db
VACANCIES = CORPUS / "vacancies"


def _file(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def _postings() -> list:
    return sorted(p for p in VACANCIES.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))


def test_the_list_page_offers_creating_from_a_file(recruiter_client: Client) -> None:
    html = recruiter_client.get(reverse("vacancies:list")).content.decode()
    assert (
        "Создать из файла" in html
        and 'name="vacancy_file"' in html
        and "disabled" not in html.split("Создать из файла")[0][-200:]
    )


@pytest.mark.parametrize("path", _postings(), ids=lambda p: p.name)
def test_a_posting_prefills_the_form_and_saves_nothing(recruiter_client: Client, path) -> None:
    response = recruiter_client.post(reverse("vacancies:create"), {"vacancy_file": _file(path)})
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound and form.initial["title"]
    assert form.initial.get("must_have_text") or form.initial.get("nice_to_have_text")
    assert "Проверьте их" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_the_reviewed_draft_saves_as_a_vacancy(recruiter_client: Client, manager) -> None:
    path = _postings()[0]
    draft = recruiter_client.post(reverse("vacancies:create"), {"vacancy_file": _file(path)}).context["form"]
    data = {name: draft.initial.get(name, field.initial) for name, field in draft.fields.items()}
    data = {k: v for k, v in data.items() if v is not None}
    data["hiring_manager"] = manager.pk
    data["interview_minutes"] = data.get("interview_minutes") or 30
    response = recruiter_client.post(reverse("vacancies:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    vacancy = Vacancy.objects.get()
    assert vacancy.title == draft.initial["title"] and vacancy.must_have


def test_a_bad_file_says_why_and_keeps_what_was_typed(recruiter_client: Client) -> None:
    response = recruiter_client.post(
        reverse("vacancies:create"),
        {
            "title": "Аналитик данных",
            "city": "Казань",
            "parse": "1",
            "vacancy_file": SimpleUploadedFile("vacancy.pdf", b"this is not a pdf at all"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Файл не удалось разобрать" in html
    assert 'value="Аналитик данных"' in html and 'value="Казань"' in html
    assert not Vacancy.objects.exists()


def test_a_wrong_extension_is_refused_in_russian(recruiter_client: Client) -> None:
    response = recruiter_client.post(
        reverse("vacancies:create"), {"vacancy_file": SimpleUploadedFile("vacancy.exe", b"MZ")}
    )
    assert "TXT, DOCX или PDF" in response.content.decode()
