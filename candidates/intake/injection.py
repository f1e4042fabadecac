"""Instructions aimed at an AI screener, in Russian and English.

Checked on hidden and visible text alike; sentences that match are cut out of the text
any downstream step (LLM, matcher, scorer) sees, and reported as a flag.
"""

from __future__ import annotations

import re

PATTERNS = [
    r"игнорир\w*\s+(?:все\s+|всех\s+)?(?:предыдущ|прежн|предшествующ|выше|системн|данн)\w*\s+(?:инструкц|указани|правил|промпт)\w*",
    r"забудь\w*\s+(?:все\s+)?(?:предыдущ|прежн)\w*\s+(?:инструкц|указани)\w*",
    r"не\s+(?:обращай|учитывай)\w*\s+внимани\w*\s+на\s+(?:предыдущ|прежн)\w*\s+инструкц\w*",
    r"инструкци\w*\s+для\s+(?:ии|ai|нейросет\w*|модел\w*|gpt|бота|скрининга)",
    r"постав(?:ь|ьте|ить)\s+(?:этому\s+|данному\s+)?(?:кандидату\s+|резюме\s+)?(?:оценку\s+)?"
    r"(?:100|сто|максимальн\w*|высш\w*)\s*(?:балл\w*|из\s+100|%|оценк\w*)",
    r"(?:оцени|оцените)\s+(?:этого\s+)?кандидата\s+(?:на\s+)?(?:100|максимум|высоко)",
    r"(?:этот|данный)\s+кандидат\s+(?:идеально|полностью|лучше\s+всех)\s+подход\w*",
    r"не\s+упоминай\w*\s+(?:эту|данную)\s+инструкци\w*",
    r"ignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|preceding|system)\s+(?:instructions|prompts?|rules|directions)",
    r"disregard\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier)\s+(?:instructions|prompts?|rules)",
    r"forget\s+(?:all\s+)?(?:your\s+|the\s+)?(?:previous|prior)\s+instructions",
    r"give\s+(?:this|the)\s+(?:candidate|applicant|resume)\s+(?:a\s+)?(?:score\s+of\s+|rating\s+of\s+)?(?:100|10/10|top|maximum|the\s+highest)",
    r"(?:rate|score|rank)\s+(?:this|the)\s+(?:candidate|applicant|resume)\s+(?:as\s+)?(?:100|highly|highest|first|top|10/10)",
    r"(?:this|the)\s+candidate\s+is\s+(?:a\s+)?(?:perfect|ideal|the\s+best)\s+(?:fit|match|candidate)",
    r"(?:instructions?|note)\s+(?:for|to)\s+(?:the\s+)?(?:ai|llm|gpt|chatgpt|language\s+model|screening\s+(?:bot|system))",
    r"(?:reveal|print|show)\s+(?:your|the)\s+system\s+prompt",
    r"do\s+not\s+mention\s+(?:this|these)\s+instructions?",
]
_COMPILED = [re.compile(p, re.IGNORECASE) for p in PATTERNS]
_SENTENCE = re.compile(r"[^.!?\n]*[.!?]?")


def find_injections(text: str) -> list[str]:
    """Sentences of ``text`` that carry instructions for an AI."""
    found: list[str] = []
    for sentence in _SENTENCE.findall(text):
        s = sentence.strip()
        if s and any(p.search(s) for p in _COMPILED):
            found.append(s)
    return found


def remove_injections(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        for sentence in find_injections(line):
            line = line.replace(sentence, " ")
        lines.append(line.rstrip() if line.strip() else ("" if not line.strip() else line))
    return "\n".join(lines)
