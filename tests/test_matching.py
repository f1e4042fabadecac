"""Matching engine: explained parts, evidence, constraints, fairness, explanations."""

from __future__ import annotations

import pytest

from matching.engine import PARTS, WEIGHTS, CandidateProfile, VacancyRequirements, embedding, match, strip_protected
from matching.engine.weights import DEAL_BREAKER, DEAL_BREAKER_SHARE, EVIDENCE_CREDIT


@pytest.fixture(autouse=True)
def _corpus_month(settings):
    # Open-ended jobs run to the corpus reference month, whatever today's date is.
    settings.INTAKE_AS_OF = "2026-11"


BACKEND = VacancyRequirements.from_parsed(
    {
        "title": "Senior Python-разработчик (backend)",
        "must_have": ["Python", ["FastAPI", "Django"], "PostgreSQL", "Kubernetes"],
        "nice_to_have": ["Redis", "Менторство"],
        "min_experience_years": 3,
        "seniority": "senior",
        "location": "Москва",
        "work_format": "hybrid",
        "salary_from": 250000,
        "salary_to": 350000,
        "currency": "RUB",
        "salary_net": True,
    }
)


def resume_text(*, header: str = "", jobs: str, skills: str, extra: str = "") -> str:
    return f"{header}\nО себе\n{extra}\nОпыт работы\n{jobs}\nОбразование\nМГТУ, 2015\nНавыки\n{skills}\n"


def profile(
    *,
    jobs: list[dict],
    skills: list[str],
    text: str,
    city: str = "Москва",
    desired: str = "Python-разработчик",
    salary: int | None = 300000,
    courses: list[str] | None = None,
    **extra: object,
) -> CandidateProfile:
    data = {
        "desired_position": desired,
        "city": city,
        "desired_salary": {"amount": salary, "currency": "RUB", "net": True} if salary else None,
        "jobs": jobs,
        "skills": skills,
        "courses": courses or [],
        **extra,
    }
    return CandidateProfile.from_parsed(data, text)


DEV_JOBS = [
    {"company": "ООО «Платежи»", "title": "Senior Python-разработчик", "start": "2021-11", "end": None},
    {"company": "ООО «Веб»", "title": "Python-разработчик", "start": "2019-11", "end": "2021-10"},
]
DEV_JOB_TEXT = (
    "Senior Python-разработчик, ООО «Платежи»\nноябрь 2021 — по настоящее время\n"
    "• Сервисы приёма платежей на FastAPI и PostgreSQL, кэш в Redis.\n• Наставник двух разработчиков.\n"
    "Python-разработчик, ООО «Веб»\nноябрь 2019 — октябрь 2021\n• Django-бэкенд интернет-магазина.\n"
)
SKILLS = ["Python", "FastAPI", "Django", "PostgreSQL", "Redis"]


def strong(**kw: object) -> CandidateProfile:
    text = resume_text(jobs=DEV_JOB_TEXT, skills=", ".join(SKILLS))
    return profile(jobs=DEV_JOBS, skills=SKILLS, text=kw.pop("text", text), **kw)


def test_weights_live_in_one_place_and_add_up_to_100():
    assert sum(WEIGHTS.values()) == 100
    result = match(strong(), BACKEND, similarity=0.82)
    # The weighted parts, then the deal-breakers part (weight 0: it only takes points off).
    assert [p.key for p in result.parts] == [p.key for p in PARTS] + [DEAL_BREAKER.key]
    assert {p.key: p.weight for p in result.parts} == {**WEIGHTS, DEAL_BREAKER.key: 0}
    assert {k: v["weight"] for k, v in result.breakdown().items()} == {**WEIGHTS, DEAL_BREAKER.key: 0}


def test_parts_add_up_to_the_score():
    for sim in (None, 0.70, 0.81, 0.95):
        result = match(strong(), BACKEND, similarity=sim)
        assert result.score == pytest.approx(sum(p.points for p in result.parts), abs=0.05)
        for part in result.parts[:-1]:
            assert 0 <= part.fraction <= 1
            assert part.points == pytest.approx(part.fraction * part.weight, abs=0.05)
        assert result.parts[-1].points == 0  # no deal-breaker here
        assert 0 <= result.score <= 100


