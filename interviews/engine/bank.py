"""The offline question bank: questions per skill and per role family, in Russian and
English, each with the points a good answer usually touches (word stems, any language).

An answer's coverage of those points is one signal (with length and specificity) of how
well it showed the requirement. The bank is deliberately general: a skill that is not
here gets questions from templates built around its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    ru: str
    en: str
    # Each point is a tuple of alternative stems; an answer covers the point when it
    # contains any of them.
    points: tuple[tuple[str, ...], ...] = ()
    followups: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.ru


def q(ru: str, en: str, points: str = "", followups: tuple[tuple[str, str], ...] = ()) -> Question:
    """Compact constructor: points as "a|b; c; d|e" (points separated by ';')."""
    parsed = tuple(tuple(alt.strip().lower() for alt in p.split("|") if alt.strip()) for p in points.split(";"))
    return Question(ru=ru, en=en, points=tuple(p for p in parsed if p), followups=followups)


# Canonical skill -> regex of how it is named in requirements and answers.
SKILL_ALIASES: dict[str, str] = {
    "Python": r"python|питон",
    "Django": r"django|джанго",
    "FastAPI": r"fastapi",
    "PostgreSQL": r"postgres|постгрес|\bsql\b|субд",
    "Message brokers": r"kafka|кафк|rabbitmq|брокер",
    "Docker": r"docker|докер|контейнер",
    "Kubernetes": r"kubernetes|k8s|кубер",
    "Testing": r"pytest|unit.?test|юнит|автотест|тестами|покрыва\w* тест",
    "Microservices": r"микросервис|microservice",
    "React": r"react|реакт",
    "TypeScript": r"typescript|\bts\b",
    "JavaScript": r"javascript|\bjs\b|es6",
    "State management": r"redux|zustand|mobx|состояни\w+ (приложени|state)|state management|управлени\w+ состояни",
    "CSS": r"\bcss\b|scss|вёрстк|верстк|адаптив",
    "REST API": r"rest|\bapi\b",
    "Go": r"\bgo\b|golang",
    "Linux": r"linux|линукс",
    "CI/CD": r"ci/cd|\bci\b|gitlab ci|github actions|jenkins|пайплайн",
    "Terraform": r"terraform|ansible|iac|инфраструктур\w* как код",
    "Monitoring": r"prometheus|grafana|мониторинг|observability|наблюдаемост",
    "Test design": r"тест.?дизайн|тест-кейс|test case|чек-лист|ручн\w+ тестировани|manual testing",
    "API testing": r"postman|тестировани\w+ api|api testing|swagger",
    "1С": r"1с|1c|бсп|скд",
    "Payroll": r"зарплат|заработн\w+ плат|зуп|ндфл|страхов\w+ взнос|payroll",
    "B2B sales": r"b2b|продаж|sales|холодн\w+ звон|переговор",
    "Scrum": r"scrum|agile|kanban|скрам|спринт",
    "Analytics": r"a/b|ab.?тест|метрик|аналитик|retention|когорт|продуктов\w+ анализ",
    "Excel": r"excel|эксель|google sheets|таблиц",
}
_ALIAS_RE = {skill: re.compile(pattern, re.IGNORECASE) for skill, pattern in SKILL_ALIASES.items()}


def skills_in(text: str) -> list[str]:
    """Canonical skills named in a requirement phrase or an answer, in bank order."""
    return [skill for skill, rx in _ALIAS_RE.items() if rx.search(text)]


SKILL_QUESTIONS: dict[str, list[Question]] = {
    "Python": [
        q(
            "Расскажите о последнем сервисе на Python, который вы писали: что он делал, как был устроен и что было самым сложным?",
            "Tell me about the last Python service you built: what it did, how it was structured, and what was hardest?",
            "сервис|service|api; асинхрон|async|celery|очеред|queue; тест|test; база|db|postgres|sql; производительн|нагрузк|performance|rps|latency",
            (
                (
                    "Как вы искали и устраняли узкие места производительности в этом сервисе?",
                    "How did you find and fix performance bottlenecks in it?",
                ),
                (
                    "Чем asyncio отличается от потоков в Python, и когда вы выберете одно или другое?",
                    "How does asyncio differ from threads in Python, and when would you choose each?",
                ),
            ),
        ),
    ],
    "Django": [
        q(
            "Как вы боретесь с проблемой N+1 запросов в Django ORM и как её замечаете?",
            "How do you deal with N+1 queries in the Django ORM, and how do you notice them?",
            r"select_related|prefetch_related; join|джойн; debug.?toolbar|explain|логи|silk|количеств\w* запрос; индекс|index",
        ),
    ],
    "FastAPI": [
        q(
            "Как в FastAPI вы организуете зависимости, валидацию и работу с базой в асинхронном коде?",
            "In FastAPI, how do you organise dependencies, validation and database access in async code?",
            "depends|зависимост; pydantic|валидац; async|асинхрон|await; сесси|session|sqlalchemy",
        ),
    ],
    "PostgreSQL": [
        q(
            "Запрос к PostgreSQL стал медленным на проде. Что вы будете делать по шагам?",
            "A PostgreSQL query became slow in production. What do you do, step by step?",
            "explain|analyze|план; индекс|index; vacuum|статистик|analyze; блокировк|lock; pg_stat|мониторинг|slow log|лог",
            (
                (
                    "Какие уровни изоляции транзакций вы знаете и какой выбрали бы для списания денег?",
                    "Which transaction isolation levels do you know, and which would you pick for charging money?",
                ),
            ),
        ),
    ],
    "Message brokers": [
        q(
            "Как вы обеспечивали надёжную доставку сообщений через брокер (Kafka, RabbitMQ): что делали с дублями и потерями?",
            "How did you make message delivery through a broker (Kafka, RabbitMQ) reliable: what about duplicates and losses?",
            "идемпотент|idempot; at.?least|exactly|ровно один|хотя бы; offset|ack|подтвержд|коммит; outbox|ретра|retry|dlq|dead letter; партиц|partition|consumer group",
        ),
    ],
    "Docker": [
        q(
            "Как вы собираете Docker-образы для своих сервисов и как делаете их небольшими и безопасными?",
            "How do you build Docker images for your services, and how do you keep them small and safe?",
            "multi.?stage|многоэтап; slim|alpine|distroless|размер; кеш|cache|слой|layer; root|пользовател|user; секрет|secret|env",
        ),
    ],
    "Kubernetes": [
        q(
            "Как в Kubernetes вы настраиваете деплой сервиса без простоя и что проверяете, если поды перезапускаются?",
            "In Kubernetes, how do you roll out a service without downtime, and what do you check when pods keep restarting?",
            "rolling|canary|blue.?green; readiness|liveness|проб; limits|requests|oom|памят; logs|describe|events|лог; hpa|replica|реплик",
        ),
    ],
    "Testing": [
        q(
            "Как вы пишете тесты: что покрываете юнит-тестами, что интеграционными, и как работаете с внешними зависимостями?",
            "How do you write tests: what do unit tests cover, what do integration tests cover, and how do you handle external dependencies?",
            "юнит|unit; интеграц|integration; mock|мок|фейк|fake|stub; fixture|фикстур; ci|покрыти|coverage",
        ),
    ],
    "Microservices": [
        q(
            "Как вы решали, где провести границы между микросервисами, и как сервисы у вас общаются?",
            "How did you decide where to draw boundaries between microservices, and how do they communicate?",
            "домен|domain|границ|bounded; http|grpc|rest|синхрон; событи|event|очеред|брокер|kafka; согласован|saga|транзакц|consisten; отказ|fault|ретра|retry|timeout",
        ),
    ],
    "React": [
        q(
            "Для чего в useEffect массив зависимостей и что будет, если его не передать?",
            "What is the dependency array of useEffect for, and what happens if you omit it?",
            "каждом рендер|every render|после каждого|each render; зависимост|dependenc|изменени; пуст|empty|один раз|once|mount; очистк|cleanup|return",
            (
                (
                    "Как вы находили и устраняли лишние перерендеры компонентов?",
                    "How did you find and remove unnecessary re-renders?",
                ),
            ),
        ),
    ],
    "TypeScript": [
        q(
            "Чем interface отличается от type в TypeScript и когда вы используете дженерики?",
            "How does an interface differ from a type in TypeScript, and when do you use generics?",
            "расшир|extends|merge|объедин|declaration; union|объединени|пересечени|intersection; generic|дженерик|обобщ; any|unknown|строг|strict",
        ),
    ],
    "JavaScript": [
        q(
            "Объясните, как работает event loop в JavaScript, на примере промисов и setTimeout.",
            "Explain how the JavaScript event loop works using promises and setTimeout as an example.",
            "стек|stack; микро|micro; макро|macro|task queue|очеред; промис|promise|then|await",
        ),
    ],
    "State management": [
        q(
            "Как у вас устроено управление состоянием приложения и почему выбран именно такой подход?",
            "How is application state managed in your project, and why that approach?",
            "redux|zustand|mobx|context|контекст; серверн|server state|react.?query|rtk|кеш|cache; селектор|selector|мемо|memo; глобальн|локальн|global|local",
        ),
    ],
    "CSS": [
        q(
            "Как вы делаете адаптивную вёрстку: какие подходы и инструменты используете?",
            "How do you build responsive layouts: which approaches and tools do you use?",
            "flex|grid; media|медиа|breakpoint; mobile.?first|мобил; rem|em|%|vw; scss|css.?modules|tailwind|styled",
        ),
    ],
    "REST API": [
        q(
            "Как вы проектируете REST API: ресурсы, коды ответов, версии, обработку ошибок?",
            "How do you design a REST API: resources, status codes, versioning, error handling?",
            "ресурс|resource|эндпоинт|endpoint; 200|201|400|404|409|500|код|status; верси|version; ошибк|error; пагинац|pagination|идемпотент",
        ),
    ],
    "Go": [
        q(
            "Как вы работаете с конкурентностью в Go: горутины, каналы, context, и как избегаете утечек горутин?",
            "How do you handle concurrency in Go: goroutines, channels, context, and how do you avoid goroutine leaks?",
            "горутин|goroutine; канал|channel; context|cancel|отмен|timeout; waitgroup|errgroup|mutex|sync; утечк|leak|race",
        ),
    ],
    "Linux": [
        q(
            "Сервер на Linux тормозит. Какими командами и в каком порядке вы будете искать причину?",
            "A Linux server is slow. Which commands do you use, in what order, to find the cause?",
            "top|htop; iostat|iotop|диск|disk; free|памят|memory|swap; netstat|ss|сеть|network; dmesg|journalctl|лог|log",
        ),
    ],
    "CI/CD": [
        q(
            "Опишите пайплайн CI/CD, который вы строили или поддерживали: какие этапы и как устроен выкат?",
            "Describe a CI/CD pipeline you built or maintained: which stages, and how did deployment work?",
            "сборк|build; тест|test; линт|lint|scan|скан; артефакт|artifact|registry|образ|image; деплой|deploy|выкат|rollback|откат",
        ),
    ],
    "Terraform": [
        q(
            "Как вы управляете инфраструктурой как кодом: структура модулей, state, ревью изменений?",
            "How do you manage infrastructure as code: module structure, state, reviewing changes?",
            "модул|module; state|стейт|backend|lock; plan|apply; ревью|review|pull request|merge; окружени|environment|workspace",
        ),
    ],
    "Monitoring": [
        q(
            "Как устроен мониторинг ваших сервисов: какие метрики и алерты, и как вы разбирали последний инцидент?",
            "How is monitoring of your services set up: which metrics and alerts, and how did you handle the last incident?",
            "prometheus|grafana|метрик|metric; алерт|alert; sli|slo|latency|ошиб|error rate; инцидент|incident|постмортем|postmortem; лог|log|trac",
        ),
    ],
    "Test design": [
        q(
            "Как вы составляете тест-кейсы для новой формы регистрации? Какие техники тест-дизайна применяете?",
            "How do you write test cases for a new sign-up form? Which test design techniques do you use?",
            "граничн|boundary; эквивалент|equivalen; негатив|negative; позитив|positive|happy; валидац|validation|обязательн",
        ),
    ],
    "API testing": [
        q(
            "Как вы тестируете REST API: что проверяете и какими инструментами?",
            "How do you test a REST API: what do you check, and with which tools?",
            "postman|pytest|requests|rest.?assured|swagger; статус|status|код; схем|schema|контракт|contract; авторизац|auth|токен|token; негатив|negative|ошибк",
        ),
    ],
    "1С": [
        q(
            "Расскажите о последней доработке в 1С: что нужно было сделать, как реализовали, как проверяли производительность?",
            "Tell me about your last 1C customisation: what was needed, how you implemented it, how you checked performance?",
            "запрос|query; регистр|register; обработк|отчет|отчёт|скд; расширени|extension|бсп; производительн|замер|блокировк|performance",
        ),
    ],
    "Payroll": [
        q(
            "Как вы рассчитываете отпускные и что проверяете перед закрытием зарплаты за месяц?",
            "How do you calculate vacation pay, and what do you check before closing the month's payroll?",
            r"средн|average|заработ; 12 месяц|расчетн\w* период|расчётн\w* период|29,3|29.3; ндфл|взнос|tax; свер|провер|reconcil; зуп|1с|1c",
        ),
    ],
    "B2B sales": [
        q(
            "Расскажите о самой крупной сделке, которую вы закрыли: как нашли клиента, сколько длился цикл, что помогло закрыть?",
            "Tell me about the biggest deal you closed: how you found the client, how long the cycle was, what helped close it?",
            r"клиент|client|customer; цикл|cycle|месяц|недел|month|week; лпр|decision|руководител|директор; возражени|objection|переговор|negotiat; сумм|руб|млн|\d",
        ),
    ],
    "Scrum": [
        q(
            "Как у вас были устроены спринты и что вы делали, когда команда не успевала закрыть спринт?",
            "How were your sprints organised, and what did you do when the team could not finish a sprint?",
            "планировани|planning; ретро|retro; бэклог|backlog|приоритет|priorit; скоуп|scope|декомпоз|оценк|estimate; стейкхолдер|stakeholder|заказчик",
        ),
    ],
    "Analytics": [
        q(
            "Как вы спланируете и оцените A/B-тест новой функции: метрики, размер выборки, как поймёте, что результат значим?",
            "How would you plan and evaluate an A/B test of a new feature: metrics, sample size, how you know a result is significant?",
            "метрик|metric; выборк|sample|мощност|power; p.?value|значим|significan|доверит|confidence; гипотез|hypothes; длительн|duration|сезон",
        ),
    ],
    "Excel": [
        q(
            "Какие задачи вы решали в Excel или Google Sheets и какими функциями пользовались?",
            "Which tasks did you solve in Excel or Google Sheets, and which functions did you use?",
            "впр|vlookup|xlookup|индекс|index; сводн|pivot; формул|formula; макрос|macro|vba; диаграм|chart|график",
        ),
    ],
}


def generic_skill_question(requirement: str) -> Question:
    """For a requirement the bank does not know: ask for a concrete recent example."""
    return Question(
        ru=f"Расскажите о конкретной задаче, где вам понадобилось «{requirement}»: что было нужно, что сделали лично вы и каким был результат?",
        en=f"Tell me about a specific task where you needed “{requirement}”: what was required, what you did yourself, and what the result was?",
        points=(
            tuple(w.lower() for w in re.findall(r"[\w+#.-]{3,}", requirement)[:4]) or ("пример",),
            ("я ", "сделал", "реализовал", "настроил", "внедрил", "i built", "i did", "i set", "implemented"),
            ("результат", "удалось", "сократ", "ускор", "вырос", "result", "reduced", "improved", "%"),
        ),
        followups=(
            (
                f"Какие сложности или ограничения были с «{requirement}» и как вы их обошли?",
                f"What difficulties or limits did you hit with “{requirement}”, and how did you get around them?",
            ),
        ),
    )


def gap_question(requirement: str) -> Question:
    return Question(
        ru=f"В резюме не видно опыта с «{requirement}». Приходилось ли вам с этим работать? Если да — расскажите на примере.",
        en=f"Your resume does not show experience with “{requirement}”. Have you worked with it? If so, give an example.",
        points=generic_skill_question(requirement).points,
        followups=generic_skill_question(requirement).followups,
    )


# Checked in this order: the narrower families first, so "QA Automation Engineer" is QA
# and "DevOps engineer" is DevOps, not a developer because of "engineer".
ROLE_FAMILIES: dict[str, str] = {
    "qa": r"\bqa\b|тестировщик|тестирован|\bsdet\b|\baqa\b|quality assurance|\btester\b|\btest engineer",
    "devops": r"devops|\bsre\b|инфраструктур|platform engineer|системн\w* администратор|sysadmin|system administrator",
    "analyst": r"аналитик|analyst|data scien|\bbi\b",
    "sales": r"продаж|\bsales\b|account manager|аккаунт",
    "accounting": r"бухгалтер|accountant|финансов|расчетчик|расчётчик|payroll",
    "manager": r"руководител|менеджер проект|project manager|product manager|продакт|scrum master|team lead|тимлид",
    "dev": r"разработ|developer|engineer|программист|backend|frontend|fullstack|python|java|react|golang|\bgo\b",
}

# The family a skill question of SKILL_QUESTIONS was written for. Another family with
# the same requirement gets its own question (FAMILY_SKILL_QUESTIONS) or one built
# around the requirement's name: a tester is not asked how he designs REST APIs.
SKILL_HOME: dict[str, str] = {
    "Python": "dev",
    "Django": "dev",
    "FastAPI": "dev",
    "PostgreSQL": "dev",
    "Message brokers": "dev",
    "Microservices": "dev",
    "React": "dev",
    "TypeScript": "dev",
    "JavaScript": "dev",
    "State management": "dev",
    "CSS": "dev",
    "REST API": "dev",
    "Go": "dev",
    "Testing": "dev",
}

FAMILY_SKILL_QUESTIONS: dict[tuple[str, str], list[Question]] = {
    ("qa", "Python"): [
        q(
            "Как устроены автотесты на Python, которые вы писали: фреймворк, структура проекта, фикстуры, как боретесь с нестабильными тестами?",
            "How were the Python autotests you wrote organised: framework, project structure, fixtures, how you fight flaky tests?",
            "pytest|unittest|фреймворк|framework; фикстур|fixture|conftest; page object|pageobject|структур|слои|layer; flaky|нестабильн|ретра|retry|ожидани|wait; отчет|отчёт|allure|report",
            (
                (
                    "Как вы решаете, какие проверки автоматизировать, а какие оставить ручными?",
                    "How do you decide which checks to automate and which to keep manual?",
                ),
            ),
        ),
    ],
    ("qa", "REST API"): [
        q(
            "Как вы тестируете REST API: что проверяете в ответе и какими инструментами?",
            "How do you test a REST API: what do you check in a response, and with which tools?",
            "postman|pytest|requests|rest.?assured|swagger|httpx; статус|status|код; схем|schema|контракт|contract|поля|field; авторизац|auth|токен|token; негатив|negative|ошибк|граничн",
        ),
    ],
    ("qa", "PostgreSQL"): [
        q(
            "Как вы используете SQL при тестировании: какие проверки данных делаете в базе и как готовите тестовые данные?",
            "How do you use SQL in testing: which data checks do you run in the database, and how do you prepare test data?",
            "select|запрос|query; join|джойн; тестов\\w* данн|test data|фикстур|seed; провер|check|сверк|consisten; откат|rollback|очистк|cleanup|транзакц",
        ),
    ],
    ("qa", "Docker"): [
        q(
            "Как вы поднимаете тестовые окружения в Docker и запускаете в них тесты?",
            "How do you set up test environments in Docker and run tests in them?",
            "compose|docker-compose; образ|image; контейнер|container; окружени|environment|стенд; ci|пайплайн|pipeline|parallel|параллел",
        ),
    ],
    ("qa", "CI/CD"): [
        q(
            "Как автотесты встроены в CI: когда запускаются, сколько идут и что происходит, если они упали?",
            "How are autotests built into CI: when do they run, how long do they take, and what happens when they fail?",
            "merge request|pull request|коммит|commit|ночн|nightly; параллел|parallel|шард|shard; отчет|отчёт|allure|report; блокир|block|gate|не пуска; flaky|перезапуск|retry",
        ),
    ],
    ("qa", "JavaScript"): [
        q(
            "Какие UI-автотесты вы писали на JavaScript или TypeScript: инструмент, устройство локаторов, как ждёте загрузку элементов?",
            "Which UI autotests did you write in JavaScript or TypeScript: the tool, how locators are organised, how you wait for elements?",
            "playwright|cypress|webdriverio|selenium|puppeteer; локатор|locator|селектор|selector|data-test; ожидан|wait|await|timeout; page object|pageobject",
        ),
    ],
    ("qa", "Testing"): [
        q(
            "Расскажите, как вы выстраивали автоматизацию тестирования на проекте: с чего начали и что получилось?",
            "Tell me how you built test automation on a project: where did you start and what came of it?",
            "фреймворк|framework|pytest|selenium|playwright; покрыти|coverage; регресс|regression|smoke; ci|пайплайн|pipeline; время|time|сократ|reduced|быстрее",
        ),
    ],
    ("analyst", "PostgreSQL"): [
        q(
            "Какой самый сложный SQL-запрос вы писали для анализа: какие были джойны, оконные функции, как проверяли результат?",
            "What was the most complex SQL query you wrote for an analysis: which joins, window functions, how you checked the result?",
            "join|джойн; оконн|window|over|partition|row_number|lag; group by|агрегац|aggregat; cte|with|подзапрос|subquer; провер|сверк|check|valid",
        ),
    ],
    ("analyst", "Python"): [
        q(
            "Как вы используете Python в анализе данных: какие библиотеки, как чистите данные и как представляете результат?",
            "How do you use Python for data analysis: which libraries, how you clean data and present results?",
            "pandas|polars|numpy; пропуск|missing|дубл|duplicate|выброс|outlier|очистк|clean; jupyter|ноутбук|notebook; график|plot|matplotlib|seaborn|визуал|dashboard|дашборд",
        ),
    ],
    ("analyst", "REST API"): [
        q(
            "Как вы описываете интеграцию через API в требованиях: что фиксируете и как проверяете, что разработчики поняли одинаково?",
            "How do you describe an API integration in requirements: what do you specify, and how do you check developers understood it the same way?",
            "метод|method|эндпоинт|endpoint; пол|field|формат|json|схем|schema|swagger|openapi; ошибк|error|код|status; пример|example|sequence|диаграм",
        ),
    ],
    ("devops", "Python"): [
        q(
            "Какие задачи эксплуатации вы автоматизировали на Python: что делал скрипт или сервис и как вы его запускали и проверяли?",
            "Which operations tasks did you automate in Python: what did the script or service do, and how did you run and check it?",
            "скрипт|script|автоматиз|automat; api|boto|ansible|kubernetes|клиент; cron|ci|пайплайн|scheduler|запуск; лог|log|алерт|alert|ошибк|error; тест|test|dry.?run",
        ),
    ],
    ("devops", "PostgreSQL"): [
        q(
            "Как вы обеспечиваете резервное копирование и отказоустойчивость PostgreSQL и как проверяете восстановление?",
            "How do you provide PostgreSQL backups and high availability, and how do you test a restore?",
            "бэкап|backup|pg_dump|pgbackrest|wal|basebackup; реплик|replica|patroni|standby|failover; восстанов|restore|recovery; мониторинг|monitoring|lag|задержк",
        ),
    ],
    ("devops", "Go"): [
        q(
            "Что вы писали на Go для инфраструктуры: утилиты, операторы, экспортеры? Как это было устроено?",
            "What did you write in Go for infrastructure: tools, operators, exporters? How was it built?",
            "оператор|operator|экспортер|exporter|утилит|cli|tool; горутин|goroutine|канал|channel|context; kubernetes|client-go|api; тест|test|релиз|release",
        ),
    ],
}


def skill_question(skill: str, family: str, used: set[str]) -> Question | None:
    """A bank question for ``skill`` that fits the role ``family`` and was not used yet."""
    for candidate in FAMILY_SKILL_QUESTIONS.get((family, skill), []):
        if candidate.ru not in used:
            return candidate
    home = SKILL_HOME.get(skill)
    if home is not None and home != family:
        return None  # written for another role: the caller builds one around the requirement
    for candidate in SKILL_QUESTIONS.get(skill, []):
        if candidate.ru not in used:
            return candidate
    return None


def duty_question(duty: str) -> Question:
    """A case built from one of the vacancy's own duties (roles the bank does not know)."""
    duty = duty.strip().rstrip(".;")
    short = duty[:1].lower() + duty[1:] if duty[:2].isupper() is False else duty
    words = [w.lower() for w in re.findall(r"[\w+#-]{4,}", duty)][:6]
    stems = tuple(w[: max(4, len(w) - 2)] for w in words) or ("пример",)
    return Question(
        ru=f"В этой роли нужно будет: «{short}». Расскажите, как вы делали похожее: с чего начинали, что делали лично вы и каким был результат?",
        en=f"In this role you will: “{short}”. Tell me how you did something similar: where you started, what you did yourself, and what the result was?",
        points=(
            stems,
            (
                "я ",
                "сделал",
                "сделала",
                "организовал",
                "провел",
                "провёл",
                "подготовил",
                "i ",
                "did",
                "organised",
                "prepared",
            ),
            ("результат", "удалось", "итог", "вырос", "сократ", "\\d", "result", "outcome", "%"),
        ),
        followups=(
            (
                "Что в этой работе было самым трудным и как вы с этим справились?",
                "What was the hardest part of that work, and how did you deal with it?",
            ),
        ),
    )


