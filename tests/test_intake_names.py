"""The person's name wherever documents put it, and documents without a person refused."""

from __future__ import annotations

import io

import pytest

from candidates.intake.errors import ErrorCode
from candidates.intake.process import parse_resume_bytes

BODY = [
    "Опыт работы",
    "Бухгалтер, ООО «Север»",
    "Март 2019 — настоящее время",
    "• Расчёт заработной платы",
    "Навыки",
    "1С:ЗУП, Excel",
]
EN_BODY = [
    "Experience",
    "Data Analyst, Northwind Group",
    "March 2020 – Present",
    "• Dashboards in Tableau",
    "Skills",
    "SQL, Python, Tableau",
]


def _txt(lines: list[str], name: str = "cv.txt") -> dict:
    outcome = parse_resume_bytes("\n".join(lines).encode(), name)
    assert outcome.ok, outcome.error_code
    return outcome.profile


@pytest.mark.parametrize(
    ("top", "want"),
    [
        (["PRIYA RAMAN", "Data Analyst", "priya.raman@example.com"], "Priya Raman"),
        (["Jan Kowalski | Senior Data Engineer | jan.k@example.com"], "Jan Kowalski"),
        (["John A. Smith", "john.smith@example.com · +1 415 555 0100"], "John Smith"),
        (["Tariq Olawale", "Business Analyst", "tariq.o@example.com"], "Tariq Olawale"),
        (["Northwind Group", "Oluwaseun Adeyemi", "seun@example.com"], "Oluwaseun Adeyemi"),
    ],
)
def test_latin_names_at_the_top_of_english_cvs(top: list[str], want: str) -> None:
    assert _txt([*top, *EN_BODY])["full_name"] == want


def test_a_job_title_or_an_organisation_is_never_the_name() -> None:
    profile = _txt(["Senior Data Analyst", "Northwind Group", "analyst@example.com", *EN_BODY])
    assert profile["full_name"] is None


@pytest.mark.parametrize(
    "form",
    [
        ["Фамилия, имя, отчество | Петренко Ольга Викторовна", "Дата рождения | 01.02.1990"],
        ["Фамилия, имя, отчество:", "Петренко Ольга Викторовна", "Телефон: +7 912 000-11-22"],
        ["ФИО (полностью): Петренко Ольга Викторовна"],
        ["Фамилия: Петренко", "Имя: Ольга", "Отчество: Викторовна"],
    ],
)
def test_names_after_questionnaire_labels(form: list[str]) -> None:
    profile = _txt(["АНКЕТА СОИСКАТЕЛЯ", *form, *BODY])
    assert profile["full_name"] == "Петренко Ольга Викторовна"
    assert profile["name_parts"] == {"last": "Петренко", "first": "Ольга", "middle": "Викторовна"}


def _docx(*, header: str = "", footer: str = "", author: str = "", body: list[str] = BODY) -> bytes:
    import docx

    document = docx.Document()
    for line in ["+7 912 000-11-22", *body]:
        document.add_paragraph(line)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    document.core_properties.author = author
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("kwargs", "want"),
    [
        ({"header": "Иванова Мария Сергеевна · Главный бухгалтер"}, "Иванова Мария Сергеевна"),
        ({"footer": "Иванова Мария Сергеевна — резюме"}, "Иванова Мария Сергеевна"),
        ({"author": "Ковалёв Денис"}, "Ковалёв Денис"),
        ({"author": "Microsoft Office User"}, None),
    ],
)
def test_names_outside_the_docx_body(kwargs: dict, want: str | None) -> None:
    outcome = parse_resume_bytes(_docx(**kwargs), "cv.docx")
    assert outcome.ok
    assert outcome.profile["full_name"] == want


def test_the_file_name_is_the_last_hint() -> None:
    assert _txt(["+7 912 000-11-22", *BODY], "Резюме_Соколов_Артём_бухгалтер.txt")["full_name"] == "Соколов Артём"
    assert _txt(["+7 912 000-11-22", *BODY], "Резюме_бухгалтер_2024.txt")["full_name"] is None


def test_a_document_without_a_person_is_not_a_resume() -> None:
    catalogue = [
        "Каталог курсов на весну",
        "Основы Python — 12 занятий, 2024–2025 гг.",
        "Аналитика данных в Excel и Power BI — 8 занятий",
        "Управление проектами по Agile — 6 занятий",
        "Стоимость каждого курса указана на сайте школы.",
    ]
    outcome = parse_resume_bytes("\n".join(catalogue).encode(), "catalogue.txt")
    assert not outcome.ok
    assert outcome.error_code == ErrorCode.NOT_A_RESUME
    assert "не похоже на резюме" in outcome.error_message


@pytest.mark.parametrize(
    ("top", "want"),
    [
        (["ANDREY", "SOLODOV", "Front-end Web Developer"], "Andrey Solodov"),
        (["Анастасия", "Шолохова, 20 лет."], "Анастасия Шолохова"),
        (["Сарыгбай Долана", "Владимировна", "Женщина, 29 лет"], "Сарыгбай Долана"),
    ],
)
def test_a_name_set_over_two_lines(top: list[str], want: str) -> None:
    assert _txt([*top, "anna@example.com", *BODY])["full_name"] == want


@pytest.mark.parametrize(
    ("top", "want"),
    [
        # A label as a list item.
        (
            ["Контактная информация:", "- Имя: Петренко Ольга Викторовна", "- Телефон: +7 912 000-11-22"],
            "Петренко Ольга Викторовна",
        ),
        # The name inside the introduction, under an «About Me» heading that is not a name.
        (["About Me", "Hi! My name is Tariq Olawale. I am a data analyst", "tariq.o@example.com"], "Tariq Olawale"),
        (["Обо мне", "Привет! Меня зовут Анна Петрова, я бухгалтер", "anna@example.com"], "Анна Петрова"),
        # A token that is not a word after the name.
        (["Кисель Владислав GMT+3", "vk@example.com"], "Кисель Владислав"),
        # Two columns read into one line: the name, then the other column's heading.
        (["Прошкина Ирина Личная информация", "Email: ip@example.com"], "Прошкина Ирина"),
        # A Latin name in capitals over two lines that no first-name list knows.
        (["RAMIL", "ALIYAKBEROV", "Full stack Web Developer", "r@example.com"], "Ramil Aliyakberov"),
    ],
)
def test_names_in_real_layouts(top: list[str], want: str) -> None:
    body = EN_BODY if top[0].isascii() else BODY
    assert _txt([*top, *body])["full_name"] == want


def test_a_section_heading_is_never_the_name() -> None:
    profile = _txt(["About Me", "Motivated analyst with five years of experience", "me@example.com", *EN_BODY])
    assert profile["full_name"] is None