def test_near_miss_is_not_zero_and_missing_must_have_weighs_heavily():
    full = match(strong(), BACKEND, similarity=0.8)
    missing = [c for c in full.must_have if c.level == "none"]
    assert [c.requirement for c in missing] == ["Kubernetes"]  # the candidate lacks it
    must = next(p for p in full.parts if p.key == "must_have")
    assert must.fraction == pytest.approx(0.75)
    assert full.score > 60

    with_k8s = VacancyRequirements.from_parsed(
        {**_base(), "must_have": ["Python", ["FastAPI", "Django"], "PostgreSQL"]}
    )
    assert match(strong(), with_k8s, similarity=0.8).score - full.score >= 0.2 * WEIGHTS["must_have"]


def _base() -> dict:
    return {
        "title": BACKEND.title,
        "min_experience_years": 3,
        "seniority": "senior",
        "location": "Москва",
        "work_format": "hybrid",
    }


def test_adjacent_tool_is_a_near_miss_not_a_match():
    text = resume_text(
        jobs="Python-разработчик, ООО «Биллинг»\n• Асинхронный биллинг на aiohttp и PostgreSQL.\n",
        skills="Python, aiohttp, PostgreSQL",
    )
    jobs = [{"company": "ООО «Биллинг»", "title": "Python-разработчик", "start": "2019-01", "end": None}]
    cand = profile(jobs=jobs, skills=["Python", "aiohttp", "PostgreSQL"], text=text)
    check = next(c for c in match(cand, BACKEND).must_have if c.requirement == "FastAPI / Django")
    assert check.level == "related_work" and check.via == "aiohttp"
    assert 0 < check.credit < EVIDENCE_CREDIT["listed"]
    assert "близкая замена: FastAPI / Django (есть aiohttp)" in match(cand, BACKEND).summary_ru


def test_implied_skills_count_as_backed():
    # Python is never written in the job text, but Django and pytest are.
    text = resume_text(jobs="Backend-разработчик, ООО «Веб»\n• Django-сервисы, тесты на pytest.\n", skills="Django")
    jobs = [{"company": "ООО «Веб»", "title": "Backend-разработчик", "start": "2020-01", "end": None}]
    cand = profile(jobs=jobs, skills=["Django"], text=text)
    checks = {c.requirement: c for c in match(cand, BACKEND).must_have}
    assert checks["Python"].level == "work_relevant"
    assert checks["FastAPI / Django"].level == "work_relevant"


def test_work_history_backing_beats_keyword_stuffing():
    stuffed_skills = [*SKILLS, "Kubernetes"]
    stuffed_text = resume_text(
        jobs=(
            "Специалист технической поддержки, ООО «Платежи»\n• Консультирование клиентов, заявки в Jira.\n"
            "Продавец-консультант, ООО «Магазин»\n• Работа с покупателями.\n"
        ),
        skills=", ".join(stuffed_skills),
        extra="Python backend-разработчик: " + ", ".join(stuffed_skills),
    )
    stuffed = profile(
        jobs=[
            {"company": "ООО «Платежи»", "title": "Специалист технической поддержки", "start": "2021-11", "end": None},
            {"company": "ООО «Магазин»", "title": "Продавец-консультант", "start": "2019-01", "end": "2021-10"},
        ],
        skills=stuffed_skills,
        text=stuffed_text,
        desired="Python-разработчик (FastAPI, Kubernetes)",
    )
    real = match(strong(), BACKEND, similarity=0.8)
    fake = match(stuffed, BACKEND, similarity=0.8)
    assert fake.score < real.score - 25
    assert all(c.level == "listed" for c in fake.must_have)
    assert "не подтверждены опытом работы" in fake.summary_ru
    assert "другая роль" in fake.summary_ru


