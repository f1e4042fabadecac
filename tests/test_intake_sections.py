"""Sections told from labels, heading phrases, skills lists without junk, page headers and
footers, spelled-out e-mail addresses."""

from __future__ import annotations

import pytest

from candidates.intake.blocks import parse_skills
from candidates.intake.extract import extract_bytes
from candidates.intake.parser import find_email, parse_profile
from candidates.intake.sections import detect_heading
from tests import intake_files

AS_OF = (2026, 11)

JOBS_WITH_LABELS = [
    "Анна Кузьмина",
    "anna.k@example.com",
    "Опыт работы",
    "Октябрь 2021 — настоящее время",
    "ООО «Гамма»",
    "Ведущий разработчик",
    "Разработка платёжного шлюза.",
    "Технологии: Python, Django, PostgreSQL",
    "Март 2018 — Сентябрь 2021",
    "АО «Дельта»",
    "Разработчик",
    "Технологии:",
    "Java, Spring, Oracle",
    "Достижения:",
    "• ускорил отчёты в 3 раза",
    "Январь 2015 — Февраль 2018",
    "ООО «Эпсилон»",
    "Программист",
    "Навыки и умения",
    "Python, Java, Kafka",
    "Образование",
    "2014 МГТУ им. Баумана",
]


def test_a_label_inside_a_job_does_not_end_the_experience_section() -> None:
    profile = parse_profile("\n".join(JOBS_WITH_LABELS), as_of=AS_OF)
    assert [(j.company, j.start, j.end) for j in profile.jobs] == [
        ("ООО «Гамма»", "2021-10", None),
        ("АО «Дельта»", "2018-03", "2021-09"),
        ("ООО «Эпсилон»", "2015-01", "2018-02"),
    ]
    assert profile.total_experience_months == 143
    assert profile.skills == ["Python", "Java", "Apache Kafka"]


@pytest.mark.parametrize(
    "heading",
    [
        "Навыки и умения",
        "Умения и навыки",
        "Языки и технологии",
        "Скиллы",
        "KEY SKILLS",
        "Технологии и инструменты",
        "Языки программирования",
        "Professional Skills & Tools",
        "Технический стек",
    ],
)
def test_skills_headings_in_many_wordings(heading: str) -> None:
    assert detect_heading(heading) == ("skills", "")


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Профессиональный опыт", "experience"),
        ("Relevant Work Experience", "experience"),
        ("Высшее образование", "education"),
        ("Engineering Experience", "experience"),
        ("Работа", "experience"),
        ("Technology proficiency", "skills"),
        ("Awards/Achievements", "about"),
    ],
)
def test_experience_and_education_heading_phrases(heading: str, section: str) -> None:
    assert detect_heading(heading) == (section, "")


@pytest.mark.parametrize("line", ["Развитие навыков команды", "Использовал современный стек технологий в проекте"])
def test_a_sentence_with_a_heading_word_is_not_a_heading(line: str) -> None:
    assert detect_heading(line) is None


def test_junk_is_kept_out_of_the_skills_list() -> None:
    lines = [
        "Python, Django, Kafka, Продвинутый уровень",
        "Умею работать в команде и быстро учусь.",
        "Telegram: @anna_k, +7 912 345-67-89",
        "Figma; уверенный пользователь; 1С:Бухгалтерия",
    ]
    skills, _ = parse_skills(lines)
    assert skills == ["Python", "Django", "Apache Kafka", "Figma", "1С:Бухгалтерия"]


