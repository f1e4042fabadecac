"""A synthetic candidate set and 20 recruiter-style queries with graded answers, for
``bench/candidate_search.py``.

Each synthetic person has attributes (role, industry, skills, flags) and a resume text
written from them with varied wording: an industry is named the way people write it
(«платёжный сервис», «кредитная организация», «процессинг карт» for fintech), a role by
one of several titles, so a query's exact words are often absent from a relevant
resume. Grades (0-3) come from the attributes by each query's rule, never from the text.

Queries 1-12 are the development split (weights and thresholds were tuned on them);
13-20 are held out and were only run to report.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

ROLES: dict[str, dict[str, list[str]]] = {
    "python": {
        "titles": [
            "Python-разработчик",
            "Backend-разработчик (Python)",
            "Программист Python",
            "Разработчик серверной части",
        ],
        "skills": ["Python", "Django", "FastAPI", "PostgreSQL", "Redis", "Celery", "Docker"],
        "extra": ["Kafka", "Kubernetes", "RabbitMQ", "asyncio", "ClickHouse"],
    },
    "java": {
        "titles": ["Java-разработчик", "Backend-инженер (Java)", "Разработчик Java/Spring"],
        "skills": ["Java", "Spring Boot", "Hibernate", "PostgreSQL", "Maven"],
        "extra": ["Kafka", "Kubernetes", "Oracle", "gRPC"],
    },
    "go": {
        "titles": ["Go-разработчик", "Golang backend developer", "Разработчик микросервисов на Go"],
        "skills": ["Go", "gRPC", "PostgreSQL", "Docker"],
        "extra": ["Kafka", "Kubernetes", "Prometheus", "Redis"],
    },
    "frontend": {
        "titles": ["Frontend-разработчик", "Веб-разработчик (клиентская часть)", "React-разработчик"],
        "skills": ["JavaScript", "React", "HTML", "CSS", "Redux"],
        "extra": ["TypeScript", "Next.js", "Vue", "Webpack"],
    },
    "ios": {
        "titles": ["iOS-разработчик", "Мобильный разработчик (iOS)", "Разработчик приложений для iPhone"],
        "skills": ["Swift", "UIKit", "SwiftUI", "Xcode"],
        "extra": ["Combine", "CoreData", "Objective-C"],
    },
    "android": {
        "titles": ["Android-разработчик", "Мобильный разработчик (Android)"],
        "skills": ["Kotlin", "Android SDK", "Jetpack Compose", "Gradle"],
        "extra": ["Java", "Coroutines", "Room"],
    },
    "qa_manual": {
        "titles": ["Тестировщик", "QA-инженер", "Инженер по тестированию", "Специалист по контролю качества ПО"],
        "skills": ["тест-дизайн", "Jira", "TestRail", "Postman", "SQL"],
        "extra": ["Charles", "DevTools", "ADB"],
    },
    "qa_auto": {
        "titles": ["Автоматизатор тестирования", "QA Automation Engineer", "Инженер по автоматизации тестирования"],
        "skills": ["Selenium", "pytest", "Allure", "CI/CD"],
        "extra": ["Java", "Python", "JMeter", "Appium", "Gatling"],
    },
    "devops": {
        "titles": ["DevOps-инженер", "SRE-инженер", "Инженер по инфраструктуре", "Системный инженер (DevOps)"],
        "skills": ["Linux", "Docker", "Ansible", "Terraform", "GitLab CI"],
        "extra": ["Kubernetes", "Helm", "Prometheus", "Grafana", "Kafka"],
    },
    "data": {
        "titles": ["Аналитик данных", "Data Analyst", "BI-аналитик", "Дата-инженер"],
        "skills": ["SQL", "Python", "pandas", "Tableau"],
        "extra": ["Spark", "Airflow", "ClickHouse", "Power BI", "A/B-тесты"],
    },
    "accountant": {
        "titles": ["Бухгалтер", "Главный бухгалтер", "Бухгалтер по участку"],
        "skills": ["1С:Бухгалтерия", "НДС", "первичная документация", "банк-клиент"],
        "extra": ["ЗУП", "расчёт отпускных", "больничные", "МСФО"],
    },
    "sales": {
        "titles": ["Менеджер по продажам", "Менеджер по работе с клиентами (B2B)", "Account-менеджер"],
        "skills": ["холодные звонки", "CRM", "переговоры", "коммерческие предложения"],
        "extra": ["тендеры", "Битрикс24", "amoCRM"],
    },
    "logist": {
        "titles": ["Логист", "Специалист по логистике", "Менеджер по перевозкам"],
        "skills": ["маршрутизация", "документооборот", "1С:УТ", "перевозчики"],
        "extra": ["ВЭД", "таможенное оформление", "CMR", "Incoterms"],
    },
    "hr": {
        "titles": ["Рекрутер", "HR-менеджер", "Специалист по подбору персонала"],
        "skills": ["поиск кандидатов", "собеседования", "hh.ru", "адаптация"],
        "extra": ["IT-рекрутинг", "LinkedIn", "employer branding"],
    },
    "c1": {
        "titles": ["Программист 1С", "Разработчик 1С", "1С-специалист"],
        "skills": ["1С:Предприятие 8.3", "СКД", "обмены данными", "БСП"],
        "extra": ["ЗУП", "ERP", "УТ", "Бухгалтерия предприятия"],
    },
    "product": {
        "titles": ["Product Manager", "Продакт-менеджер", "Менеджер продукта"],
        "skills": ["CustDev", "roadmap", "метрики", "Jira"],
        "extra": ["A/B-тесты", "SQL", "unit-экономика"],
    },
}

INDUSTRIES: dict[str, list[str]] = {
    "fintech": [
        "в финтехе",
        "в банке «Северный»",
        "в платёжном сервисе",
        "в кредитной организации",
        "в компании по процессингу банковских карт",
        "в брокерском приложении",
    ],
    "retail": ["в ритейле", "в сети магазинов «Продукты рядом»", "в интернет-магазине", "в e-commerce маркетплейсе"],
    "logistics": ["в транспортной компании", "в логистическом операторе", "в службе доставки грузов"],
    "telecom": ["в телеком-операторе", "у оператора связи", "в компании мобильной связи"],
    "gamedev": ["в игровой студии", "в геймдеве"],
    "health": ["в сети клиник", "в разработке медицинских информационных систем", "в медицинском центре"],
    "government": ["в госсекторе", "в муниципальном учреждении"],
}

CITIES = ["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург", "Нижний Новгород", "Самара"]
FIRST = [
    "Алексей",
    "Мария",
    "Иван",
    "Ольга",
    "Дмитрий",
    "Анна",
    "Сергей",
    "Елена",
    "Павел",
    "Наталья",
    "Кирилл",
    "Юлия",
]
LAST = ["Смирнов", "Иванова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Козлов", "Новикова", "Морозов", "Волкова"]

# Flags a few resumes get, phrased in several ways.
FLAG_TEXT = {
    "highload": [
        "высоконагруженные сервисы, 20 тыс. запросов в секунду",
        "нагруженная система с миллионами пользователей",
    ],
    "lead": ["руководил командой из 6 разработчиков", "тимлид группы из пяти человек", "вёл команду разработки"],
    "mobile_testing": [
        "тестирование мобильных приложений на iOS и Android",
        "проверка мобильного приложения на смартфонах",
    ],
    "performance": ["нагрузочное тестирование на JMeter", "проверка производительности под нагрузкой (Gatling)"],
    "payroll": ["расчёт заработной платы на 300 сотрудников", "начисление зарплаты, отпускных и больничных"],
    "international": ["международные перевозки и таможенное оформление", "доставка грузов из Китая и Европы (ВЭД)"],
    "it_recruiting": ["подбор разработчиков и тестировщиков", "закрывал вакансии IT-специалистов"],
}
ROLE_FLAGS = {
    "python": ["highload", "lead"],
    "java": ["highload", "lead"],
    "go": ["highload", "lead"],
    "frontend": ["lead"],
    "ios": ["lead"],
    "android": ["lead"],
    "qa_manual": ["mobile_testing", "performance"],
    "qa_auto": ["performance", "mobile_testing"],
    "devops": ["highload"],
    "data": [],
    "accountant": ["payroll"],
    "sales": [],
    "logist": ["international"],
    "hr": ["it_recruiting"],
    "c1": ["lead"],
    "product": ["lead"],
}
DEV_ROLES = {"python", "java", "go", "frontend", "ios", "android", "c1"}


@dataclass
class Person:
    key: str
    name: str
    role: str
    industry: str
    skills: list[str]
    flags: set[str] = field(default_factory=set)
    text: str = ""
    city: str = ""


def build_people(n_per_role: int = 6, seed: int = 11) -> list[Person]:
    rng = random.Random(seed)
    people = []
    for role, spec in ROLES.items():
        for i in range(n_per_role):
            industry = rng.choice(list(INDUSTRIES))
            skills = spec["skills"][:] + rng.sample(spec["extra"], k=rng.randint(0, len(spec["extra"])))
            rng.shuffle(skills)
            flags = {f for f in ROLE_FLAGS[role] if rng.random() < 0.45}
            p = Person(
                key=f"{role}-{i}",
                name=f"{rng.choice(LAST)} {rng.choice(FIRST)} {role}{i}",
                role=role,
                industry=industry,
                skills=skills,
                flags=flags,
                city=rng.choice(CITIES),
            )
            p.text = _resume(p, spec, rng)
            people.append(p)
    return people


def _resume(p: Person, spec: dict[str, list[str]], rng: random.Random) -> str:
    title = rng.choice(spec["titles"])
    years = rng.randint(1, 12)
    where = rng.choice(INDUSTRIES[p.industry])
    lines = [
        p.name,
        f"{p.city}, готов к командировкам" if rng.random() < 0.3 else p.city,
        f"Желаемая должность: {title}",
        f"Опыт работы: {years} лет",
        f"{rng.choice(spec['titles'])}, {where}, {2024 - min(years, 6)}–2024",
    ]
    for flag in sorted(p.flags):
        lines.append("• " + rng.choice(FLAG_TEXT[flag]))
    lines.append(
        "• "
        + rng.choice(
            ["участвовал в запуске новых сервисов", "вёл документацию", "работал в кросс-функциональной команде"]
        )
    )
    lines.append("Навыки: " + ", ".join(p.skills))
    lines.append(rng.choice(["Английский — B1", "Английский — технический", "Английский — B2"]))
    return "\n".join(lines)


Grade = Callable[[Person], int]


def _has(p: Person, *skills: str) -> bool:
    low = {s.lower() for s in p.skills}
    return any(s.lower() in low for s in skills)


QUERIES: list[tuple[str, Grade]] = [
    # --- development split (1-12) ---
    (
        "кто работал с Kafka в финтехе",
        lambda p: (
            3
            if _has(p, "Kafka") and p.industry == "fintech"
            else (1 if _has(p, "Kafka") or (p.industry == "fintech" and p.role in DEV_ROLES) else 0)
        ),
    ),
    (
        "тестировщик мобильных приложений",
        lambda p: (
            3
            if p.role in ("qa_manual", "qa_auto") and "mobile_testing" in p.flags
            else (2 if p.role == "qa_manual" else (1 if p.role in ("qa_auto", "ios", "android") else 0))
        ),
    ),
    (
        "бухгалтер по зарплате",
        lambda p: 3 if p.role == "accountant" and "payroll" in p.flags else (2 if p.role == "accountant" else 0),
    ),
    (
        "python разработчик highload",
        lambda p: (
            3
            if p.role == "python" and "highload" in p.flags
            else (2 if p.role == "python" else (1 if "highload" in p.flags else 0))
        ),
    ),
    (
        "девопс с кубером",
        lambda p: (
            3
            if p.role == "devops" and _has(p, "Kubernetes")
            else (2 if p.role == "devops" else (1 if _has(p, "Kubernetes") else 0))
        ),
    ),
    (
        "аналитик данных в ритейле",
        lambda p: 3 if p.role == "data" and p.industry == "retail" else (2 if p.role == "data" else 0),
    ),
    (
        "менеджер по продажам в логистике",
        lambda p: (
            3
            if p.role == "sales" and p.industry == "logistics"
            else (2 if p.role == "sales" else (1 if p.role == "logist" else 0))
        ),
    ),
    ("рекрутер в IT", lambda p: 3 if p.role == "hr" and "it_recruiting" in p.flags else (2 if p.role == "hr" else 0)),
    ("iOS разработчик", lambda p: 3 if p.role == "ios" else (1 if p.role == "android" else 0)),
    ("программист 1С", lambda p: 3 if p.role == "c1" else (1 if p.role == "accountant" else 0)),
    (
        "фронтенд на React и TypeScript",
        lambda p: 3 if p.role == "frontend" and _has(p, "TypeScript") else (2 if p.role == "frontend" else 0),
    ),
    (
        "автоматизатор тестирования на Java",
        lambda p: (
            3
            if p.role == "qa_auto" and _has(p, "Java")
            else (2 if p.role == "qa_auto" else (1 if p.role == "java" else 0))
        ),
    ),
    # --- held-out split (13-20) ---
    (
        "продакт в банке",
        lambda p: 3 if p.role == "product" and p.industry == "fintech" else (2 if p.role == "product" else 0),
    ),
    (
        "логист по международным перевозкам",
        lambda p: 3 if p.role == "logist" and "international" in p.flags else (2 if p.role == "logist" else 0),
    ),
    (
        "бэкенд на Go для телекома",
        lambda p: (
            3
            if p.role == "go" and p.industry == "telecom"
            else (2 if p.role == "go" else (1 if p.role in ("python", "java") else 0))
        ),
    ),
    (
        "специалист по нагрузочному тестированию",
        lambda p: 3 if "performance" in p.flags else (1 if p.role in ("qa_manual", "qa_auto") else 0),
    ),
    (
        "data engineer Spark Airflow",
        lambda p: 3 if p.role == "data" and _has(p, "Spark", "Airflow") else (1 if p.role == "data" else 0),
    ),
    (
        "кто руководил командой разработки",
        lambda p: 3 if "lead" in p.flags and p.role in DEV_ROLES else (1 if "lead" in p.flags else 0),
    ),
    (
        "разработчик для медицины",
        lambda p: 3 if p.role in DEV_ROLES and p.industry == "health" else (1 if p.industry == "health" else 0),
    ),
    ("Android Kotlin", lambda p: 3 if p.role == "android" else (1 if p.role == "ios" else 0)),
]
DEV = range(0, 12)
HELD_OUT = range(12, 20)
