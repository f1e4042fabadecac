"""The offline parser on layouts that are not in the corpus (generalisation checks)."""

from __future__ import annotations

import io

import pytest

from candidates.intake.parser import parse_profile
from candidates.intake.process import parse_resume_bytes
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

    from vacancies.parsing import parse_vacancy_file, vacancy_form_initial

    outcome = parse_vacancy_file(Path(path))
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


# --- layouts seen outside the corpus: headings with totals, one-line rows, labels -----------


def _resume(*blocks: str) -> str:
    return "\n".join(["Орлова Дина Сергеевна", "dina.orlova@example.org", "", *blocks])


@pytest.mark.parametrize(
    "heading",
    [
        "Опыт работы: 3 года 5 месяцев",
        "Опыт работы 4 года",
        "Опыт — 6 лет 1 месяц",
        "ОПЫТ РАБОТЫ: более 5 лет",
        "Work experience: 3 years",
        "Experience — 4 yrs",
    ],
)
def test_experience_heading_followed_by_its_total(heading: str) -> None:
    text = _resume(heading, "", "Март 2021 — по настоящее время", "АО «Вектор», логист", "Навыки: Excel, 1С")
    assert _jobs(text) == [("АО «Вектор»", "логист", "2021-03", None)]


def test_a_sentence_about_experience_is_not_a_heading() -> None:
    from candidates.intake.sections import detect_heading

    assert detect_heading("Опыт 5 лет в логистике и складском учёте") is None
    assert detect_heading("Образование: высшее") is None  # a header fact, not the section


def test_stated_total_after_a_colon_when_no_dates_parse() -> None:
    text = _resume("Опыт работы: 2 года 4 месяца", "", "Складской учёт, приёмка товара.")
    assert parse_profile(text, as_of=AS_OF).total_experience_months == 28


def test_jobs_are_read_without_an_experience_heading() -> None:
    text = _resume(
        "Логист",
        "",
        "ООО «Северный путь» — старший логист",
        "05.2022 — н.в.",
        "",
        "Образование",
        "Омский государственный университет, 2016 — 2020, «Логистика»",
    )
    p = parse_profile(text, as_of=AS_OF)
    assert [(j.company, j.title, j.start) for j in p.jobs] == [("ООО «Северный путь»", "старший логист", "2022-05")]
    assert p.education and p.education[0].year == 2020


@pytest.mark.parametrize("heading", ["Обучение", "ОБУЧЕНИЕ И ПРОЕКТЫ", "Учебные проекты", "Pet-проекты", "Пет-проекты"])
def test_study_and_side_projects_are_not_the_last_job(heading: str) -> None:
    text = _resume(
        "Опыт работы",
        "Сентябрь 2020 — Май 2024",
        "ООО «Пиксель» — верстальщик",
        "- Вёрстка лендингов.",
        "",
        heading,
        "- Курс «Vue с нуля», онлайн-школа, 2025.",
        "- Трекер расходов на Vue и Pinia.",
    )
    p = parse_profile(text, as_of=AS_OF)
    assert p.jobs[0].description == "Вёрстка лендингов."
    assert any("Pinia" in c for c in p.courses)


def test_a_plain_projects_heading_is_left_to_the_job() -> None:
    from candidates.intake.sections import detect_heading

    assert detect_heading("Проекты") is None


@pytest.mark.parametrize(
    ("line", "city", "as_written"),
    [
        ("Местоположение: Казань", "Казань", "Казань"),
        ("Место проживания: Тюмень, готова к командировкам", "Тюмень", "Тюмень, готова к командировкам"),
        ("Проживаю: Омск", "Омск", "Омск"),
        ("Проживание: Пермь", "Пермь", "Пермь"),
        ("Город проживания: Тверь", "Тверь", "Тверь"),
        ("Location: Tbilisi, Georgia", "Тбилиси", "Tbilisi, Georgia"),
        ("Местоположение: Ереван, Армения", "Ереван", "Ереван, Армения"),
        ("Location: Porto, Portugal", "Porto", "Porto, Portugal"),
    ],
)
def test_city_labels(line: str, city: str, as_written: str) -> None:
    p = parse_profile(_resume(line), as_of=AS_OF)
    assert (p.city, p.city_as_written) == (city, as_written)


def test_a_remote_note_with_a_country_is_not_a_city() -> None:
    assert parse_profile(_resume("Location: Remote, Portugal"), as_of=AS_OF).city is None


