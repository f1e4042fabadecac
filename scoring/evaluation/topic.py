"""Is a sentence about a requirement? Rules first, E5 similarity second.

A quote attached to a must-have has to be about that must-have: it names the
requirement's concept (a tool the requirement names, a close synonym from the skill
dictionary, or a word stem of the requirement), or it is close to the requirement in
meaning by multilingual-e5-small run in-process. E5 cosines sit in a narrow band and
rank better than they threshold, so the bar is high and E5 only adds sentences the
rules missed; it never overrides a negative or evasive answer (the caller decides that).
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from scoring.evaluation.skills import SKILLS, skill_pattern

# Measured on the development set: an on-topic sentence with no shared word scores
# 0.84-0.88 against its requirement, unrelated sentences of the same interview 0.76-0.83.
E5_ON_TOPIC = 0.845
_STOP = set(
    "опыт опыта от до лет года год работа работы работе с и или в на по для знание знания уверенное базовом уровне "
    "практике умение умения навыки навык ведение проведение использование аналог аналоги система системы "
    "коммерческой разработки разработка продакшен продакшене продакшн рф россии of in on and or with for years year experience working knowledge level "
    "strong solid good production commercial development skills using similar".split()
)
_LATIN = re.compile(r"[a-z][a-z0-9+#.]*[a-z0-9+#]|[a-z]")
_CYR = re.compile(r"[а-я0-9][а-я0-9-]*")


@cache
def concept_pattern(requirement: str) -> re.Pattern[str] | None:
    """What a sentence must contain to be about ``requirement`` by the rules: a Latin
    name the requirement gives (with that skill's own spellings when it is a dictionary
    skill), or, when it names no tool, a stem of one of its words."""
    low = requirement.lower().replace("ё", "е")
    parts: list[str] = []
    for token in dict.fromkeys(_LATIN.findall(low)):
        if token in _STOP or len(token) < 2:
            continue
        parts.append(rf"\b{re.escape(token)}" + (r"\b" if len(token) < 4 else ""))
        if len(token) >= 3:  # the end of a compound name: "amoCRM", "PostgreSQL", "OpenAPI"
            parts.append(rf"{re.escape(token)}\b")
        if token in SKILLS:  # "kubernetes" also as "k8s", "кубер"
            parts.append(skill_pattern(token).pattern)
    if parts:
        # A named tool is the requirement's distinctive concept ("тестирование API": a
        # sentence about testing in general is not about the API).
        return re.compile("|".join(dict.fromkeys(parts)))
    for word in _CYR.findall(low):
        if len(word) >= 4 and word not in _STOP:
            parts.append(rf"\b{re.escape(word[: 6 if len(word) >= 8 else 5])}")
        elif re.fullmatch(r"\d*[а-я]+\d*|\d+[а-я]+", word) and len(word) >= 2 and word not in _STOP:
            parts.append(rf"\b{re.escape(word)}\b")  # "1с", "тк"
    return re.compile("|".join(dict.fromkeys(parts))) if parts else None


class TopicIndex:
    """E5 vectors of one interview's candidate sentences and the vacancy's requirements,
    computed once per evaluation (one batch each)."""

    def __init__(self, sentences: list[str], requirements: list[str]) -> None:
        from hrcrm.ai import local_e5

        self._rows = {text: i for i, text in enumerate(dict.fromkeys(sentences))}
        self._cols = {text: i for i, text in enumerate(dict.fromkeys(requirements))}
        passages = local_e5.embed(list(self._rows), is_query=False)
        queries = local_e5.embed(list(self._cols), is_query=True)
        self._cos = passages @ queries.T if len(passages) and len(queries) else np.zeros((0, 0))

    def similarity(self, sentence: str, requirement: str) -> float:
        row, col = self._rows.get(sentence), self._cols.get(requirement)
        return float(self._cos[row, col]) if row is not None and col is not None else 0.0

    def on_topic(self, sentence: str, requirement: str) -> bool:
        pattern = concept_pattern(requirement)
        low = sentence.lower().replace("ё", "е")
        if pattern is not None and pattern.search(low):
            return True
        # Short sentences sit close to everything in E5 space: meaning alone needs a real sentence.
        return len(sentence.split()) >= 5 and self.similarity(sentence, requirement) >= E5_ON_TOPIC
