"""Reading one candidate message: what kind of message it is, and how much of the
current topic's expected points it covered. Plain rules, readable and testable; an LLM
engine may replace the coverage estimate but returns the same AnswerAnalysis."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from hrcrm.text import fold_words


class Intent(StrEnum):
    ANSWER = "answer"
    EMPTY = "empty"
    DONT_KNOW = "dont_know"
    REPEAT = "repeat"
    THINK = "think"
    CANDIDATE_QUESTION = "candidate_question"
    MANIPULATION = "manipulation"
    OFF_TOPIC = "off_topic"
    FINISH = "finish"


def normalise(text: str) -> str:
    return fold_words(text)


_MANIPULATION = re.compile(
    r"игнорир\w* (все |предыдущ|прошл)|забудь\w* (все |предыдущ|инструкц)|ты (теперь|больше не)|"
    r"постав\w* (мне )?(максимальн|высш|100|сто)|оцени\w* (меня )?(на )?(максимум|100|высш)|"
    r"напиши\w*,? что (я )?(подхожу|прош[её]л|идеальн)|систем\w* (промпт|инструкц)|промпт|"
    r"максимальн\w* (балл|оценк)|(высш|наивысш)\w* (балл|оценк)|(поставь|поставьте|дай|дайте) мне \w* ?(балл|оценк)|"
    r"(ты|вы) долж\w* (меня )?(рекомендовать|взять|пропустить)|рекомендуй\w* меня|"
    r"ignore (all |the |your )?(previous|prior|above)|disregard (all |the )?(previous|instructions)|"
    r"system prompt|you are now|give me (the )?(highest|maximum|top|100|full)|score me|rate me (as )?(10|100|highest)|"
    r"(mark|recommend) me as|pretend (you|to)|developer mode|jailbreak",
    re.IGNORECASE,
)
_DONT_KNOW = re.compile(
    r"^(я )?(не знаю|не помню|без понятия|не сталкивал|не работал|не приходилось|затрудняюсь)|"
    r"\b(не знаю|понятия не имею|не могу (сказать|ответить)|не сталкивался|не доводилось)\b|"
    r"^(i )?(don'?t|do not) know|no idea|never (used|worked)|can'?t (say|answer)|not sure",
    re.IGNORECASE,
)
_REPEAT = re.compile(
    r"повтор\w*( пожалуйста)?( вопрос)?|не расслышал|не понял\w* вопрос|еще раз вопрос|ещё раз вопрос|"
    r"переформулир|(could|can) you repeat|repeat the question|say (that|it) again|didn'?t (hear|catch)|rephrase",
    re.IGNORECASE,
)
_THINK = re.compile(
    r"дайте (мне )?подумать|минуту|секунд(у|очку)|сейчас соображу|let me think|give me a (moment|second|minute)|"
    r"one moment|hold on",
    re.IGNORECASE,
)
_FINISH = re.compile(
    r"(хочу|давайте|можно) (закончить|завершить|прекратить)|заверш\w* интервью|stop the interview|"
    r"(want|like) to (stop|finish|end)|end the interview|^(спасибо,? )?до свидания|^(thanks,? )?(good)?bye",
    re.IGNORECASE,
)
_QUESTION_TO_COMPANY = re.compile(
    r"\?|^(а |скажите|подскажите|расскажите)|what about|could you tell|how (big|many)|is there|do you (offer|have)",
    re.IGNORECASE,
)
_COMPANY_WORDS = re.compile(
    r"компани|команд|офис|удален|удалён|зарплат|оклад|график|отпуск|дмс|стек|процесс|руководител|испытательн|"
    r"следующ\w* этап|company|team|office|remote|salary|schedule|vacation|stack|process|next step|probation",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """Does the message ask something (a question mark, or a question's opening words)?"""
    return bool(_QUESTION_TO_COMPANY.search(text) or _COMPANY_WORDS.search(text) or _ASKING.search(text))


_ASKING = re.compile(
    r"^(как|какой|какая|какие|каков|сколько|когда|где|кто|что|почему|зачем|можно|есть ли|будет ли|"
    r"how|what|when|where|who|which|why|can|is|are|do|does|will)\b",
    re.IGNORECASE,
)
_SPECIFIC = re.compile(r"\d|%|\b(например|к примеру|for example|e\.g\.)\b", re.IGNORECASE)
_FIRST_PERSON_ACTION = re.compile(
    r"\b(я|мы) (сделал|настроил|написал|внедрил|реализовал|переписал|предложил|нашел|нашёл|провел|провёл|"
    r"выбрал|оптимизир|ускорил|сократил|построил|спроектир|добавил|убрал|перевел|перевёл|разобрал)|"
    r"\bi (built|wrote|set up|implemented|designed|migrated|reduced|improved|led|found|chose|added|fixed)",
    re.IGNORECASE,
)
_TECH_TOKEN = re.compile(r"\b[a-z][a-z0-9+#.\-]{1,}\b")


@dataclass
class AnswerAnalysis:
    intent: Intent
    words: int
    coverage: float  # share of the topic's expected points touched, 0..1
    covered_points: list[int] = field(default_factory=list)
    specific: bool = False  # numbers, examples, first-person concrete actions
    quality: str = "none"  # none | weak | partial | strong
    text: str = ""  # the message itself (set by the engine; the model's quotes are checked against it)

    @property
    def is_answer(self) -> bool:
        return self.intent in (Intent.ANSWER, Intent.DONT_KNOW, Intent.OFF_TOPIC)


def _covered(text: str, points: list[list[str]]) -> list[int]:
    found = []
    for i, alternatives in enumerate(points):
        for stem in alternatives:
            # Stems may be regex fragments (e.g. "\d", "расчетн\w* лист"); plain ones match as substrings.
            try:
                if re.search(stem, text):
                    found.append(i)
                    break
            except re.error:
                if stem in text:
                    found.append(i)
                    break
    return found


def analyse_answer(
    text: str, *, question: str = "", points: list[list[str]] | None = None, can_be_off_topic: bool = True
) -> AnswerAnalysis:
    norm = normalise(text)
    words = len(norm.split())
    points = points or []
    if not norm:
        return AnswerAnalysis(Intent.EMPTY, 0, 0.0)
    if _MANIPULATION.search(norm):
        return AnswerAnalysis(Intent.MANIPULATION, words, 0.0)
    if _FINISH.search(norm) and words <= 15:
        return AnswerAnalysis(Intent.FINISH, words, 0.0)
    if _REPEAT.search(norm) and words <= 12:
        return AnswerAnalysis(Intent.REPEAT, words, 0.0)
    if _THINK.search(norm) and words <= 8:
        return AnswerAnalysis(Intent.THINK, words, 0.0)
    covered = _covered(norm, points)
    coverage = len(covered) / len(points) if points else 0.0
    specific = bool(_SPECIFIC.search(norm) or _FIRST_PERSON_ACTION.search(norm))
    if _DONT_KNOW.search(norm) and coverage < 0.4 and words <= 40:
        return AnswerAnalysis(Intent.DONT_KNOW, words, coverage, covered, specific, "none")
    # A short message ending in "?" about the job is a question even when it shares a
    # word with the topic («Можно работать удалённо?» during «расскажите о работе»).
    short_question = norm.endswith("?") and words <= 15
    if (
        _QUESTION_TO_COMPANY.search(norm)
        and _COMPANY_WORDS.search(norm)
        and (coverage < 0.2 or short_question)
        and words <= 40
    ):
        return AnswerAnalysis(Intent.CANDIDATE_QUESTION, words, coverage, covered, specific, "none")
    if can_be_off_topic and points and not covered and words >= 8 and not _relevant(norm, question):
        return AnswerAnalysis(Intent.OFF_TOPIC, words, 0.0, [], specific, "none")
    quality = _quality(words, coverage, specific, has_points=bool(points))
    return AnswerAnalysis(Intent.ANSWER, words, coverage, covered, specific, quality)


def _relevant(answer: str, question: str) -> bool:
    """Does the answer share content words or technical tokens with the question?"""
    q_words = {w for w in re.findall(r"\w{5,}", normalise(question))}
    a_words = {w for w in re.findall(r"\w{5,}", answer)}
    stems_q = {w[:5] for w in q_words}
    if any(w[:5] in stems_q for w in a_words):
        return True
    return len(_TECH_TOKEN.findall(answer)) >= 2


def _quality(words: int, coverage: float, specific: bool, *, has_points: bool) -> str:
    if words < 6:
        return "weak"
    if not has_points:  # e.g. the candidate's own questions: any real answer is enough
        return "strong" if words >= 12 else "partial"
    if coverage >= 0.5 and (words >= 25 or specific):
        return "strong"
    if coverage >= 0.4 and words >= 15 and specific:
        return "strong"
    if coverage >= 0.2 or (specific and words >= 20):
        return "partial"
    return "weak"
