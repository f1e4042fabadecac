"""The offline parser on layouts that are not in the corpus (generalisation checks)."""

from __future__ import annotations

import io

import pytest

from candidates.intake.parser import parse_profile
from candidates.intake.pipeline import parse_resume_bytes
from candidates.intake.skills import canonicalise, find_in_text, tokens_to_skills

AS_OF = (2026, 11)

EN = """JOHN SMITH
Senior Backend Engineer
Location: Berlin, Germany | +49 151 23456789 | john.smith@example.com | github.com/jsmith

PROFESSIONAL SUMMARY
Backend engineer with 8 years of experience.

WORK EXPERIENCE
Senior Backend Engineer at Acme Corp
March 2019 – Present
- Built payment APIs in Go and Python.
Backend Developer, Globex Inc.
Jun 2016 – Feb 2019
- Django services.

EDUCATION
Technical University of Munich, M.Sc. Computer Science, 2016

TECHNICAL SKILLS
Python, Go, PostgreSQL, Kubernetes, AWS, Terraform

LANGUAGES
English — C2
German — B2
"""

RU_LABELS = """ИВАНОВА МАРИЯ ПЕТРОВНА
Дата рождения: 01.02.1990
Телефон: 8 (999) 123-45-67
E-mail: ivanova.mp@example.ru
Город: Санкт-Петербург

Желаемая должность: Менеджер по закупкам
Желаемая зарплата: 120 000 руб.

Опыт работы (7 лет)
Январь 2018 — по настоящее время
Компания: ООО «Ромашка»
Должность: Ведущий менеджер по закупкам
Обязанности: закупки сырья, работа с поставщиками.

2015 — 2017
Компания: АО «Лютик»
Должность: Менеджер по закупкам

Образование
2012, Санкт-Петербургский государственный экономический университет, экономист

Навыки
1С:УТ, Excel, ведение переговоров, 44-ФЗ, анализ рынка

Иностранные языки
Английский — intermediate
"""

T1 = """Петров Сергей Николаевич
Аналитик данных
+7 912 345 67 89, s.petrov@example.com, Екатеринбург

Опыт работы
Период | Компания | Должность
01.2021 — н.в. | ООО «Альфа Данные» | Ведущий аналитик данных
06.2018 — 12.2020 | ПАО «Банк Урал» | Аналитик

Ключевые навыки
SQL, Python, Power BI, Tableau, A/B тесты, Airflow
"""

T2 = """Anna Kowalski
Product Designer
anna.k@example.com · +7 (926) 000-11-22 · Moscow

EXPERIENCE
Lead Product Designer
Yandex Market, Moscow
Jan 2022 - Present
• Led redesign of checkout.

Product Designer
Ozon, Moscow
Sep 2019 - Dec 2021
• Designed seller tools.

SKILLS
Figma · Sketch · Prototyping · Design systems · UX research
"""

T3 = """Смирнова Екатерина
Маркетолог
Телефон: +7 (905) 111-22-33
Email: e.smirnova@example.org
Казань

Опыт работы:
ООО «Маркет Плюс», маркетолог, 2019–2022
ИП Иванов, SMM-специалист, 2017–2019

Навыки: SEO, SMM, Яндекс.Директ, Google Analytics, Tilda
"""


def _jobs(text: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(j.company, j.title, j.start, j.end) for j in parse_profile(text, as_of=AS_OF).jobs]


def test_english_header_first_layout() -> None:
    p = parse_profile(EN, as_of=AS_OF)
    assert p.full_name == "John Smith" and p.name_parts.first == "John"
    assert p.phone == "+4915123456789" and p.city == "Берлин"
    assert p.language == "en"
    assert _jobs(EN) == [
        ("Acme Corp", "Senior Backend Engineer", "2019-03", None),
        ("Globex Inc.", "Backend Developer", "2016-06", "2019-02"),
    ]
    assert p.total_experience_months == 93 + 33
    assert [(x.language, x.level) for x in p.languages] == [("en", "C2"), ("de", "B2")]


def test_labelled_russian_layout() -> None:
    p = parse_profile(RU_LABELS, as_of=AS_OF)
    assert p.full_name == "Иванова Мария Петровна"
    assert p.phone == "+79991234567" and p.city == "Санкт-Петербург"
    assert p.desired_position == "Менеджер по закупкам"
    assert p.desired_salary is not None and p.desired_salary.amount == 120000
    assert _jobs(RU_LABELS) == [
        ("ООО «Ромашка»", "Ведущий менеджер по закупкам", "2018-01", None),
        ("АО «Лютик»", "Менеджер по закупкам", "2015-01", "2017-12"),
    ]


