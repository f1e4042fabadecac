"""Skill knowledge: spellings, implied skills and adjacent tools, and finding a skill in text.

Canonical names follow the corpus conventions (``PostgreSQL``, ``Apache Kafka``,
``1С:ЗУП``). Requirements that are short phrases rather than tools ("Расчёт заработной
платы", "Тестирование API") are found by word stems, so an unknown skill still matches
its own wording instead of silently scoring zero.
"""

from __future__ import annotations

import re
from functools import lru_cache

from candidates.intake import skills as synonyms
from hrcrm.text import fold

# Spellings come from the one synonym dictionary, ``candidates.intake.skills`` (what
# resume and vacancy parsing canonicalise with); ``variants`` joins them in. Listed here
# are only the matcher's extra cues for finding a skill in free text: word stems, phrases
# and neighbouring terms (canonical -> cues, lower-case, ё as е). A trailing "*" marks a
# word stem (matches any ending: "платеж*" finds "платежей").
ALIASES: dict[str, tuple[str, ...]] = {
    "postgresql": ("psql",),
    "apache kafka": ("кафка",),
    "rest api": ("rest-*", "rest endpoint*", "rest service*", "http api", "openapi", "swagger"),
    "grpc": ("g-rpc",),
    "github actions": ("gh actions",),
    "css": ("scss", "sass"),
    "golang": ("go",),
    "1с:зуп": ("зарплата и управление персоналом",),
    "1с": ("1с:предприятие", "1с предприятие"),
    "микросервисная архитектура": ("микросервис*", "microservice*"),
    "тестирование api": (
        "api-тест*",
        "api тест*",
        "тесты api",
        "api tests",
        "api-тесты",
        "автотесты api",
        "автотесты на api",
        "api test",
    ),
    "тест-дизайн": ("техники тест-дизайна",),
    "менторство": ("ментор*", "наставни*", "mentor*", "онбординг*"),
    "финтех / платёжные системы": (
        "финтех*",
        "fintech",
        "платеж*",
        "payment*",
        "эквайр*",
        "acquiring",
        "банк*",
        "bank*",
    ),
    "страхование / финтех": (
        "страхов*",
        "insur*",
        "осаго",
        "каско",
        "финтех*",
        "fintech",
        "платеж*",
        "payment*",
        "банк*",
    ),
    "b2b-продажи": ("b2b*", "корпоративн* клиент*"),
    "холодные звонки": ("холодн*", "cold call*"),
    "активные продажи": (
        "привлечение новых клиентов",
        "поиск клиентов",
        "поиск новых клиентов",
        "привлечение клиентов",
        "хантинг",
        "new business",
    ),
    "ведение переговоров": ("переговор*", "negotiat*"),
    "ci/cd": ("continuous integration",),
    "sql": ("sql-запрос", "select"),
    "git": ("gitlab", "merge request", "pull request"),
    "linux": ("ubuntu", "debian", "centos", "rhel"),
    "incident management": ("инцидент*", "incident*", "postmortem*", "on-call"),
    "отчетность в сфр": ("сфр", "сзв", "пфр", "фсс"),
    "ндфл": ("2-ндфл",),
    "страховые взносы": ("взнос*",),
    "расчет заработной платы": (
        "расчет зарплат*",
        "расчет заработн*",
        "начисление зарплат*",
        "начисление заработн*",
        "расчетчик*",
        "расчет з/п",
    ),
    "кадровое делопроизводство": ("кдп", "кадров* делопроизвод*", "кадровое"),
}