def test_repeated_page_headers_and_footers_are_dropped() -> None:
    """Two pages with the same header and a page-number footer: the header stays once
    (the name on top), never in the middle of the jobs."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    pages = [
        ["Опыт работы", "Аналитик, ООО «Альфа»", "Январь 2020 — настоящее время", "• Отчёты"],
        ["Аналитик, АО «Бета»", "Март 2017 — Декабрь 2019", "• Дашборды", "Навыки", "SQL, Python"],
    ]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for number, lines in enumerate(pages, 1):
        c.setFont("DejaVu", 9)
        c.drawString(60, 810, "Олег Смирнов · oleg@example.com · +7 903 222-33-44")
        c.setFont("DejaVu", 11)
        y = 760
        for line in lines:
            c.drawString(60, y, line)
            y -= 18
        c.setFont("DejaVu", 9)
        c.drawString(280, 30, f"Страница {number} из 2")
        c.showPage()
    c.save()
    text = extract_bytes(buf.getvalue(), "cv.pdf").text
    assert text.count("Олег Смирнов") == 1 and "Страница" not in text
    profile = parse_profile("Олег Смирнов\n" + text, as_of=AS_OF)
    assert [j.company for j in profile.jobs] == ["ООО «Альфа»", "АО «Бета»"]


def test_a_line_running_over_a_page_break_is_kept() -> None:
    from candidates.intake.pdf_text import drop_repeated_edges

    pages = ["Имя Фамилия\nКурсы\n2019 Основы SQL\nЯндекс Практикум", "Яндекс Практикум\n2021 Python\nНавыки"]
    assert drop_repeated_edges(pages) == pages


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("Почта: ivan at mail dot ru", "ivan@mail.ru"),
        ("ivan.petrov [at] yandex [dot] ru", "ivan.petrov@yandex.ru"),
        ("ivan(собака)mail(точка)ru", "ivan@mail.ru"),
        ("e-mail: ivan @ gmail . com", "ivan@gmail.com"),
        ("Worked at yandex.ru on search", None),
    ],
)
def test_spelled_out_email_addresses(text: str, email: str | None) -> None:
    assert find_email(text) == email


def test_intake_files_module_is_importable() -> None:
    assert intake_files.RESUME_TEXT


def test_a_label_before_a_range_broken_over_two_lines_stays_in_the_job() -> None:
    text = "\n".join(
        [
            "Анна Кузьмина",
            "Опыт работы",
            "Сентябрь 2021 —",
            "Январь 2023",
            "ООО «Гамма»",
            "Старший программист",
            "Технологии:",
            "Python, Django",
            "Октябрь 2019 —",
            "Сентябрь 2021",
            "АО «Дельта»",
            "Программист",
        ]
    )
    profile = parse_profile(text, as_of=AS_OF)
    assert [(j.company, j.start, j.end) for j in profile.jobs] == [
        ("ООО «Гамма»", "2021-09", "2023-01"),
        ("АО «Дельта»", "2019-10", "2021-09"),
    ]


def test_two_column_rows_with_the_heading_in_the_first_column() -> None:
    text = "\n".join(
        [
            "Дмитрий Орлов",
            "Опыт работы\tУчебный центр «Кодер» / Преподаватель Python",
            "сентябрь 2019 – август 2020, Санкт-Петербург",
            "Образование\tСПбГУ / Прикладная математика, 2020",
        ]
    )
    profile = parse_profile(text, as_of=AS_OF)
    assert [(j.start, j.end) for j in profile.jobs] == [("2019-09", "2020-08")]
    assert profile.total_experience_months == 12


def test_a_job_since_a_year_runs_to_now() -> None:
    text = "\n".join(["Ольга Кошкина", "Опыт работы", "Ведущий инженер-программист АО «Марс» (с 2002г.)"])
    profile = parse_profile(text, as_of=AS_OF)
    assert [(j.start, j.end) for j in profile.jobs] == [("2002-01", None)]
    prose = "\n".join(["Ольга Кошкина", "О себе", "С 2010 года работаю диспетчером и учусь тестированию"])
    assert parse_profile(prose, as_of=AS_OF).jobs == []


@pytest.mark.parametrize(
    ("line", "city"),
    [
        ("В настоящее время учусь. Проживаю в Москве.", "Москва"),
        ("I live in Melbourne with my family", "Мельбурн"),
        ("Проживает: Кызыл", "Кызыл"),
        ("Город: Молодечно", "Молодечно"),
        ("Я бэкенд-разработчик из Новосибирска", "Новосибирск"),
    ],
)
def test_where_the_person_lives(line: str, city: str) -> None:
    text = "\n".join(
        ["Анна Кузьмина", "anna.k@example.com", line, "Опыт работы", "Аналитик, ООО «Гамма»", "2020 — 2022"]
    )
    assert parse_profile(text, as_of=AS_OF).city == city


def test_a_job_or_school_place_is_not_where_the_person_lives() -> None:
    text = "\n".join(
        [
            "Анна Кузьмина",
            "anna.k@example.com",
            "Опыт работы",
            "Руководитель поддержки - ООО «Гамма», Москва",
            "2020 — 2022",
            "Образование",
            "МГУ\tМосква, Россия",
        ]
    )
    assert parse_profile(text, as_of=AS_OF).city is None


def test_skill_items_with_labels_lead_words_and_cut_lines() -> None:
    lines = [
        "Языки программирования: Python, C++",
        "Experience with Git, Знание Spring",
        "Работа с макетами в",
        "C++ Python Bash",
        "WEB DEVELOPER, PCI DSS, and",
        "Английский: C1",
    ]
    skills, _ = parse_skills(lines)
    assert skills == ["Python", "C++", "Git", "Spring", "Bash", "PCI DSS"]


def test_projects_after_the_skills_end_the_list() -> None:
    text = "\n".join(["Анна Кузьмина", "Навыки", "Python, SQL", "Проекты", "Бот для заказа пиццы, Telegram API"])
    assert parse_profile(text, as_of=AS_OF).skills == ["Python", "SQL"]


def test_sections_after_the_jobs_end_them_even_with_dated_entries_below() -> None:
    # A bare «Skills» or «Projects» line after the jobs is a section of the document, not a
    # label inside the last job, even when dated awards or projects follow it.
    text = "\n".join(
        [
            "Mira Stone",
            "mira@example.com",
            "Experience",
            "09/21 - 08/22 Northwind, Data Engineer (Moscow, Russia)",
            "Built ETL pipelines.",
            "01/21 - 07/21 Contoso, Data Analyst (Moscow, Russia)",
            "Ran A/B tests.",
            "Projects",
            "2020\tCredit scoring web application",
            "Trained models to predict loan repayment.",
            "Skills",
            "◦ Python, SQL, Docker",
            "Awards/Achievements",
            "2015 – 2018\tNational Mathematical Olympiad (Gold/Silver medals)",
            "2016 – 2018\tEuropean Girls’ Mathematical Olympiad (Silver medal)",
        ]
    )
    profile = parse_profile(text, as_of=AS_OF)
    assert [(j.start, j.end) for j in profile.jobs] == [("2021-09", "2022-08"), ("2021-01", "2021-07")]
    assert profile.total_experience_months == 19
    assert profile.skills == ["Python", "SQL", "Docker"]


@pytest.mark.parametrize(
    ("lines", "want"),
    [
        # hh.ru's skill tags as a layout's columns: each column is one skill of several words.
        (
            ["Customer Journey Mapping\tUser Persona\tPixso", "Adobe XD\tSketch"],
            ["Customer Journey Mapping", "User Persona", "Pixso", "Adobe XD", "Sketch"],
        ),
        # A proficiency after the skill.
        (["Photoshop - proficient", "Figma – intermediate", "1С — базовый"], ["Adobe Photoshop", "Figma", "1С"]),
        # A slash between spaces separates items, also across a wrapped line; «CI/CD» stays whole.
        (
            ["• Проектный менеджмент: Jira /", "Confluence", "• Redux / Vuex, CI/CD"],
            ["Jira", "Confluence", "Redux", "Vuex", "CI/CD"],
        ),
        # A sentence in the skills block gives the known skills it names.
        (
            ["Знание верстки с помощью HTML и каскадной таблицей стилей CSS"],
            ["HTML", "CSS"],
        ),
        # A group too long for one skill, wrapped after a comma: the head and each item.
        (
            [
                "1. Python (Jupyter, pandas, numpy, matplotlib, sklearn, pytorch,",
                "keras, Django, Flask)",
                "2. JS- базовые знания",
            ],
            [
                "Python",
                "Jupyter",
                "pandas",
                "NumPy",
                "matplotlib",
                "scikit-learn",
                "PyTorch",
                "Keras",
                "Django",
                "Flask",
                "JavaScript",
            ],
        ),
    ],
)
def test_skills_lists_as_layouts_write_them(lines: list[str], want: list[str]) -> None:
    assert parse_skills(lines)[0] == want
