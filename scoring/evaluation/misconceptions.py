"""Well-known wrong statements and weak practices that interviewers listen for.

The facts live as data in the knowledge bank (``scoring/evaluation/knowledge/*.yaml``):
classic questions per profession, what a correct answer says, the usual misconceptions
and where each fact comes from. The offline engine cannot judge arbitrary truth; it
recognises these, and an LLM engine covers the rest. A rule is checked on every answer
whose question or text touches its topic, whoever asked the question. Patterns run over
one answer, lowercased with ``ё`` folded to ``е``; ``unless`` guards against the correct
statement that shares the same words.
"""

from __future__ import annotations

from scoring.evaluation.knowledge import Misconception, all_misconceptions

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
    return hits


def _around(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) of a match: a correct statement elsewhere in the
    answer does not excuse a wrong one, and a "не" in another sentence changes nothing."""
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n")
    rights = [i for i in (text.find(mark, end) for mark in ".!?\n") if i != -1]
    return text[left + 1 : min(rights) + 1 if rights else len(text)]
