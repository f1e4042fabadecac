"""The one synonym dictionary of skills: canonical name → spellings people use.

Used by resume parsing, vacancy parsing and (later) matching, so that "Postgres" in a
resume and "PostgreSQL" in a vacancy are the same skill. Lookup is case-insensitive and
ignores version numbers and qualifiers such as "(базово)"; unknown skills are kept as
written (a skills block is the candidate's own list).
"""

from __future__ import annotations

import re
from functools import lru_cache

SKILLS: dict[str, list[str]] = {
    # Languages and runtimes
    "Python": ["python3", "python 3", "питон", "python 3.x"],
    "Java": ["java se", "java ee"],
    "Kotlin": [],
    "Scala": [],
    "Go": ["golang"],
    "Rust": [],
    "C": [],
    "C++": ["cpp", "c/c++"],
    "C#": ["c sharp", ".net c#"],
    ".NET": ["dotnet", "asp.net", ".net core", "asp.net core"],
    "PHP": ["php 7", "php 8"],
    "Ruby": [],
    "Ruby on Rails": ["rails", "ror"],
    "JavaScript": ["js", "javascript (es6+)", "es6", "ecmascript", "java script", "vanilla js"],
    "TypeScript": ["ts"],
    "Node.js": ["node", "nodejs", "node js"],
    "Swift": [],
    "Objective-C": [],
    "Dart": [],
    "Flutter": [],
    "Bash": ["shell", "bash scripting", "shell scripting", "sh"],
    "PowerShell": [],
    "SQL": ["sql-запросы", "язык sql", "t-sql", "pl/sql", "plsql", "tsql"],
    "R": [],
    "MATLAB": [],
    "1С:Предприятие 8": ["1с:предприятие", "1с предприятие", "платформа 1с", "1с:предприятие 8.3", "1с 8.3"],
    "1С:ЗУП": ["1с зуп", "зуп", "1с:зарплата и управление персоналом", "1с: зуп", "1с:зуп 3"],
    "1С:Бухгалтерия": ["1с бухгалтерия", "1с:бп", "1с:бухгалтерия предприятия", "1с: бухгалтерия", "1с:бухгалтерии"],
    "1С:ERP": ["1с erp", "1с:erp 2", "1с:erp управление предприятием"],
    "1С:УПП": ["1с упп"],
    "1С:Управление торговлей": ["1с:ут", "1с ут", "1с:управление торговлей", "1с ут 11"],
    "1С:Документооборот": ["1с:до"],
    "1С:EDT": ["edt", "1c:edt"],
    "1С": ["1c", "1с", "1с:8", "1c:8"],
    "СКД": ["система компоновки данных"],
    "БСП": ["библиотека стандартных подсистем"],
    "EnterpriseData": ["обмен данными (enterprisedata)", "enterprise data"],
    "HTTP-сервисы": ["http сервисы", "http-services"],
    # Backend frameworks and libraries
    "Django": ["django framework", "django orm"],
    "Django REST Framework": ["drf", "django rest", "django-rest-framework"],
    "FastAPI": ["fast api"],
    "Flask": [],
    "aiohttp": [],
    "Tornado": [],
    "asyncio": ["async/await", "асинхронное программирование"],
    "Celery": [],
    "SQLAlchemy": ["sql alchemy"],
    "Alembic": [],
    "Pydantic": [],
    "Requests": ["python requests"],
    "httpx": [],
    "Spring": ["spring framework"],
    "Spring Boot": ["springboot"],
    "Hibernate": [],
    "Laravel": [],
    "Symfony": [],
    "Yii": ["yii2"],
    "NestJS": ["nest.js", "nest"],
    "Express": ["express.js", "expressjs"],
    "GraphQL": [],
    "gRPC": ["grpc"],
    "REST API": ["rest", "restful", "restful api", "rest api", "rest-api", "api rest"],
    "OpenAPI": ["swagger/openapi", "open api"],
    "Swagger": [],
    "WebSocket": ["websockets", "web sockets"],
    "Микросервисная архитектура": [
        "микросервисы",
        "microservices",
        "микросервисная архитектура",
        "microservice architecture",
    ],
    # Data stores and messaging
    "PostgreSQL": ["postgres", "postgresql", "pg", "postgre", "постгрес"],
    "MySQL": ["mariadb"],
    "Oracle": ["oracle db", "oracle database"],
    "MS SQL Server": ["mssql", "ms sql", "sql server", "microsoft sql server"],
    "SQLite": [],
    "MongoDB": ["mongo"],
    "Redis": [],
    "Elasticsearch": ["elastic", "elastic search", "opensearch"],
    "ClickHouse": ["clickhouse", "click house"],
    "Cassandra": [],
    "Apache Kafka": ["kafka"],
    "RabbitMQ": ["rabbit mq", "rabbit"],
    "NATS": [],
    "IBM MQ": [],
    # Frontend
    "React": ["react.js", "reactjs", "react 18", "react js"],
    "Redux": ["redux toolkit", "rtk", "redux-toolkit"],
    "MobX": [],
    "Zustand": [],
    "Next.js": ["nextjs", "next"],
    "Vue.js": ["vue", "vuejs", "vue 3", "vue.js 3", "vue2", "vue3"],
    "Nuxt.js": ["nuxt"],
    "Angular": ["angularjs"],
    "Svelte": [],
    "jQuery": [],
    "HTML": ["html5", "html 5"],
    "CSS": ["css3", "css 3"],
    "SCSS": ["sass"],
    "Less": [],
    "Tailwind CSS": ["tailwind"],
    "Webpack": [],
    "Vite": [],
    "Babel": [],
    "Storybook": [],
    "Jest": [],
    "React Testing Library": ["rtl", "testing library", "rtl (react testing library)"],
    "Cypress": [],
    "Figma": [],
    "Sketch": [],
    "Adobe Photoshop": ["photoshop"],
    "Adobe Illustrator": ["illustrator"],
    "WordPress": [],
    # QA
    "pytest": ["py.test"],
    "unittest": [],
    "Selenium": ["selenium webdriver", "webdriver"],
    "Selenide": [],
    "Selenoid": [],
    "Playwright": [],
    "Appium": [],
    "Postman": [],
    "Allure": ["allure testops", "allure report"],
    "TestRail": [],
    "TestIT": ["test it"],
    "Qase": [],
    "JUnit": ["junit 5", "junit5"],
    "TestNG": [],
    "REST Assured": ["restassured", "rest-assured"],
    "Locust": [],
    "JMeter": ["apache jmeter"],
    "k6": [],
    "Pact": [],
    "WireMock": [],
    "jsonschema": ["json schema"],
    "Charles Proxy": ["charles"],
    "Fiddler": [],
    "Chrome DevTools": [],
    "DevTools": [],
    "Page Object": ["page object model", "pom"],
    "Ручное тестирование": ["manual testing", "функциональное тестирование"],
    "Тест-дизайн": ["test design", "тест дизайн"],
    "Тестирование API": ["api testing", "тестирование rest api", "api-тестирование"],
    "Контрактное тестирование": ["contract testing"],
    "Нагрузочное тестирование": ["load testing", "performance testing"],
    "Автоматизация тестирования": ["test automation", "автотесты"],
    "ISTQB": [],
    # DevOps / SRE
    "Linux": ["linux administration", "администрирование linux", "unix"],
    "Docker": ["docker compose", "docker-compose"],
    "Kubernetes": ["k8s", "kubernetes (k8s)", "кубернетес"],
    "Helm": [],
    "Argo CD": ["argocd", "argo"],
    "Terraform": [],
    "Ansible": [],
    "Puppet": [],
    "Chef": [],
    "Jenkins": [],
    "GitLab CI": ["gitlab ci/cd", "gitlab-ci", "gitlab"],
    "GitHub Actions": ["github actions"],
    "TeamCity": [],
    "CI/CD": ["ci / cd", "ci-cd"],
    "Prometheus": [],
    "Grafana": [],
    "Loki": [],
    "Thanos": [],
    "Alertmanager": [],
    "Zabbix": [],
    "ELK": ["elk stack"],
    "Kibana": [],
    "OpenTelemetry": [],
    "Sentry": [],
    "Nginx": [],
    "HAProxy": [],
    "AWS": ["amazon web services"],
    "GCP": ["google cloud", "google cloud platform"],
    "Azure": ["microsoft azure"],
    "Yandex Cloud": ["yandex.cloud", "яндекс облако", "яндекс.облако"],
    "OpenStack": [],
    "SLO/SLI": ["slo/sli/sla", "slo", "sli", "slo/sli"],
    "Incident Management": ["incident management", "управление инцидентами"],
    "Git": ["github", "git flow"],
    "Vault": ["hashicorp vault"],
    # Data / ML
    "pandas": [],
    "NumPy": [],
    "SciPy": [],
    "scikit-learn": ["sklearn", "scikit learn"],
    "CatBoost": [],
    "LightGBM": [],
    "XGBoost": [],
    "PyTorch": ["torch"],
    "TensorFlow": [],
    "Keras": [],
    "Airflow": ["apache airflow"],
    "MLflow": [],
    "Spark": ["apache spark", "pyspark"],
    "Hadoop": [],
    "Jupyter": ["jupyter notebook"],
    "Tableau": [],
    "Power BI": ["powerbi"],
    "Superset": ["apache superset"],
    "DataLens": ["yandex datalens"],
    "A/B-тестирование": ["a/b-тесты", "a/b тесты", "a/b testing", "ab-тесты", "a/b-testing", "a/b tests"],
    "Machine Learning": ["ml", "машинное обучение"],
    "NLP": [],
    "Computer Vision": ["cv"],
    "Статистика": ["statistics", "математическая статистика"],
    # Product / project / analysis
    "Product Discovery": ["discovery"],
    "Customer Development": ["custdev", "кастдев"],
    "CJM": ["customer journey map"],
    "Unit-экономика": ["юнит-экономика", "unit economics", "юнит экономика"],
    "Amplitude": [],
    "Jira": ["atlassian jira"],
    "Confluence": [],
    "Miro": [],
    "Notion": [],
    "Trello": [],
    "YouTrack": [],
    "Redmine": [],
    "Scrum": [],
    "Kanban": [],
    "Agile": [],
    "RICE": [],
    "BPMN": ["bpmn 2.0"],
    "UML": [],
    "Системный анализ": ["system analysis"],
    "Бизнес-анализ": ["business analysis"],
    "Управление проектами": ["project management"],
    "Руководство командой": ["управление командой", "team leadership", "team lead", "people management"],
    "Менторство": ["mentoring", "наставничество"],
    # Office, accounting, HR, sales, logistics
    "Excel": ["ms excel", "microsoft excel", "excel (впр, сводные таблицы)", "google sheets"],
    "MS Office": ["microsoft office", "ms office", "word"],
    "Расчёт заработной платы": ["расчет заработной платы", "расчёт зарплаты", "расчет зарплаты", "payroll"],
    "НДФЛ": ["6-ндфл", "ндфл"],
    "Страховые взносы": ["рсв"],
    "Отчётность в СФР": ["ефс-1", "отчетность в сфр", "сзв-м", "сзв-тд"],
    "Кадровое делопроизводство": ["кадровый учёт", "кадровый учет", "кадровое делопроизводство"],
    "Бухгалтерский учёт": ["бухгалтерский учет", "бухучёт", "бухучет"],
    "Налоговый учёт": ["налоговый учет"],
    "МСФО": ["ifrs"],
    "СБИС": [],
    "Контур.Экстерн": ["контур экстерн", "контур.экстерн"],
    "Подбор персонала": ["рекрутинг", "recruitment", "recruiting", "подбор"],
    "Адаптация персонала": ["адаптация", "onboarding"],
    "Трудовое право": ["трудовое законодательство", "тк рф"],
    "Воинский учёт": ["воинский учет"],
    "hh.ru": ["headhunter", "хедхантер", "hh"],
    "Активные продажи": ["active sales"],
    "B2B-продажи": ["b2b продажи", "b2b sales", "продажи b2b"],
    "Холодные звонки": ["cold calls", "cold calling"],
    "Ведение переговоров": ["переговоры", "negotiations", "деловые переговоры"],
    "Работа с возражениями": ["отработка возражений"],
    "Битрикс24": ["битрикс 24", "bitrix24", "битрикс", "bitrix 24"],
    "amoCRM": ["амосрм", "amo crm"],
    "CRM": ["crm-системы", "crm системы"],
    "Госзакупки (44-ФЗ, 223-ФЗ)": ["тендеры", "тендеры (44-фз, 223-фз)", "госзакупки", "44-фз", "223-фз"],
    "Деловая переписка": ["business correspondence"],
    "Организация грузоперевозок": ["организация перевозок", "грузоперевозки"],
    "ATI.SU": ["ати", "ati", "ati.su (ати)"],
    "WMS": [],
    "Incoterms": ["инкотермс", "incoterms 2020", "инкотермс 2020"],
    "Транспортные документы": ["документооборот (ттн, тн, договоры-заявки)", "ттн", "транспортная накладная"],
    "Расчёт ставок": ["расчет ставок"],
    "Работа с клиентами": ["работа с клиентами", "client relations"],
    "Эквайринг": ["acquiring"],
    "СБП": [],
    # Mobile
    "iOS": [],
    "Android": [],
    "SwiftUI": [],
    "UIKit": [],
    "Jetpack Compose": ["compose"],
    "React Native": [],
    "Xcode": [],
    "Android Studio": [],
    "Firebase": [],
    # Marketing and analytics
    "SEO": ["поисковая оптимизация"],
    "SMM": [],
    "Контекстная реклама": ["ppc", "контекст"],
    "Таргетированная реклама": ["таргет", "таргетинг"],
    "Яндекс.Директ": ["яндекс директ", "yandex direct", "директ"],
    "Яндекс.Метрика": ["яндекс метрика", "yandex metrica", "метрика"],
    "Google Analytics": ["ga4", "google analytics 4"],
    "Google Ads": ["google adwords", "adwords"],
    "VK Реклама": ["vk ads", "вк реклама", "таргет вк"],
    "Tilda": ["тильда"],
    "Email-маркетинг": ["email marketing", "e-mail маркетинг", "рассылки"],
    "Копирайтинг": ["copywriting"],
    "Маркетинговая аналитика": ["marketing analytics"],
    "Looker Studio": ["google data studio", "data studio"],
    "Looker": [],
    "Metabase": [],
    "Qlik": ["qlik sense", "qlikview"],
    "DBT": ["dbt"],
    "Greenplum": [],
    "Snowflake": [],
    "BigQuery": ["google bigquery"],
    "Kafka Streams": [],
    "Flink": ["apache flink"],
    "Hive": ["apache hive"],
    "ETL": ["elt"],
    "DWH": ["data warehouse", "хранилище данных"],
    # Design
    "Adobe After Effects": ["after effects"],
    "Adobe InDesign": ["indesign"],
    "Blender": [],
    "UX/UI": ["ui/ux", "ux", "ui", "ux-дизайн", "ui-дизайн"],
    "Прототипирование": ["prototyping"],
    "Дизайн-системы": ["design systems", "design system", "дизайн-система"],
    # Procurement, office, management
    "SAP": ["sap erp"],
    "Закупки": ["procurement", "закупочная деятельность"],
    "Управление поставщиками": ["работа с поставщиками", "supplier management"],
    "Бюджетирование": ["budgeting"],
    "Финансовый анализ": ["financial analysis"],
    "Управленческий учёт": ["управленческий учет"],
    "ВЭД": ["внешнеэкономическая деятельность"],
    "Таможенное оформление": ["таможенное декларирование"],
    "PowerPoint": ["ms powerpoint"],
    "Google Workspace": ["g suite", "google docs"],
    "ChatGPT": ["chat gpt"],
    "LLM": ["large language models"],
    "Prompt engineering": ["промпт-инжиниринг"],
}

