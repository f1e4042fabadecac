"""Postings as people write them: the title, the pay in every common wording, headings
with their items on the same line."""

from __future__ import annotations

import pytest

from vacancies.parsing import parse_vacancy_text

BODY = [
    "",
    "Обязанности:",
    "- Сопровождение 1С:ЗУП.",
    "",
    "Требования:",
    "- Опыт работы от 3 лет.",
    "- Знание 1С:ЗУП и Excel.",
]


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("от 150 000 до 250 000 руб.", (150000, 250000, "RUB", None)),
        ("Зарплата: от 150 000 до 250 000 руб. на руки", (150000, 250000, "RUB", True)),
        ("150 000 – 250 000 ₽ до вычета налогов", (150000, 250000, "RUB", False)),
        ("З/п: 150–250 тыс. руб.", (150000, 250000, "RUB", None)),
        ("до 300 000 ₽ на руки", (None, 300000, "RUB", True)),
        ("Доход от 120к", (120000, None, "RUB", None)),
        ("$3,000–$4,500 gross", (3000, 4500, "USD", False)),
        ("Salary: from 2 500 EUR", (2500, None, "EUR", None)),
        ("Оклад 95000 рублей", (95000, None, "RUB", None)),
        ("от 400 000 до 600 000 тенге", (400000, 600000, "KZT", None)),
    ],
)
def test_salary_in_every_common_wording(line: str, want: tuple) -> None:
    v = parse_vacancy_text("\n".join(["Бухгалтер по расчёту заработной платы", "Москва", line, *BODY]))
    assert (v.salary_from, v.salary_to, v.currency, v.salary_net) == want


def test_no_salary_is_invented_from_other_numbers() -> None:
    v = parse_vacancy_text("\n".join(["Бухгалтер", "Москва", "Компания основана в 2005 году, 1200 сотрудников", *BODY]))
    assert (v.salary_from, v.salary_to, v.currency) == (None, None, None)


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (["Вакансия", "Бухгалтер по расчёту заработной платы", "ООО «Север»"], "Бухгалтер по расчёту заработной платы"),
        (["ООО «Север»", "Главный бухгалтер", "Москва"], "Главный бухгалтер"),
        (["Компания: ООО «Север»", "Должность: Бухгалтер-кассир", "Город: Казань"], "Бухгалтер-кассир"),
        (["Ищем бухгалтера в команду!", "Москва"], "Бухгалтера"),
        (["📌 ВАКАНСИЯ: PHP-разработчик (middle)"], "PHP-разработчик (middle)"),
        (["Ищем: playable ads developer (реклама для мобильных игр)"], "Playable ads developer"),
        (["Роль - Growth Marketing Manager"], "Growth Marketing Manager"),
        (["We're hiring: Senior Data Engineer", "Remote"], "Senior Data Engineer"),
        (["Python-разработчик (Middle) от 200 000 ₽", "Москва"], "Python-разработчик (Middle)"),
        (["Должность-роль: Главный бухгалтер", "Москва"], "Главный бухгалтер"),
        (
            [
                "Требуемый опыт работы: не требуется",
                "Компания «Север» проводит набор на должность «Младший бухгалтер (стажёр)». Если вы готовы учиться,",
            ],
            "Младший бухгалтер (стажёр)",
        ),
    ],
)
def test_the_title_is_the_job_not_the_company_or_a_label(head: list[str], title: str) -> None:
    assert parse_vacancy_text("\n".join([*head, *BODY])).title == title


def test_no_title_when_the_posting_opens_with_a_sentence() -> None:
    text = "\n".join(["взаимодействие с командой разработчиков и QA, поддержка релизов", *BODY])
    assert parse_vacancy_text(text).title is None


def test_a_labelled_work_format_among_the_conditions() -> None:
    text = "\n".join(["Дизайнер интерфейсов", "Москва", *BODY, "Условия:", "— формат работы гибрид, 2 дня удаленно"])
    assert parse_vacancy_text(text).work_format == "hybrid"


def test_headings_with_their_items_on_the_same_line() -> None:
    text = "\n".join(
        [
            "Аналитик данных",
            "Чем предстоит заниматься: отчёты для продаж; прогноз спроса",
            "Требования: SQL, Python; Power BI или Tableau",
            "Будет плюсом: Airflow",
            "Условия: ДМС",
        ]
    )
    v = parse_vacancy_text(text)
    assert v.responsibilities == ["отчёты для продаж", "прогноз спроса"]
    assert v.must_have == ["SQL", "Python", ["Power BI", "Tableau"]]
    assert v.nice_to_have == ["Airflow"]


@pytest.mark.parametrize("heading", ["Твои задачи", "Функционал:", "Чем ты будешь заниматься", "Key responsibilities"])
def test_responsibility_headings(heading: str) -> None:
    v = parse_vacancy_text("\n".join(["Аналитик", "", heading, "- Отчёты.", "- Прогнозы.", "", "Условия", "- ДМС"]))
    assert v.responsibilities == ["Отчёты", "Прогнозы"]


def test_requirement_headings_in_sentence_form_and_a_plus_inside_the_list() -> None:
    text = "\n".join(
        [
            "Аналитик данных",
            "Будем рады познакомиться, если вы:",
            "- уверенно пишете SQL;",
            "- знаете Python;",
            "- Будет плюсом знание Airflow.",
            "Мы предлагаем:",
            "- ДМС",
        ]
    )
    v = parse_vacancy_text(text)
    assert v.must_have == ["SQL", "Python"]
    assert v.nice_to_have == ["Airflow"]
