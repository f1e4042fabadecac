"""Answering the candidate's questions about the job from the vacancy, and only from it.

The vacancy is cut into facts (its structured fields: salary, format, city; and the
sentences of its description and duties), each tagged with the aspects it speaks of
(salary, format, location, stack, team, schedule, process, duties, benefits). A question
is matched to an aspect by its words; among that aspect's facts the one nearest to the
question by E5 similarity is quoted. A question of no known aspect is answered only
when one sentence is very close to it. Anything else is deferred to the recruiter,
honestly: the interviewer never invents a salary, a policy or a date.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

ASPECTS: dict[str, str] = {
    "salary": r"зарплат|заработн|оклад|доход|деньг|денег|компенсац|вилк|платят|оплат\w* труд|\bзп\b|"
    r"salary|\bpay\b|paid|compensation|wage|руб|₽|rub\b|usd|\$",
    "format": r"удал[её]н|удаленк|удалёнк|дистанц|remote|гибрид|hybrid|офис|office|из дома|from home|формат работы|"
    r"work format|onsite|on-site",
    "location": r"город|адрес|где наход|где офис|переезд|релокац|location|located|where is|city|relocat|москв|петербург|"
    r"новосибирск|екатеринбург|казан",
    "stack": r"стек|технолог|инструмент|фреймворк|язык\w* программ|stack|technolog|tools|framework|python|java|1с|1c|"
    r"postgres|docker|kubernetes|react|selenium|playwright",
    "team": r"команд|коллег|руководител|начальник|отдел|team|colleague|manager|lead|department|сколько человек",
    "schedule": r"график|часы работы|рабоч\w* (день|врем|час)|смен|выходн|переработ|гибк\w* (час|график|начал)|"
    r"schedule|hours|shift|overtime|weekend|5/2|2/2",
    "process": r"этап|следующ\w* шаг|процесс отбор|собеседован|когда (ответ|узна|сообщ)|когда (будет )?решени|сроки отбор|"
    r"next step|stage|hear back|hiring process|interview process|selection process",
    "duties": r"обязанност|задач|чем (предстоит|буду|нужно) занима|что (нужно|предстоит|буду) делать|функционал|"
    r"responsibilit|duties|tasks|what will i do|day.to.day",
    "benefits": r"дмс|отпуск|бонус|преми|страховк|льгот|обучени|benefit|bonus|vacation|insurance|perks|training",
    "employment": r"оформлени|трудов\w* договор|по тк|самозанят|\bип\b|гпх|испытательн|contract|employment|probation",
}
_ASPECT_RE = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in ASPECTS.items()}

# A question with no known aspect is answered only from a sentence this close (E5
# query→passage cosine; unrelated sentences of one posting sit around 0.80–0.85).
UNTAGGED_MIN_COSINE = 0.88


class JobFact(BaseModel):
    text: str
    aspects: list[str]
    field: bool = False  # from a structured field (salary, format, city), not a sentence


def aspects_of(text: str) -> list[str]:
    return [name for name, rx in _ASPECT_RE.items() if rx.search(text)]


_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+|\s+[•·▪–-]\s+")


def _sentences(text: str) -> list[str]:
    out = []
    for piece in _SPLIT.split(text or ""):
        piece = piece.strip(" \t•·▪–-*")
        if len(piece.split()) >= 2:
            out.append(piece.rstrip(";"))
    return out


def _money(value: int) -> str:
    return f"{value:,}".replace(",", " ")


FORMAT_LABELS = {
    "office": ("в офисе", "office-based"),
    "hybrid": ("гибрид (офис и удалённо)", "hybrid (office and remote)"),
    "remote": ("полностью удалённо", "fully remote"),
    "hybrid_or_remote": ("гибрид или удалённо", "hybrid or remote"),
}


def build_facts(
    *,
    language: str,
    company: str = "",
    city: str = "",
    work_format: str = "",
    salary_from: int | None = None,
    salary_to: int | None = None,
    currency: str = "RUB",
    description: str = "",
    responsibilities: str = "",
) -> list[JobFact]:
    """The vacancy's facts, structured fields first (they are what the recruiter set)."""
    en = language == "en"
    facts: list[JobFact] = []
    if salary_from or salary_to:
        unit = {"RUB": "₽", "USD": "$", "EUR": "€"}.get(currency, currency)
        if salary_from and salary_to:
            span = f"{_money(salary_from)}–{_money(salary_to)} {unit}"
        elif salary_from:
            span = (f"from {_money(salary_from)} {unit}") if en else f"от {_money(salary_from)} {unit}"
        else:
            span = (f"up to {_money(salary_to or 0)} {unit}") if en else f"до {_money(salary_to or 0)} {unit}"
        facts.append(JobFact(text=(f"Salary: {span}" if en else f"Зарплата: {span}"), aspects=["salary"], field=True))
    if work_format in FORMAT_LABELS:
        label = FORMAT_LABELS[work_format][1 if en else 0]
        facts.append(
            JobFact(text=(f"Work format: {label}" if en else f"Формат работы: {label}"), aspects=["format"], field=True)
        )
    if city:
        facts.append(JobFact(text=(f"City: {city}" if en else f"Город: {city}"), aspects=["location"], field=True))
    if company:
        facts.append(
            JobFact(text=(f"Company: {company}" if en else f"Компания: {company}"), aspects=["team"], field=True)
        )
    for sentence in _sentences(responsibilities):
        facts.append(JobFact(text=sentence, aspects=sorted({"duties", *aspects_of(sentence)})))
    for sentence in _sentences(description):
        facts.append(JobFact(text=sentence, aspects=aspects_of(sentence)))
    return facts