_QUALIFIERS = re.compile(
    r"\s*\((?:базово|базовый|базовые|basic|basics|основы|начальный|скрипты|scripts|чтение кода|pet-проекты|"
    r"администрирование|запросы|learning|изучаю|в процессе|опыт \d+.*?)\)\s*",
    re.IGNORECASE,
)
_VERSION = re.compile(r"\s+(?:\d+(?:\.\d+)*(?:\.x|\+)?|v\d+)$", re.IGNORECASE)


def _key(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("c:", "с:")
    # Latin "C" typed instead of Cyrillic "С" in 1С product names is common.
    text = re.sub(r"\b1c\b", "1с", text)
    text = re.sub(r"^1с\s*[:\-]?\s*", "1с:", text) if text.startswith(("1с ", "1с:", "1с-")) else text
    return re.sub(r"\s+", " ", text).strip(" .,;:")


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, aliases in SKILLS.items():
        for alias in [canonical, *aliases]:
            index.setdefault(_key(alias), canonical)
    return index


def lookup(text: str) -> str | None:
    """Canonical name of a known skill, or None."""
    index = _index()
    key = _key(text)
    if key in index:
        return index[key]
    stripped = _VERSION.sub("", key)
    if stripped in index:
        return index[stripped]
    return None


def split_paren(item: str) -> tuple[str, str]:
    match = re.match(r"^(.*?)\s*\((.*)\)\s*$", item)
    if not match:
        return item, ""
    return match.group(1).strip(), match.group(2).strip()


def canonicalise(item: str) -> list[str]:
    """Canonical skills named by one item of a skills list ("Django/DRF" → two)."""
    item = re.sub(r"^[\s•▪·\-–—*]+", "", item).strip(" .;")
    if not item or len(item) > 80:
        return []
    known = lookup(item)
    if known:
        return [known]
    without = _QUALIFIERS.sub(" ", item).strip()
    known = lookup(without)
    if known:
        return [known]
    main, inner = split_paren(without)
    if inner:
        head = lookup(main)
        inner_known = [k for k in (lookup(p) for p in re.split(r"[,;/]", inner)) if k]
        if head:
            return [head, *[k for k in inner_known if k != head]]
        if lookup(inner):
            return [lookup(inner)]  # type: ignore[list-item]
    for separator in ("/", "+", " и ", " & ", " and "):
        if separator in main:
            parts = [p.strip() for p in main.split(separator) if p.strip()]
            found = [lookup(p) for p in parts]
            if parts and all(found):
                return list(dict.fromkeys(found))  # type: ignore[arg-type]
    # Unknown skill: keep the person's spelling without version suffixes.
    return [_VERSION.sub("", main).strip()] if main else []


def tokens_to_skills(line: str) -> list[str]:
    """Skills from a space-separated tag line (hh.ru exports print tags without commas):
    greedy longest dictionary match; an unknown lower-case word continues the previous
    unknown tag ("Руководство командой")."""
    words = line.split()
    result: list[str] = []
    open_unknown = False
    i = 0
    while i < len(words):
        for n in range(min(4, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            known = lookup(phrase)
            if known:
                result.append(known)
                i += n
                open_unknown = False
                break
        else:
            word = words[i]
            if open_unknown and word[:1].islower():
                result[-1] = result[-1] + " " + word
            else:
                result.append(word)
                open_unknown = True
            i += 1
    return result


def _stem_pattern(alias: str) -> str:
    """Russian words inflect ("расчёта заработной платы"): match multiword Cyrillic
    aliases by word stems; everything else literally."""
    words = alias.split(" ")
    if len(words) > 1 and re.search("[а-я]", alias):
        parts = []
        for word in words:
            if len(word) >= 5 and re.fullmatch("[а-я-]+", word):
                parts.append(re.escape(word[: max(4, len(word) - 2)]) + r"[а-я]*")
            else:
                parts.append(re.escape(word))
        return r"\s+".join(parts)
    return re.escape(alias)


@lru_cache(maxsize=1)
def _text_patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for alias, canonical in _index().items():
        if len(alias) < 2:
            continue
        if (
            len(alias) <= 3
            and alias.isalpha()
            and alias not in {"go", "sql", "css", "php", "1с", "crm", "qa", "seo", "smm", "erp"}
        ):
            # Short aliases (js, ts, ml, pg...) are too ambiguous inside free text.
            continue
        body = _stem_pattern(alias)
        patterns.append((re.compile(r"(?<![\w.+#-])" + body + r"(?![\w+#])"), canonical))
    return patterns


def find_in_text(text: str) -> list[str]:
    """Known skills mentioned anywhere in free text (vacancy requirements, bullets), in
    order of appearance; a mention inside a longer one ("1С" in "1С:ЗУП") is dropped."""
    lowered = _key(text)
    spans: list[tuple[int, int, str]] = []
    for pattern, canonical in _text_patterns():
        m = pattern.search(lowered)
        if m:
            spans.append((m.start(), m.end(), canonical))
    kept = [
        (start, end, name)
        for start, end, name in spans
        if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans)
    ]
    return list(dict.fromkeys(name for _, _, name in sorted(kept)))
