"""Quotes for evidence: verbatim slices of the candidate's sentences."""

from __future__ import annotations

import re
from collections.abc import Callable

from scoring.evaluation.analysis import Answer, Sentence
from scoring.evaluation.schema import Evidence, Polarity

_QUOTE_MAX = 190


def snippet(sentence: Sentence, focus: int | None = None) -> str:
    """A verbatim piece of ``sentence``: whole when short, else the clauses around ``focus``."""
    text = sentence.text.strip()
    if len(text) <= _QUOTE_MAX:
        return text
    focus = 0 if focus is None else max(0, focus - sentence.start)
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:—–]\s", sentence.text)] + [len(sentence.text)]
    start = max(c for c in cuts if c <= focus) if focus < len(sentence.text) else 0
    end = next((c for c in cuts if c > start + 60), len(sentence.text))
    while end - start > _QUOTE_MAX and end > start + 60:
        end = max(c for c in cuts if c < end) if any(start + 40 < c < end for c in cuts) else start + _QUOTE_MAX
    return sentence.text[start:end].strip(" ,;:—–")


def evidence_of(answer: Answer, sentence: Sentence, polarity: Polarity, focus: int | None = None) -> Evidence:
    return Evidence(turn_index=answer.index, quote=snippet(sentence, focus), polarity=polarity)


def best_quotes(
    answers: list[Answer],
    key: Callable[[Answer, Sentence], float],
    polarity: Polarity,
    limit: int = 3,
    min_key: float = 0.5,
) -> list[Evidence]:
    scored = [(key(a, s), a, s) for a in answers for s in a.sentences]
    scored = [item for item in scored if item[0] >= min_key and len(item[2].text.split()) >= 4]
    scored.sort(key=lambda item: -item[0])
    out, used = [], set()
    for _, answer, sentence in scored:
        if answer.index in used:  # one quote per turn keeps the evidence varied
            continue
        used.add(answer.index)
        out.append(evidence_of(answer, sentence, polarity))
        if len(out) == limit:
            break
    return out