def test_skills_only_in_courses_get_least_credit():
    text = resume_text(
        jobs="Ведущий PHP-разработчик, ООО «Оплата»\n• Платёжный агрегатор на Laravel, MySQL.\n",
        skills="PHP, Laravel, Python (pet-проекты), FastAPI, PostgreSQL",
    )
    jobs = [{"company": "ООО «Оплата»", "title": "Ведущий PHP-разработчик", "start": "2018-01", "end": None}]
    cand = profile(
        jobs=jobs,
        skills=["PHP", "Laravel", "Python", "FastAPI", "PostgreSQL"],
        text=text,
        courses=["Асинхронный Python и FastAPI"],
    )
    result = match(cand, BACKEND)
    checks = {c.requirement: c.level for c in result.must_have}
    assert checks["Python"] == "course"  # listed with a pet-project note and learnt on a course
    assert checks["FastAPI / Django"] in ("listed", "course")
    assert "только в курсах или pet-проектах: Python" in result.summary_ru
    assert match(strong(), BACKEND).score > result.score + 20


def test_adjacent_roles_score_low_despite_shared_vocabulary():
    jobs = [{"company": "ООО «Платежи»", "title": "Ведущий системный аналитик", "start": "2018-01", "end": None}]
    text = resume_text(
        jobs="Ведущий системный аналитик, ООО «Платежи»\n• Постановка задач на Python-сервисы, FastAPI, PostgreSQL.\n",
        skills="Python",
    )
    analyst = profile(jobs=jobs, skills=SKILLS, text=text, desired="Системный аналитик")
    role = next(p for p in match(analyst, BACKEND).parts if p.key == "role")
    assert role.fraction < 0.4
    dev_role = next(p for p in match(strong(), BACKEND).parts if p.key == "role")
    assert dev_role.fraction == 1.0


def _part(result, key):
    return next(p for p in result.parts if p.key == key)


def test_location_constraints():
    assert _part(match(strong(), BACKEND), "location").fraction == 1.0
    relocation_no = strong(
        city="Томск", text=resume_text(header="Томск, переезд не рассматриваю", jobs=DEV_JOB_TEXT, skills="Python")
    )
    relocation_yes = strong(
        city="Томск", text=resume_text(header="Томск, готов к переезду", jobs=DEV_JOB_TEXT, skills="Python")
    )
    remote_only = strong(
        text=resume_text(header="Москва. Рассматриваю только удалённую работу", jobs=DEV_JOB_TEXT, skills="Python")
    )
    no = match(relocation_no, BACKEND)
    assert _part(no, "location").fraction < 0.2
    assert "переезд не рассматривает" in no.summary_ru
    assert _part(match(relocation_yes, BACKEND), "location").fraction >= 0.8
    assert _part(match(remote_only, BACKEND), "location").fraction < 0.2

    remote_ru = VacancyRequirements.from_parsed(
        {
            **_base(),
            "location": None,
            "work_format": "remote",
            "remote_scope": "РФ (работа из-за рубежа не рассматривается)",
        }
    )
    abroad = strong(city="Тбилиси")
    assert _part(match(abroad, remote_ru), "location").fraction < 0.3
    assert _part(match(strong(city="Казань"), remote_ru), "location").fraction == 1.0


def test_salary_constraints():
    assert _part(match(strong(salary=340000), BACKEND), "salary").fraction == 1.0
    high = match(strong(salary=600000), BACKEND)
    assert _part(high, "salary").fraction == 0.0
    assert "выше вилки" in high.summary_ru
    unknown = _part(match(strong(salary=None), BACKEND), "salary")
    assert unknown.fraction == 1.0 and "не сравнивается" in unknown.detail_ru
    assert 0 < _part(match(strong(salary=420000), BACKEND), "salary").fraction < 0.6