# skill -> skills it proves (using Django means using Python).
IMPLIES: dict[str, tuple[str, ...]] = {
    "django": ("python",),
    "django rest framework": ("django", "python", "rest api"),
    "fastapi": ("python", "rest api"),
    "flask": ("python",),
    "aiohttp": ("python", "asyncio"),
    "asyncpg": ("python", "asyncio", "postgresql"),
    "tornado": ("python",),
    "asyncio": ("python",),
    "sqlalchemy": ("python",),
    "celery": ("python",),
    "pytest": ("python",),
    "httpx": ("python",),
    "requests": ("python",),
    "pydantic": ("python",),
    "postgresql": ("sql",),
    "mysql": ("sql",),
    "oracle": ("sql",),
    "clickhouse": ("sql",),
    "ms sql": ("sql",),
    "typescript": ("javascript",),
    "react": ("javascript",),
    "next.js": ("react", "javascript"),
    "vue.js": ("javascript",),
    "node.js": ("javascript",),
    "redux": ("react",),
    "laravel": ("php",),
    "symfony": ("php",),
    "spring": ("java",),
    "rest assured": ("java", "тестирование api"),
    "selenide": ("java",),
    "junit": ("java",),
    "helm": ("kubernetes",),
    "argo cd": ("kubernetes",),
    "gitlab ci": ("git", "ci/cd"),
    "github actions": ("git", "ci/cd"),
    "битрикс24": ("crm",),
    "amocrm": ("crm",),
    "salesforce": ("crm",),
    # Cold calling is active selling: the one cannot be done without the other.
    "холодные звонки": ("активные продажи",),
    "1с:зуп": ("1с",),
    "kotlin": ("jvm",),
}

# Interchangeable tools: knowing one is a near miss for another, not a match.
RELATED_GROUPS: tuple[tuple[str, ...], ...] = (
    ("fastapi", "django", "flask", "aiohttp", "tornado", "litestar", "sanic"),
    ("redux", "mobx", "zustand", "effector", "pinia", "vuex"),
    ("react", "vue.js", "angular", "svelte"),
    ("selenium", "playwright", "cypress", "selenide", "webdriverio"),
    ("gitlab ci", "github actions", "jenkins", "teamcity"),
    ("locust", "jmeter", "k6", "gatling"),
    ("apache kafka", "rabbitmq", "nats", "activemq"),
    ("postgresql", "mysql", "oracle", "ms sql"),
    ("pytest", "unittest", "junit", "testng", "jest"),
    ("crm", "битрикс24", "amocrm", "salesforce"),
    ("aws", "gcp", "azure", "yandex cloud"),
    ("terraform", "ansible", "pulumi"),
    ("prometheus", "zabbix", "victoriametrics"),
    ("сбис", "контур.экстерн", "диадок"),
    ("laravel", "symfony"),
    ("spring", "quarkus"),
)


def norm(text: str) -> str:
    """Lower-case, ё→е and Latin C/c next to a digit 1 → Cyrillic (1C vs 1С)."""
    return re.sub(r"1c", "1с", fold(text))


def _requirement_stems(name: str) -> list[str]:
    words = re.findall(r"[\w.+#-]+", norm(name))
    stems = []
    for w in words:
        if len(w) <= 2 and w not in ("1с", "c#", "go", "js", "ui", "ux"):
            continue  # prepositions and conjunctions
        stems.append(w[: max(4, min(6, len(w) - 3))] if len(w) >= 7 else w)
    return stems


# Word stems of phrase requirements and their equivalents in the other language (or a
# shorter Russian form: "тестирование" / "тестов"), so "Автоматизация тестирования"
# also finds "test automation" and "автоматизация API-тестов".
STEM_EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "тестир": ("тест", "test", "qa"),
    "автома": ("automat", "автотест"),
    "разраб": ("develop", "разработ"),
    "продаж": ("sales", "sell", "продав"),
    "перего": ("negotiat",),
    "управл": ("manag", "руковод"),
    "анализ": ("analy", "аналит"),
    "платеж": ("payment",),
    "клиент": ("client", "customer"),
    "проект": ("project",),
    "докуме": ("document",),
    "отчетн": ("report", "отчет"),
    "заработ": ("зарплат", "payroll", "з/п"),
    "зарабо": ("зарплат", "payroll", "з/п"),
    "расчет": ("начисл", "calculat", "payroll"),
    "учет": ("accounting",),
    "закупк": ("procure", "purchas", "закуп"),
    "логист": ("logistic",),
    "перевоз": ("transport", "грузоперев", "freight"),
    "маркет": ("marketing",),
    "обучен": ("training", "teach"),
    "наставн": ("mentor",),
    "архите": ("architect",),
    "монито": ("monitor",),
    "безопа": ("secur",),
    "интегр": ("integrat",),
}


@lru_cache(maxsize=4096)
def _pattern(variant: str) -> re.Pattern[str]:
    # Word-ish boundaries that also work for names with punctuation (C#, Next.js, CI/CD).
    # "*" after a word makes it a stem; elsewhere the whole word must match ("java" is
    # not "javascript").
    parts = [
        re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"(?![\w+#])" for w in variant.split(" ")
    ]
    return re.compile(r"(?<![\w+#])" + r"\s+".join(parts))