BEHAVIOURAL: dict[str, Question] = {
    "default": q(
        "Расскажите о ситуации, когда вы не сходились во мнении с коллегой или руководителем. Что произошло, что вы сделали и чем закончилось?",
        "Tell me about a time you disagreed with a colleague or manager. What happened, what did you do, and how did it end?",
        "ситуац|situation|проект|задач; я |предложил|обсудил|поговорил|i |suggested|discussed; аргумент|данные|data|факт; результат|итог|договорил|outcome|agreed|в итоге",
    ),
    "manager": q(
        "Расскажите о проекте, который шёл к срыву сроков. Как вы это заметили, что сделали и чем всё закончилось?",
        "Tell me about a project heading for a missed deadline. How did you notice, what did you do, and how did it end?",
        "срок|deadline|дедлайн; риск|risk; заказчик|стейкхолдер|stakeholder|клиент; скоуп|scope|приоритет|перепланир|replan; результат|итог|outcome|в итоге",
    ),
    "sales": q(
        "Расскажите о клиенте, который был готов уйти к конкуренту. Что вы сделали?",
        "Tell me about a client who was about to leave for a competitor. What did you do?",
        "клиент|client; причин|потребност|need|reason; предложил|условия|скидк|offer|terms; результат|сохранил|остался|retained|outcome",
    ),
}