def test_experience_and_seniority():
    junior_jobs = [{"company": "ООО «Платежи»", "title": "Junior Python-разработчик", "start": "2025-12", "end": None}]
    text = resume_text(
        jobs="Junior Python-разработчик, ООО «Платежи»\n• FastAPI, PostgreSQL, Python.\n", skills="Python"
    )
    junior = match(profile(jobs=junior_jobs, skills=SKILLS, text=text), BACKEND)
    assert junior.relevant_years == 1.0
    assert "опыт 1 год при требуемых 3 года" in junior.summary_ru
    assert _part(junior, "experience").fraction < 0.25
    assert _part(junior, "seniority").fraction <= 0.1
    assert match(strong(), BACKEND).score > junior.score + 15


SWAPS = [
    ("Мужчина, 34 года, родился 5 августа 1992", "Женщина, 52 года, родилась 1 марта 1974"),
    ("Гражданство: Россия", "Гражданство: Казахстан"),
    ("Семейное положение: женат, есть дети", "Семейное положение: не замужем"),
    ("Фото: приложено", "Фото: нет"),
]


def test_fairness_protected_attributes_do_not_move_the_score():
    head_a = "\n".join(a for a, _ in SWAPS)
    head_b = "\n".join(b for _, b in SWAPS)
    text_a = resume_text(header=head_a, jobs=DEV_JOB_TEXT, skills=", ".join(SKILLS))
    text_b = resume_text(header=head_b, jobs=DEV_JOB_TEXT, skills=", ".join(SKILLS))
    a = strong(
        text=text_a, gender="male", birth_date="1992-08-05", citizenship="RU", marital_status="married", photo="a.jpg"
    )
    b = strong(
        text=text_b, gender="female", birth_date="1974-03-01", citizenship="KZ", marital_status="single", photo=None
    )
    # The typed input carries none of them, the text the model sees is identical, the score too.
    assert a == b
    assert embedding.prepare(text_a) == embedding.prepare(text_b)
    for vacancy in (BACKEND,):
        assert match(a, vacancy, similarity=0.8).score == match(b, vacancy, similarity=0.8).score


def test_strip_protected_keeps_the_rest():
    text = (
        "Иванов Иван\nМужчина, 34 года, родился 5 августа 1992\nПроживает: Москва\nГражданство: Россия\n"
        "Married\nОпыт работы — 5 лет\nSingle sign-on для 3 сервисов\nPython"
    )
    cleaned = strip_protected(text)
    for gone in ("Мужчина", "34 года", "1992", "Гражданство", "Married"):
        assert gone not in cleaned
    for kept in ("Иванов Иван", "Проживает: Москва", "Опыт работы — 5 лет", "Single sign-on", "Python"):
        assert kept in cleaned


def test_summary_line_ru_and_en():
    result = match(strong(), BACKEND, similarity=0.8)
    assert result.summary_ru.startswith("3 из 4 обязательных навыков, нет Kubernetes; опыт 7 лет при требуемых 3 года")
    assert result.summary_en.startswith(
        "3 of 4 must-have skills, missing Kubernetes; experience 7 years, 3 years required"
    )
    assert result.skills_report()["missing"] == ["Kubernetes"]
    assert set(result.skills_report()["matched"]) == {"Python", "FastAPI / Django", "PostgreSQL"}
    assert result.breakdown("en")["location"]["label"] == "City and work format"


def test_semantic_part_is_calibrated():
    low = _part(match(strong(), BACKEND, similarity=0.75), "semantic").fraction
    mid = _part(match(strong(), BACKEND, similarity=0.885), "semantic").fraction
    high = _part(match(strong(), BACKEND, similarity=0.96), "semantic").fraction
    assert low == 0.0 and high == 1.0 and 0.2 < mid < 0.8