@lru_cache(maxsize=1)
def _spellings() -> dict[str, tuple[str, ...]]:
    """Normalised canonical name -> its normalised spellings, from the intake dictionary."""
    return {
        norm(canonical): tuple(dict.fromkeys(norm(a) for a in aliases if norm(a) != norm(canonical)))
        for canonical, aliases in synonyms.SKILLS.items()
    }


@lru_cache(maxsize=4096)
def variants(canonical: str) -> tuple[str, ...]:
    """Every way of naming the skill: itself, its intake spellings (also when ``canonical``
    is itself one of them: "Postgres" is PostgreSQL), then the matcher's own cues."""
    key = norm(canonical)
    known = synonyms.lookup(canonical)
    spellings = _spellings().get(norm(known), ()) if known else ()
    extra = (norm(known),) if known and norm(known) != key else ()
    cues = ALIASES.get(key, ()) + (ALIASES.get(norm(known), ()) if known and norm(known) != key else ())
    return tuple(dict.fromkeys((key, *extra, *spellings, *cues)))


@lru_cache(maxsize=8192)
def _needle(variant: str) -> str:
    """Plain text any match of the variant contains (its first word, without the stem
    mark): a substring test rules most variants out far faster than the regex."""
    return variant.split(" ")[0].rstrip("*")


def mentioned(canonical: str, text: str) -> bool:
    """Whether ``text`` (already normalised with :func:`norm`) names the skill."""
    for v in variants(canonical):
        if _needle(v) in text and _pattern(v).search(text):
            return True
    stems = _phrase_stems(canonical)
    if stems:
        # A phrase requirement: all its word stems within one sentence-sized window.
        return _stems_close(stems, text, window=160)
    return False


# Cached per requirement: the recommendations panel scores dozens of resumes against the
# same few requirements, and these depend on the requirement alone.
@lru_cache(maxsize=4096)
def _phrase_stems(canonical: str) -> tuple[str, ...]:
    """Word stems of a phrase requirement ("Расчёт заработной платы"); () for a plain skill."""
    stems = _requirement_stems(canonical)
    phrase = len(stems) >= 2 or (len(stems) == 1 and re.search(r"[а-я]", stems[0]) and stems[0] != norm(canonical))
    return tuple(stems) if phrase and " / " not in canonical else ()


@lru_cache(maxsize=4096)
def _stem_pattern(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(form))


def _stems_close(stems: tuple[str, ...], text: str, window: int) -> bool:
    positions = []
    for s in stems:
        forms = (s, *STEM_EQUIVALENTS.get(s, ()))
        found = [m.start() for f in forms for m in _stem_pattern(f).finditer(text)]
        if not found:
            return False
        positions.append(found)
    anchor = positions[0]
    return any(all(any(abs(p - a) <= window for p in ps) for ps in positions[1:]) for a in anchor)


def closure(skills: set[str]) -> set[str]:
    """Skills plus everything they imply (transitively), normalised."""
    out = {norm(s) for s in skills}
    frontier = list(out)
    while frontier:
        s = frontier.pop()
        for implied in IMPLIES.get(s, ()):
            if implied not in out:
                out.add(implied)
                frontier.append(implied)
    return out


@lru_cache(maxsize=4096)
def implied_by(canonical: str) -> frozenset[str]:
    """Skills whose use proves ``canonical`` (Django, pytest... for Python), itself included.
    Cached: it walks every implication chain, and ranking asks for the same few skills
    once per candidate."""
    key = norm(canonical)
    return frozenset({key} | {s for s in IMPLIES if key in closure({s})})


def related(canonical: str) -> set[str]:
    key = norm(canonical)
    out: set[str] = set()
    for group in RELATED_GROUPS:
        if key in group:
            out.update(g for g in group if g != key)
    return out


def skills_in_text(text: str, vocabulary: set[str]) -> set[str]:
    """Which skills of ``vocabulary`` the normalised text names, plus their implications."""
    return closure({s for s in vocabulary if mentioned(s, text)})


def known_vocabulary() -> set[str]:
    vocab = set(ALIASES) | set(IMPLIES)
    for targets in IMPLIES.values():
        vocab.update(targets)
    for group in RELATED_GROUPS:
        vocab.update(group)
    return vocab