@pytest.mark.parametrize(
    "line",
    [
        "Желаемая оплата: 95 000 ₽",
        "Ожидаемая оплата — 95 000 руб.",
        "Ожидаемая зарплата: 95 000 ₽",
        "Зарплатные ожидания: 95 000 ₽",
        "Expected salary: 95,000 RUB",
    ],
)
def test_desired_salary_labels(line: str) -> None:
    salary = parse_profile(_resume(line), as_of=AS_OF).desired_salary
    assert salary is not None and salary.amount == 95000


def test_pay_in_a_job_line_is_not_the_desired_salary() -> None:
    text = _resume(
        "Опыт работы", "2020 — 2023", "ООО «Счёт», бухгалтер", "Оплата труда 40 сотрудников, фонд 3 000 000 ₽"
    )
    assert parse_profile(text, as_of=AS_OF).desired_salary is None


def test_salary_on_its_own_line_under_the_desired_position() -> None:
    text = _resume("Желаемая должность и зарплата", "Экономист", "80 000 ₽ на руки", "Занятость: полная")
    salary = parse_profile(text, as_of=AS_OF).desired_salary
    assert salary is not None and salary.amount == 80000 and salary.net is True


def test_inline_skills_then_inline_education() -> None:
    text = _resume(
        "Навыки: Excel, 1С, деловая переписка",
        "Образование: Тюменский государственный университет, 2014, «Финансы»; MBA, ВШЭ, 2019",
    )
    p = parse_profile(text, as_of=AS_OF)
    assert "2014" not in p.skills and not any("Образование" in s for s in p.skills)
    assert [(e.year, e.field) for e in p.education] == [(2014, "Финансы"), (2019, None)]


@pytest.mark.parametrize(
    ("row", "want"),
    [
        (
            "2016 — наст. время · АО «ТрансЛайн» · Руководитель группы продаж",
            ("АО «ТрансЛайн»", "Руководитель группы продаж"),
        ),
        (
            "2016 — сейчас | ООО «Сигма-Опт» (оптовая торговля, 300 сотрудников) | Директор по продажам",
            ("ООО «Сигма-Опт»", "Директор по продажам"),
        ),
    ],
)
def test_one_line_rows_with_bare_years(row: str, want: tuple[str, str]) -> None:
    text = _resume("Опыт работы", row, "– Развитие дилерской сети.", "", "2012 — 2016 · ООО «Бета» · Менеджер")
    jobs = _jobs(text)
    assert jobs[0][:3] == (*want, "2016-01")
    assert jobs[1] == ("ООО «Бета»", "Менеджер", "2012-01", "2016-12")


@pytest.mark.parametrize(
    ("header", "company", "title"),
    [
        ("Пекарня «Колос», Тула — пекарь-кондитер", "Пекарня «Колос»", "пекарь-кондитер"),
        ("ГБУ «Жилищник», диспетчер", "ГБУ «Жилищник»", "диспетчер"),
        ("Менеджер по продажам (шины, диски)", None, "Менеджер по продажам (шины, диски)"),
    ],
)
def test_company_and_title_from_one_header_line(header: str, company: str | None, title: str) -> None:
    text = _resume("Опыт работы", header, "Июнь 2019 — Август 2023", "- Работа с клиентами.")
    got = _jobs(text)[0]
    assert got[1] == title
    if company:
        assert got[0] == company


def test_marked_company_wins_over_a_region_after_the_title() -> None:
    text = _resume(
        "Опыт работы", "Май 2020 — по н.в.", "ООО «Гамма» (дистрибьютор смазок), Пермь", "Sales Manager, Северо-Запад"
    )
    assert _jobs(text)[0][:2] == ("ООО «Гамма»", "Sales Manager")


def test_a_study_period_in_the_experience_list_is_not_a_job() -> None:
    text = _resume(
        "Опыт работы: 1 год",
        "Декабрь 2025 — по настоящее время",
        "ООО «Учёт-Плюс», бухгалтер",
        "",
        "Январь 2024 — Ноябрь 2025 (обучение и стажировка)",
        "Учебный центр «Баланс» — переподготовка по бухучёту",
    )
    p = parse_profile(text, as_of=AS_OF)
    assert [(j.company, j.start) for j in p.jobs] == [("ООО «Учёт-Плюс»", "2025-12")]
    assert p.total_experience_months == 12