# Aspects broad enough that two sentences of the same aspect may answer different
# questions (training is not health insurance): the fact must share the question's own
# keyword, or be very close to it.
SPECIFIC_ASPECTS = {"benefits", "employment", "stack", "team"}


@lru_cache(maxsize=256)
def _fact_vectors(texts: tuple[str, ...]) -> Any:
    """The vacancy's facts embedded once per process (one batch), not per question."""
    from hrcrm.ai import local_e5

    return local_e5.embed(list(texts), is_query=False)


@lru_cache(maxsize=1024)
def _query_vector(text: str) -> Any:
    from hrcrm.ai import local_e5

    return local_e5.embed([text], is_query=True)[0]


def _keywords(aspect: str, text: str) -> set[str]:
    return {m.group(0).lower() for m in _ASPECT_RE[aspect].finditer(text)}


def find_answer(question: str, facts: list[JobFact]) -> JobFact | None:
    """The fact that answers ``question``, or None when the vacancy does not say."""
    if not facts:
        return None
    question = " ".join(question.split())
    vectors = _fact_vectors(tuple(f.text for f in facts))
    scores: dict[int, float] = {}

    def score(i: int) -> float:
        if i not in scores:
            scores[i] = float(vectors[i] @ _query_vector(question))
        return scores[i]

    asked = aspects_of(question)
    # The question's first-named aspect that the vacancy speaks of decides (in "what is
    # the salary and is it remote" the salary is answered, the rest stays for the recruiter).
    for aspect in asked:
        pool = [i for i, f in enumerate(facts) if aspect in f.aspects]
        if aspect in SPECIFIC_ASPECTS and pool:
            words = _keywords(aspect, question)
            same = [i for i in pool if words & _keywords(aspect, facts[i].text)]
            pool = same or [i for i in pool if score(i) >= UNTAGGED_MIN_COSINE]
        if len(pool) == 1:
            return facts[pool[0]]
        if pool:
            return facts[max(pool, key=score)]
    if asked:
        return None
    best = max(range(len(facts)), key=score)
    return facts[best] if score(best) >= UNTAGGED_MIN_COSINE else None


def warm(facts: list[JobFact]) -> None:
    """Embed the facts ahead of the first question (the model load and the batch take
    a second or more on a busy machine; the candidate should not wait for them)."""
    if facts:
        _fact_vectors(tuple(f.text for f in facts))
        _query_vector("?")


def quote(fact: JobFact, language: str) -> str:
    text = fact.text.rstrip(".")
    if fact.field:
        return (
            f"According to the vacancy — {text[:1].lower()}{text[1:]}."
            if language == "en"
            else f"По вакансии — {text[:1].lower()}{text[1:]}."
        )
    return f"The vacancy says: “{text}”." if language == "en" else f"В описании вакансии сказано: «{text}»."
