"""Well-known wrong statements and weak practices that interviewers listen for.

The facts live as data in the knowledge bank (``scoring/evaluation/knowledge/*.yaml``):
classic questions per profession, what a correct answer says, the usual misconceptions
and where each fact comes from. The offline engine cannot judge arbitrary truth; it
recognises these, and an LLM engine covers the rest. A rule is checked on every answer
whose question or text touches its topic, whoever asked the question. Patterns run over
one answer, lowercased with ``ё`` folded to ``е``; ``unless`` guards against the correct
statement that shares the same words.

Wording differs from person to person, so a rule with a ``claim`` is also matched by
meaning: a sentence that names the rule's topic (its concept terms) and whose E5 vector
sits close to the wrong claim - and clearly closer to it than to the correct statement,
with the same polarity (a «не» on one side only turns a claim around, and E5 barely
sees it) - states the misconception in other words.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import numpy as np

from scoring.evaluation.knowledge import Misconception, all_misconceptions, professions

__all__ = ["Misconception", "find_misconceptions"]


def find_misconceptions(text: str, question: str = "") -> list[tuple[Misconception, int, int]]:
    """Rules that fire on an answer, each with the span of its match in ``text``."""
    low = text.lower().replace("ё", "е")
    context = question.lower().replace("ё", "е") + "\n" + low
    hits = []
    for rule in all_misconceptions():
        if rule.topic is not None and not rule.topic.search(context):
            continue
        match = rule.pattern.search(low)
        if match and not (rule.unless and rule.unless.search(_around(low, match.start(), match.end()))):
            hits.append((rule, match.start(), match.end()))
    taken = {rule.key for rule, _, _ in hits}
    return hits + _by_meaning(low, question.lower().replace("ё", "е"), taken)


# Measured on the development set and the corpus (E5 "query" vectors on both sides):
# a paraphrase of a wrong claim scores about 0.90 or more against it, the correct
# statement on the same subject 0.86-0.89; the margin keeps a correct answer, which
# shares the subject's words, from passing for the claim.
CLAIM_COSINE = 0.895
CLAIM_MARGIN = 0.015
_NEGATION = re.compile(r"\bне\b|\bнет\b|\bни\b|нельзя|никогда|\bnot\b|\bno\b|n't\b|\bnever\b|\bcannot\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@cache
def _claim_vectors() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per rule with a claim: the claim's vectors (ru, en) and the correct statement's."""
    from hrcrm.ai import local_e5

    rules = [r for r in all_misconceptions() if r.claim]
    if not rules:
        return {}
    claims = local_e5.embed([c for r in rules for c in r.claim], is_query=True)
    # The correct statement whole and its first clause: a long statement with figures
    # («…; с 2025 года шкала 13 %, 15 %…») sits far from a short correct answer.
    correct = local_e5.embed(
        [c for r in rules for text in (r.correct_ru, r.correct_en) for c in (text, re.split(r"[;:(—]", text)[0])],
        is_query=True,
    )
    return {r.key: (claims[2 * i : 2 * i + 2], correct[4 * i : 4 * i + 4]) for i, r in enumerate(rules)}


@cache
def _skills(profession: str) -> tuple[str, ...]:
    return next((p.skills for p in professions() if p.name == profession), ())


@lru_cache(maxsize=4096)
def _vector(sentence: str) -> np.ndarray:
    from hrcrm.ai import local_e5

    return local_e5.embed([sentence], is_query=True)[0]


def _by_meaning(low: str, question: str, taken: set[str]) -> list[tuple[Misconception, int, int]]:
    rules = [r for r in all_misconceptions() if r.claim and r.key not in taken]
    if not rules:
        return []
    sentences = [m for m in _SENTENCE.finditer(low) if len(m.group(0).split()) >= 5]
    context = question + "\n" + low
    hits = []
    for rule in rules:
        asked = rule.topic is not None and bool(rule.topic.search(question))
        # Meaning travels across professions («сетевые запросы» in Python and in Android):
        # the interviewer asked about the subject, or the answer is in the rule's profession.
        if not asked and not any(re.search(skill, context) for skill in _skills(rule.profession)):
            continue
        for sentence in sentences:
            text = sentence.group(0)
            if not (asked or (rule.topic is not None and rule.topic.search(text))):
                continue  # the sentence must be about the rule's subject
            if rule.unless and rule.unless.search(text):
                continue
            if bool(_NEGATION.search(text)) != any(_NEGATION.search(c.lower()) for c in rule.claim):
                continue
            claims, correct = _claim_vectors()[rule.key]
            vector = _vector(text.strip().rstrip(".!?").strip())  # the claims carry no end mark
            wrong, right = float(np.max(claims @ vector)), float(np.max(correct @ vector))
            if wrong >= CLAIM_COSINE and wrong - right >= CLAIM_MARGIN:
                hits.append((rule, sentence.start(), sentence.end()))
                break
    return hits


def _around(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) of a match: a correct statement elsewhere in the
    answer does not excuse a wrong one, and a "не" in another sentence changes nothing."""
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n")
    rights = [i for i in (text.find(mark, end) for mark in ".!?\n") if i != -1]
    return text[left + 1 : min(rights) + 1 if rights else len(text)]