@pytest.mark.parametrize(
    "heading",
    [
        "Что для нас важно",
        "Нам важно:",
        "Кого мы ищем",
        "Что мы ждём от кандидата",
        "Ты нам подходишь, если:",
        "Требования к кандидату",
        "What we expect",
        "You have:",
        "What we're looking for",
    ],
)
def test_vacancy_requirement_headings(heading: str) -> None:
    from vacancies.parsing import parse_vacancy_text

    text = "\n".join(
        [
            "Аналитик данных",
            "",
            "Задачи",
            "- Отчёты для отдела продаж.",
            "",
            heading,
            "- SQL и Python.",
            "- Power BI или Tableau.",
            "",
            "Будет плюсом",
            "- Airflow.",
            "",
            "О компании",
            "Работаем с Excel и Kafka с 2010 года.",
        ]
    )
    v = parse_vacancy_text(text)
    assert v.must_have == ["SQL", "Python", ["Power BI", "Tableau"]]
    assert v.nice_to_have == ["Airflow"]


def test_vacancy_numbered_requirements_are_separate_items() -> None:
    from vacancies.parsing import parse_vacancy_text

    text = "Аналитик\n\nТребования\n1. Уверенный SQL.\n2. Знание Excel или 1С.\n3) Python для отчётов.\n"
    assert parse_vacancy_text(text).must_have == ["SQL", ["Excel", "1С"], "Python"]


def test_vacancy_without_requirements_has_no_guessed_must_haves() -> None:
    from vacancies.parsing import parse_vacancy_text

    v = parse_vacancy_text("Аналитик\n\nЗадачи\n- Отчёты в Excel и SQL.\n\nУсловия\n- ДМС.\n")
    assert v.must_have == []


def test_study_years_without_any_heading_are_not_jobs() -> None:
    text = _resume("Новосибирский государственный университет", "2015 — 2019", "", "Excel, 1С")
    assert parse_profile(text, as_of=AS_OF).jobs == []


def test_a_job_written_as_a_list_with_its_dates_as_an_item() -> None:
    text = "\n".join(
        [
            "Daniel Stone",
            "daniel@example.com",
            "Engineering Experience",
            "• QA-Engineer",
            "– Contoso Soft",
            "– May 2018 - July 2021",
            "– Automated testing",
            "• iOS developer intern",
            "– Northwind Bank",
            "– Feb 2022 - May 2022",
            "– Fixed a bug found in 2021 - 2022 releases",
        ]
    )
    profile = parse_profile(text, as_of=(2026, 11))
    assert sorted((j.start, j.end) for j in profile.jobs) == [("2018-05", "2021-07"), ("2022-02", "2022-05")]


def test_dated_projects_without_an_experience_heading_are_not_jobs() -> None:
    text = "\n".join(
        [
            "Илья Морозов",
            "ilya@example.com",
            "Образование",
            "МГТУ им. Н. Э. Баумана, Сентябрь 2022 – н.в.",
            "Проекты",
            "Университет | C++, Python   Сентябрь 2022 – н. в",
            "• Бот в telegram",
            "Pet-проекты | Python   Январь 2025 – н. в",
            "• Кредитный скоринг",
            "Технические навыки",
            "Python, C++, SQL",
        ]
    )
    profile = parse_profile(text, as_of=(2026, 11))
    assert profile.jobs == []
    assert profile.total_experience_months is None


def test_year_rows_a_one_month_row_and_no_experience_past_the_resume_date() -> None:
    text = "\n".join(
        [
            "Роман Кудрин",
            "roman@example.com",
            "Дата создания: 27 марта 2020 г.",
            "Опыт работы",
            "2018–2020 Технический директор, ООО «Лодосс», Таганрог.",
            "2016–2016 Ведущий разработчик, Aero eCommerce Agency, Москва/Таганрог.",
            "Компания StatSoft Russia, Москва\tИюль 2015",
            "Проходил практику.",
        ]
    )
    profile = parse_profile(text, as_of=(2026, 11))
    assert sorted((j.start, j.end) for j in profile.jobs) == [
        ("2015-07", "2015-07"),
        ("2016-01", "2016-12"),
        ("2018-01", "2020-12"),
    ]
    # 2018-01 … 2020-03 (the resume's own date), 2016 and July 2015.
    assert profile.total_experience_months == 27 + 12 + 1