def test_embedding_adapter_caches_and_uses_passage_query_convention(gigachat, settings, monkeypatch):
    # The AI layer's embeddings, here GigaChat's through its fake: one call per new text.
    settings.AI_PROVIDER_EMBEDDINGS = "gigachat"
    monkeypatch.setattr(embedding, "_cache", {})
    unique = "резюме для проверки кэша"
    first = embedding.embed_resumes([unique, unique])
    embedding.embed_resumes([unique])
    query = embedding.embed_vacancy(unique)
    calls = [c.json()["input"] for c in gigachat.calls("/embeddings")]
    assert calls == [[unique], [unique]]  # one document call, one query call
    assert len(first) == 2 and first[0].shape == (1024,) and abs(embedding.cosine(query, first[0]) - 1) < 1e-5
    # Another embedding model is another vector space: nothing is reused across models.
    settings.AI_PROVIDER_EMBEDDINGS = "offline"
    assert embedding.embed_resumes([unique])[0].shape == (384,)
    assert len(gigachat.calls("/embeddings")) == 2


@pytest.mark.django_db
def test_inputs_from_stored_models():
    from candidates.models import Resume
    from matching.engine import candidate_from_resume
    from vacancies.models import Vacancy

    vacancy = Vacancy.objects.create(
        title=BACKEND.title,
        must_have=["Python", ["FastAPI", "Django"], "PostgreSQL", "Kubernetes"],
        nice_to_have=["Redis", "Менторство"],
        min_experience_years=3,
        seniority="senior",
        city="Москва",
        work_format="hybrid",
        salary_from=250000,
        salary_to=350000,
    )
    text = resume_text(jobs=DEV_JOB_TEXT, skills=", ".join(SKILLS))
    data = {"desired_position": "Python-разработчик", "city": "Москва", "jobs": DEV_JOBS, "skills": SKILLS}
    resume = Resume(original_name="cv.txt", sha256="0" * 64, profile=data, extracted_text=text)
    result = match(candidate_from_resume(resume), VacancyRequirements.from_vacancy(vacancy), similarity=0.8)
    assert result.as_dict()["explanation"].startswith("3 из 4 обязательных навыков, нет Kubernetes")
    assert result.as_dict("en")["breakdown"]["must_have"]["weight"] == WEIGHTS["must_have"]


def test_a_deal_breaker_takes_a_share_of_the_score_as_its_own_part():
    fine = match(strong(), BACKEND)
    refuses = match(
        strong(
            city="Томск", text=resume_text(header="Томск, переезд не рассматриваю", jobs=DEV_JOB_TEXT, skills="Python")
        ),
        BACKEND,
    )
    part = _part(refuses, "deal_breakers")
    before = sum(p.points for p in refuses.parts if p.key != "deal_breakers")
    assert part.points == pytest.approx(-DEAL_BREAKER_SHARE * before, abs=0.1)
    assert "переезд не рассматривает" in part.detail_ru
    assert refuses.score == pytest.approx(before + part.points, abs=0.05)
    assert _part(fine, "deal_breakers").points == 0
    # Far above the range is one too; two deal-breakers cost no more than one.
    both = match(
        strong(
            city="Томск",
            salary=700000,
            text=resume_text(header="Томск, переезд не рассматриваю", jobs=DEV_JOB_TEXT, skills="Python"),
        ),
        BACKEND,
    )
    both_before = sum(p.points for p in both.parts if p.key != "deal_breakers")
    assert _part(both, "deal_breakers").points == pytest.approx(-DEAL_BREAKER_SHARE * both_before, abs=0.1)


def test_office_only_some_days_does_not_fit_an_office_job():
    office = VacancyRequirements.from_parsed({**_base(), "work_format": "office"})
    some_days = strong(
        text=resume_text(
            header="Москва. В офисе готов бывать не более 2 дней в неделю", jobs=DEV_JOB_TEXT, skills="Python"
        )
    )
    assert _part(match(some_days, office), "location").fraction <= 0.3
    assert _part(match(some_days, BACKEND), "location").fraction == 1.0  # hybrid fits
    assert _part(match(strong(), office), "location").fraction == 1.0