def test_table_rows_with_pipes() -> None:
    assert _jobs(T1) == [
        ("ООО «Альфа Данные»", "Ведущий аналитик данных", "2021-01", None),
        ("ПАО «Банк Урал»", "Аналитик", "2018-06", "2020-12"),
    ]
    assert parse_profile(T1, as_of=AS_OF).skills[-2:] == ["A/B-тестирование", "Airflow"]


def test_two_line_job_headers_above_dates() -> None:
    assert _jobs(T2) == [
        ("Yandex Market", "Lead Product Designer", "2022-01", None),
        ("Ozon", "Product Designer", "2019-09", "2021-12"),
    ]


def test_dates_at_the_end_of_the_line() -> None:
    assert _jobs(T3) == [
        ("ООО «Маркет Плюс»", "маркетолог", "2019-01", "2022-12"),
        ("ИП Иванов", "SMM-специалист", "2017-01", "2019-12"),
    ]
    assert parse_profile(T3, as_of=AS_OF).total_experience_months == 72


def test_docx_key_value_table() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for key, value in [
        ("ФИО", "Кузьмин Олег Игоревич"),
        ("Телефон", "8 916 000 00 01"),
        ("Город", "Самара"),
        ("Желаемая должность", "Инженер-конструктор"),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    document.add_paragraph("Опыт работы")
    document.add_paragraph("Март 2020 — по настоящее время")
    document.add_paragraph("АО «Завод Прогресс» — Инженер-конструктор")
    buf = io.BytesIO()
    document.save(buf)
    outcome = parse_resume_bytes(buf.getvalue(), "cv.docx")
    assert outcome.ok
    p = outcome.profile
    assert p["full_name"] == "Кузьмин Олег Игоревич"
    assert p["phone"] == "+79160000001" and p["city"] == "Самара"
    assert p["desired_position"] == "Инженер-конструктор"
    assert p["last_company"] == "АО «Завод Прогресс»"


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Postgres", ["PostgreSQL"]),
        ("JS/TS", ["JavaScript", "TypeScript"]),
        ("1C:ЗУП 3.1", ["1С:ЗУП"]),
        ("SQL (PostgreSQL)", ["SQL", "PostgreSQL"]),
        ("Python (базово)", ["Python"]),
        ("Prometheus + Grafana", ["Prometheus", "Grafana"]),
        ("Собственный навык", ["Собственный навык"]),
    ],
)
def test_skill_synonyms(item: str, expected: list[str]) -> None:
    assert canonicalise(item) == expected


def test_skill_tags_and_free_text() -> None:
    assert tokens_to_skills("Python FastAPI Django Framework DRF Руководство командой") == [
        "Python",
        "FastAPI",
        "Django",
        "Django REST Framework",
        "Руководство командой",
    ]
    assert find_in_text("опыт расчёта заработной платы в 1С:ЗУП 3.1") == ["Расчёт заработной платы", "1С:ЗУП"]


def _vacancy_cases() -> list[tuple[str, dict]]:
    import json

    from tests.conftest import CORPUS

    cases = []
    for folder in (CORPUS / "vacancies", CORPUS / "pools" / "vacancies"):
        truth = json.loads((folder / "truth.json").read_text())["vacancies"]
        cases += [(str(folder / name), want) for name, want in truth.items()]
    return cases


@pytest.mark.parametrize(
    ("path", "want"), _vacancy_cases(), ids=lambda x: x.rsplit("/", 1)[-1] if isinstance(x, str) else ""
)
def test_corpus_vacancy_fields(path: str, want: dict) -> None:
    from pathlib import Path

    from candidates.intake.pipeline import parse_file
    from candidates.intake.vacancy import vacancy_form_initial

    outcome = parse_file(Path(path), kind="vacancy")
    assert outcome.ok
    got = outcome.profile
    for key in ("title", "seniority", "location", "remote", "work_format", "salary_from", "salary_to", "currency"):
        assert got[key] == want[key], key
    assert got["min_experience_years"] == want["min_experience_years"]
    flat = {x for item in got["must_have"] for x in ([item] if isinstance(item, str) else item)}
    wanted = {x for item in want["must_have"] for x in ([item] if isinstance(item, str) else item)}
    assert len(flat & wanted) >= 0.4 * len(wanted)
    initial, error = vacancy_form_initial(Path(path).read_bytes(), Path(path).name)
    assert not error and initial["title"] == want["title"] and initial["city"] == (want["location"] or "")
