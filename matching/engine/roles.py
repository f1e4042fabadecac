"""Role families and seniority read from job titles.

A title is mapped to a *family* (what the person does all day: backend development,
test automation, manual testing, support, systems analysis, sales...) and, for
developers, to the languages the title names. Role fit between two titles comes from
the family table below, so adjacent professions that share vocabulary (frontend vs
backend, systems analyst vs developer, support vs developer) score low even when their
resumes mention the same tools.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .skills import norm

# (family, title patterns). First match wins, so specific families come before broad ones.
FAMILY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("qa_automation", r"автоматизац\w* тестир|automation|\baqa\b|sdet|автотест|test automation"),
    ("qa_manual", r"ручн\w* тестир|manual (?:qa|test)"),
    ("qa", r"тестировщ|тестирован|\bqa\b|tester|quality assurance"),
    (
        "devops",
        r"devops|\bsre\b|site reliability|platform engineer|инженер эксплуатац|системн\w* администратор|system engineer|sysadmin|cloud engineer",
    ),
    ("dba", r"администратор баз данных|\bdba\b|database administrator"),
    ("data_engineer", r"data engineer|инженер данных|\betl\b|\bdwh\b"),
    ("data_science", r"data scien|machine learning|\bml\b|\bnlp\b|computer vision|дата-сайентист"),
    (
        "data_analyst",
        r"аналитик данных|data analyst|bi-?аналитик|bi analyst|bi-?разработчик|продуктов\w* аналитик|product analyst|веб-аналитик|маркетингов\w* аналитик",
    ),
    ("systems_analyst", r"системн\w* аналитик|system analyst|systems analyst"),
    ("business_analyst", r"бизнес-аналитик|business analyst"),
    (
        "finance",
        r"экономист|финансов\w* аналитик|financial analyst|финансов\w* менеджер|финансист|контролер|controller|казначей",
    ),
    (
        "support",
        r"поддержк|support|helpdesk|help desk|контакт-центр|call-центр|колл-центр|оператор (?:контакт|call|колл)",
    ),
    ("dev_1c", r"(?:программист|разработчик|developer)\W+1с|1с\W*(?:программист|разработчик|developer)"),
    ("frontend", r"front-?end|фронтенд|верстальщик|react|vue|angular"),
    ("mobile", r"\bios\b|android|mobile|мобильн|flutter"),
    ("fullstack", r"full-?stack|фулстек|веб-разработчик|web developer"),
    (
        "backend",
        r"back-?end|бэкенд|бекенд|разработчик|программист|developer|software engineer|инженер-программист|tech ?lead|техлид|тимлид",
    ),
    ("product", r"product manager|продакт|менеджер продукт|владелец продукт|product owner"),
    ("project", r"project manager|руководитель проект|менеджер проект|delivery manager|scrum master|проджект"),
    ("legal", r"юрист|юрисконсульт|lawyer|legal|адвокат"),
    ("office", r"офис-менеджер|office manager|секретар|ассистент руководител|personal assistant|администратор офиса"),
    ("designer", r"дизайнер|designer|\bux\b|\bui\b"),
    ("accountant", r"бухгалтер|accountant|расчетчик|главбух"),
    ("hr", r"\bhr\b|рекрутер|recruiter|подбор|персонал|кадр|talent"),
    ("marketing", r"маркетолог|marketing|маркетинг|smm|seo"),
    (
        "sales",
        r"продаж|sales|account manager|аккаунт|работе с (?:\w+ )?клиент|key account|\bkam\b|business development|коммерческ",
    ),
    ("logistics", r"логист|logistic|перевоз|экспедит|склад|supply chain|закуп|procurement"),
    ("retail", r"продавец|кассир|консультант"),
)

# Symmetric similarity between families; absent pairs are unrelated (0.05).
_FAMILY_SIMILARITY: dict[frozenset[str], float] = {
    frozenset({"qa", "qa_automation"}): 0.75,
    frozenset({"qa", "qa_manual"}): 0.75,
    frozenset({"qa_manual", "qa_automation"}): 0.3,
    frozenset({"backend", "fullstack"}): 0.75,
    frozenset({"frontend", "fullstack"}): 0.75,
    frozenset({"backend", "frontend"}): 0.25,
    frozenset({"backend", "mobile"}): 0.25,
    frozenset({"frontend", "mobile"}): 0.3,
    frozenset({"backend", "devops"}): 0.3,
    frozenset({"backend", "qa_automation"}): 0.3,
    frozenset({"backend", "data_engineer"}): 0.35,
    frozenset({"backend", "data_science"}): 0.2,
    frozenset({"backend", "dba"}): 0.3,
    frozenset({"devops", "dba"}): 0.4,
    frozenset({"data_analyst", "data_science"}): 0.4,
    frozenset({"data_science", "data_engineer"}): 0.4,
    frozenset({"data_analyst", "data_engineer"}): 0.3,
    frozenset({"data_analyst", "systems_analyst"}): 0.25,
    frozenset({"data_analyst", "business_analyst"}): 0.35,
    frozenset({"data_analyst", "product"}): 0.2,
    frozenset({"data_analyst", "finance"}): 0.3,
    frozenset({"systems_analyst", "business_analyst"}): 0.5,
    frozenset({"business_analyst", "product"}): 0.3,
    frozenset({"product", "project"}): 0.45,
    frozenset({"project", "systems_analyst"}): 0.2,
    frozenset({"accountant", "finance"}): 0.4,
    frozenset({"office", "hr"}): 0.2,
    frozenset({"backend", "dev_1c"}): 0.25,
    frozenset({"backend", "systems_analyst"}): 0.2,
    frozenset({"qa_automation", "devops"}): 0.2,
    frozenset({"qa", "support"}): 0.2,
    frozenset({"qa_manual", "support"}): 0.25,
    frozenset({"qa_automation", "support"}): 0.1,
    frozenset({"devops", "support"}): 0.2,
    frozenset({"backend", "support"}): 0.08,
    frozenset({"systems_analyst", "qa"}): 0.2,
    frozenset({"systems_analyst", "product"}): 0.3,
    frozenset({"sales", "logistics"}): 0.3,
    frozenset({"sales", "retail"}): 0.25,
    frozenset({"sales", "marketing"}): 0.3,
    frozenset({"sales", "product"}): 0.15,
    frozenset({"accountant", "hr"}): 0.3,
    frozenset({"accountant", "dev_1c"}): 0.15,
    frozenset({"product", "designer"}): 0.15,
    frozenset({"designer", "frontend"}): 0.2,
}

# Languages a title may name; a developer title in another language is a partial fit.
LANGUAGE_PATTERNS: dict[str, str] = {
    "python": r"python|питон",
    "java": r"\bjava\b",
    "php": r"\bphp\b",
    "go": r"\bgo\b|golang",
    "javascript": r"javascript|typescript|node\.?js|\bjs\b|\bts\b",
    "csharp": r"c#|\.net|dotnet",
    "cpp": r"c\+\+",
    "ruby": r"\bruby\b|rails",
    "kotlin": r"kotlin",
    "swift": r"swift",
}

SENIORITY_LEVELS = ("intern", "junior", "middle", "senior", "lead")
_LEVEL_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "lead",
        r"\blead\b|лид\b|тимлид|техлид|руководител|head of|principal|архитектор|architect|\bcto\b|директор|главн|начальник",
    ),
    ("intern", r"стаж[её]р|intern\b|trainee|практикант"),
    ("junior", r"junior|младш|начинающ|помощник|assistant"),
    ("senior", r"senior|ведущ|старш"),
    ("middle", r"middle|мидл"),
)


@dataclass(frozen=True)
class Role:
    family: str | None
    languages: frozenset[str]


# Pure and called for every job of every resume scored; the panel scores the same
# resumes against many vacancies, so a cache pays off (keys are the title and job text).
@lru_cache(maxsize=4096)
def classify_title(title: str, description: str = "") -> Role:
    """Family and named languages of a job title.

    A generic testing title ("Тестировщик", "QA Engineer") is refined by what the job's
    description says: automation work makes it automation, only manual checks make it
    manual. That is how "Тестировщик игр" with checklists differs from an automation
    engineer whose title happens to be short.
    """
    t = norm(title)
    automation = re.search(r"автоматизац|automation|\baqa\b|sdet|автотест", t)
    manual = re.search(r"ручн\w* тестир|manual", t)
    if automation and manual:
        # "ручное тестирование + автоматизация API": a generalist QA position.
        return Role("qa", frozenset(lang for lang, pattern in LANGUAGE_PATTERNS.items() if re.search(pattern, t)))
    family = next((fam for fam, pattern in FAMILY_PATTERNS if re.search(pattern, t)), None)
    if family == "qa" and description:
        d = norm(description)
        if re.search(
            r"автотест|автоматизац|pytest|selenium|playwright|фреймворк|framework|automat|rest assured|junit", d
        ):
            family = "qa_automation"
        elif re.search(r"ручн|чек-лист|checklist|manual|тест-кейс|регресс", d):
            family = "qa_manual"
    languages = frozenset(lang for lang, pattern in LANGUAGE_PATTERNS.items() if re.search(pattern, t))
    return Role(family, languages)


def family_similarity(a: str | None, b: str | None) -> float | None:
    """None when either side is unknown (the caller falls back to word overlap)."""
    if a is None or b is None:
        return None
    if a == b:
        return 1.0
    return _FAMILY_SIMILARITY.get(frozenset({a, b}), 0.05)


def role_similarity(vacancy: Role, candidate: Role, vacancy_title: str, candidate_title: str) -> float:
    sim = family_similarity(vacancy.family, candidate.family)
    if sim is None:
        sim = _word_overlap(vacancy_title, candidate_title)
    # A developer or automation title in a different language is the same job on another
    # stack: partial credit, the skills part then decides how far the person is.
    if vacancy.languages and candidate.languages and not (vacancy.languages & candidate.languages):
        sim *= 0.6
    return sim


_STOP = {
    "junior",
    "middle",
    "senior",
    "lead",
    "ведущий",
    "старший",
    "младший",
    "специалист",
    "менеджер",
    "manager",
    "engineer",
    "инженер",
}


def _word_overlap(a: str, b: str) -> float:
    def stems(s: str) -> set[str]:
        return {w[:5] for w in re.findall(r"\w+", norm(s)) if len(w) > 2 and w not in _STOP}

    sa, sb = stems(a), stems(b)
    if not sb:
        return 0.1  # a job with no title at all proves nothing about the role
    if not sa:
        return 0.3
    return max(0.05, len(sa & sb) / min(len(sa), len(sb)))


def title_level(title: str) -> str | None:
    t = norm(title)
    return next((lvl for lvl, pattern in _LEVEL_PATTERNS if re.search(pattern, t)), None)


def level_from_years(years: float) -> str:
    if years < 1.5:
        return "junior"
    if years < 5:
        return "middle"
    return "senior"


def level_distance(want: str, have: str) -> int:
    def idx(level: str) -> int:
        # An intern is one below a junior; lead sits above senior.
        return SENIORITY_LEVELS.index(level) if level in SENIORITY_LEVELS else 2

    return idx(have) - idx(want)