CASES: dict[str, Question] = {
    "dev": q(
        "Небольшая задача: сервис начал отвечать в десять раз медленнее после релиза. Как вы будете искать причину и что сделаете в первые полчаса?",
        "A short case: after a release, a service answers ten times slower. How do you look for the cause, and what do you do in the first half hour?",
        "откат|rollback|откатить; метрик|metric|мониторинг|graf|apm; лог|log|trac; диф|diff|изменени|changes|релиз|release; профил|profil|explain|запрос|query",
    ),
    "qa": q(
        "Небольшая задача: за день до релиза вы нашли баг, который воспроизводится не всегда. Что будете делать?",
        "A short case: a day before release you find a bug that does not always reproduce. What do you do?",
        "шаг|steps|воспроизв|reproduc; лог|log|окружени|environment; приоритет|severity|критичн|priority; сообщ|команд|разработчик|report|team; релиз|release|риск|risk",
    ),
    "devops": q(
        "Небольшая задача: ночью упал прод, алерт пришёл вам. Ваши действия по шагам?",
        "A short case: production goes down at night and the alert comes to you. Your actions, step by step?",
        "алерт|alert|дашборд|dashboard|метрик; лог|log; откат|rollback|переключ|failover; сообщ|эскалац|escalat|статус|status; постмортем|postmortem|разбор",
    ),
    "analyst": q(
        "Небольшая задача: конверсия в оплату упала на 15 % за неделю. Как будете искать причину?",
        "A short case: conversion to payment dropped by 15% in a week. How do you find the cause?",
        "сегмент|segment|разрез|платформ|канал; данн|data|трекинг|tracking|событи; релиз|release|изменени|changes; воронк|funnel|шаг; сезон|season|внешн|external",
    ),
    "manager": q(
        "Небольшая задача: заказчик за две недели до релиза просит добавить крупную функцию. Ваши действия?",
        "A short case: two weeks before release, the client asks for a large new feature. What do you do?",
        "оценк|estimate|трудоемк|трудоёмк; приоритет|priorit|mvp|scope|скоуп; срок|deadline|перенос; риск|risk; договор|согласова|agree|обсуд",
    ),
    "sales": q(
        "Небольшая задача: клиент говорит, что у конкурента на 20 % дешевле. Что вы ответите?",
        "A short case: the client says a competitor is 20% cheaper. What do you answer?",
        "ценност|value|выгод|преимуществ; сравн|compare|услови|terms; вопрос|уточн|потребност|need; скидк|discount|торг|negotiat",
    ),
    "accounting": q(
        "Небольшая задача: сотрудник говорит, что ему неправильно начислили зарплату. Ваши действия?",
        "A short case: an employee says his pay was calculated wrong. What do you do?",
        r"провер|check|расчетн\w* лист|расчётн\w* лист|payslip; табел|timesheet|приказ|документ; ошибк|error|перерасч|recalc; ндфл|взнос|tax; объясн|сообщ|explain",
    ),
    "default": q(
        "Небольшая задача: вам дали срочное поручение, а текущая работа тоже горит. Как вы поступите?",
        "A short case: you get an urgent task while your current work is also urgent. What do you do?",
        "приоритет|priorit; руководител|manager|обсуд|согласова|discuss; срок|deadline; оценк|estimate|время|time",
    ),
}

INTRO = q(
    "Для начала расскажите, пожалуйста, кратко о себе и о вашей последней работе: чем занимались и какие задачи решали?",
    "To start, please tell me briefly about yourself and your last job: what you did and which problems you solved?",
    "компани|company|работа|work; задач|task|проект|project; команд|team; лет|год|year",
)

CANDIDATE_QUESTIONS = q(
    "Спасибо! Основные вопросы у меня закончились. Какие у вас есть вопросы о компании, команде или роли?",
    "Thank you! That covers my main questions. What would you like to ask about the company, the team or the role?",
)


def role_family(title: str) -> str:
    text = title.lower()
    for family, pattern in ROLE_FAMILIES.items():
        if re.search(pattern, text):
            return family
    return "default"