def test_living_abroad_is_read_from_the_header_when_the_city_is_not_parsed():
    remote_ru = VacancyRequirements.from_parsed(
        {
            **_base(),
            "location": None,
            "work_format": "remote",
            "remote_scope": "РФ (работа из-за рубежа не рассматривается)",
        }
    )
    header = "Ирина Петрова\n+995 555 12 34 56 · irina@example.com\nСейчас живу в Батуми, Грузия"
    abroad = strong(city="", text=resume_text(header=header, jobs=DEV_JOB_TEXT, skills="Python"))
    fit = _part(match(abroad, remote_ru), "location")
    assert fit.fraction < 0.3 and "за рубежом" in fit.detail_ru
    # A job abroad further down is not where he lives now.
    old_job = strong(city="", text=resume_text(jobs=DEV_JOB_TEXT + "\nСтажёр, Berlin\n", skills="Python"))
    assert _part(match(old_job, remote_ru), "location").fraction == 1.0


def test_negated_mentions_are_not_evidence():
    text = resume_text(
        jobs=DEV_JOB_TEXT + "С Kubernetes в продакшене не работал, деплой делали админы.\n",
        skills="Python, FastAPI, PostgreSQL",
    )
    cand = profile(jobs=DEV_JOBS, skills=["Python", "FastAPI", "PostgreSQL"], text=text)
    checks = {c.requirement: c.level for c in match(cand, BACKEND).must_have}
    assert checks["Kubernetes"] == "none"
    assert checks["PostgreSQL"] == "work_relevant"


def test_a_job_without_a_parsed_title_is_classified_from_its_first_lines():
    sales = VacancyRequirements.from_parsed(
        {"title": "Менеджер по продажам B2B", "must_have": ["Активные продажи"], "min_experience_years": 2}
    )
    jobs = [
        {"company": "Кофейня «Зерно»", "title": "", "start": "2021-01", "end": None},
    ]
    text = resume_text(
        jobs="Кофейня «Зерно», Екатеринбург — бариста\n• Готовил кофе, работал на кассе.\n", skills="Активные продажи"
    )
    barista = profile(jobs=jobs, skills=["Активные продажи"], text=text, desired="")
    result = match(barista, sales)
    assert result.relevant_years == 0  # not a partly relevant job of unknown kind
    kam_jobs = [{"company": "ООО «Опт»", "title": "Менеджер по работе с ключевыми клиентами", "start": "2020-01"}]
    kam_text = resume_text(jobs="Менеджер по работе с ключевыми клиентами, ООО «Опт»\n• Холодные звонки.\n", skills="")
    kam = match(profile(jobs=kam_jobs, skills=[], text=kam_text, desired=""), sales)
    assert _part(kam, "role").fraction == 1.0
    assert {c.requirement: c.level for c in kam.must_have}["Активные продажи"] == "work_relevant"  # cold calls ⇒


def test_courses_and_pet_projects_written_in_cyrillic_are_not_work():
    text = resume_text(
        jobs=(
            "Ведущий PHP-разработчик, ООО «Оплата»\n• Платёжный агрегатор на Laravel, MySQL.\n"
            "• Пет-проект: бот на Python и FastAPI.\n"
        ),
        skills="PHP, Laravel",
    )
    jobs = [{"company": "ООО «Оплата»", "title": "Ведущий PHP-разработчик", "start": "2018-01", "end": None}]
    checks = {c.requirement: c.level for c in match(profile(jobs=jobs, skills=["PHP"], text=text), BACKEND).must_have}
    assert checks["FastAPI / Django"] not in ("work_relevant", "work_other")


def test_a_level_read_from_years_is_a_floor_not_a_ceiling():
    stated = VacancyRequirements.from_parsed({**_base(), "title": "Middle Python-разработчик", "seniority": "middle"})
    inferred = VacancyRequirements.from_parsed({**_base(), "title": "Python-разработчик", "seniority": "middle"})
    senior = strong()  # a senior title and seven years
    assert _part(match(senior, stated), "seniority").fraction < 1.0  # the posting asked for middle
    assert _part(match(senior, inferred), "seniority").fraction == 1.0  # "от 3 лет" only
