"""Protected matters the interviewer never asks about (labour law, 152-ФЗ, fairness):
age, family and children, pregnancy, religion, health, nationality, ethnicity,
political views, sexual orientation. Every question the engine produces passes here."""

from __future__ import annotations

import re

PROTECTED = re.compile(
    r"возраст|сколько вам лет|год рождения|замуж|женат|семейн\w* положени|дет(и|ей)\b|ребён|беремен|декрет|"
    r"религи|вероисповед|верующ|здоровь|инвалид|болезн|национальн|гражданств|этническ|политическ\w* взгляд|"
    r"ориентаци|\bage\b|how old|married|children|kids|pregnan|religio|health|disabilit|nationality|ethnic|citizenship|"
    r"sexual orientation|political view",
    re.IGNORECASE,
)


class ProtectedTopicError(ValueError):
    """A question touching a protected matter was about to be asked."""


def assert_allowed(question: str) -> str:
    match = PROTECTED.search(question)
    if match:
        raise ProtectedTopicError(f"Protected matter in a question: {match.group(0)!r}")
    return question


# --- checking a reply a model wrote ---------------------------------------------------
# Nothing about scores, the evaluation or the decision reaches the candidate.
VERDICT = re.compile(
    r"балл|оценк\w* (ваш|вам|за ответ|составля|высок|низк)|ваш\w* оценк|\bscore|points? out of|"
    r"рекомендую вас|рекомендаци\w* (по вам|вас)|вы (прошли|не прошли|подходите|не подходите)|"
    r"вас (возьмут|примут|не возьмут)|вы приняты|отказ(ать|ано) вам|решени\w* (о|по) вам|"
    r"you (passed|failed|are hired|are a (great|good|strong) fit)|we will (hire|reject) you|your (rating|grade)",
    re.IGNORECASE,
)
PRAISE = re.compile(
    r"отличн|прекрасн|замечательн|великолепн|блестящ|впечатля|превосходн|молодец|супер\b|здорово|"
    r"хорош\w* (ответ|пример|вопрос)|очень (хорош|интересн)|"
    r"\bgreat\b|excellent|impressive|well done|perfect|awesome|fantastic|brilliant|good answer|nice answer",
    re.IGNORECASE,
)
MAX_SENTENCES = 3
MAX_CHARS = 420
ECHO_WORDS = 8  # this many of the candidate's words in a row, repeated back, is an echo


def _sentence_count(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?…])\s+", text.strip()) if re.search(r"\w", s)])


def _cyrillic_word_share(text: str) -> float:
    """Share of words written in Cyrillic (words, not letters: one long technical name in
    Latin, «Вы упомянули PostgreSQL», does not make a sentence English)."""
    words = re.findall(r"[^\W\d_]+", text)
    return sum(bool(re.search("[а-яёА-ЯЁ]", w)) for w in words) / len(words) if words else 0.0


def _longest_echo(reply: str, answer: str) -> int:
    """Longest run of consecutive words the reply shares with the answer."""
    a = re.findall(r"\w+", answer.lower())
    r = re.findall(r"\w+", reply.lower())
    best = 0
    previous = [0] * (len(a) + 1)
    for word in r:
        current = [0] * (len(a) + 1)
        for j, other in enumerate(a, start=1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def check_reply(text: str, *, language: str, answer: str = "") -> str | None:
    """Why a model-written interviewer line must not be said, or None.

    Codes: empty, too_long, too_many_sentences, protected_topic, verdict, praise,
    wrong_language, echo."""
    text = " ".join(text.split())
    if not re.search(r"\w", text):
        return "empty"
    if len(text) > MAX_CHARS:
        return "too_long"
    if _sentence_count(text) > MAX_SENTENCES:
        return "too_many_sentences"
    if PROTECTED.search(text):
        return "protected_topic"
    if VERDICT.search(text):
        return "verdict"
    if PRAISE.search(text):
        return "praise"
    cyrillic = _cyrillic_word_share(text)
    # Technical names (Python, Kubernetes) are Latin in Russian speech too.
    if (language == "ru" and cyrillic < 0.5) or (language == "en" and cyrillic > 0.1):
        return "wrong_language"
    if answer and _longest_echo(text, answer) >= ECHO_WORDS:
        return "echo"
    return None
