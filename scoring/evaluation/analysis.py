"""Reading a transcript the way an interviewer does, one answer at a time.

Every candidate turn becomes an ``Answer`` with the question it answers, its sentences
(exact slices of the original text, so any quote taken from them is verbatim) and the
signals ``markers`` and ``misconceptions`` find in it. The whole transcript is read;
nothing is truncated, however long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from scoring.evaluation import markers as mk
from scoring.evaluation.misconceptions import Misconception, find_misconceptions
from scoring.evaluation.schema import Role, Transcript
from scoring.evaluation.skills import skills_in
from scoring.evaluation.substance import Substance, substance_of

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORD = re.compile(r"[\w'-]+")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_PROBLEM_QUESTION = mk._rx(
    r"как бы вы",
    r"что бы вы",
    r"что (?:будет|делать|произойдет)",
    r"в каком случае",
    r"представьте",
    r"предположим",
    r"ваши действия",
    r"как (?:вы )?будете",
    r"что (?:вы )?будете делать",
    r"как (?:бы )?(?:вы )?(?:организ|спроектир|построил)\w*",
    r"как (?:найти|сделать|посчитать|проверить|ускорить|решить|реализовать|исправить|протестировать)",
    r"расскажите о (?:случае|ситуации)",
    r"\bа если\b",
    r"как вы (?:его|ее|их) решил",
    r"как (?:вы |у вас )?(?:обеспечива|реша|нашл|искал|определял|справ|выясн|диагност|ускор|оптимиз|посчитал|"
    r"обрабатыва|ловил|планирова|работал\w* с риск)\w*",
    r"how would you",
    r"how do you (?:handle|deal|ensure|debug|investigate|find|approach|design|work with)",
    r"how did you (?:design|solve|find|fix|handle|approach)",
    r"what would you",
    r"what if",
    r"\bimagine\b",
    r"\bsuppose\b",
    r"investigate",
    r"tell me about a (?:tricky|time|case|bug|situation|problem)",
    r"\bscenario\b",
)
_YES_NO = mk._rx(
    r"(?:^|[.!?]\s+)(?:вы )?(?:работали|пользовались|использовали|приходилось|был[аи]? ли|есть ли|знаете ли|"
    r"умеете|руководили)[^.?!]*\?\s*$",
    r"(?:^|[.!?]\s+)(?:do|did|have|has|are|were|is|can|could) you\b[^.?!]*\?\s*$",
)
_MOTIVATION_QUESTION = mk._rx(
    r"почему (?:вы|вам|именно)",
    r"что для вас важно",
    r"интересн\w+ (?:эта|эта позиция|вакансия)",
    r"рассматриваете нас",
    r"why (?:do you want|are you|this)",
    r"what matters to you",
)


@dataclass(frozen=True)
class Sentence:
    start: int
    text: str

    @cached_property
    def low(self) -> str:
        return fold(self.text)


def fold(text: str) -> str:
    """Lowercase with ё folded; keeps length, so offsets map back to the original."""
    return text.lower().replace("ё", "е")


def split_sentences(text: str) -> list[Sentence]:
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        chunk = text[start : match.start()]
        if chunk.strip():
            sentences.append(Sentence(start, chunk))
        start = match.end()
    if text[start:].strip():
        sentences.append(Sentence(start, text[start:].rstrip()))
    return sentences


def language_of(text: str) -> str:
    return "ru" if len(_CYRILLIC.findall(text)) >= len(_LATIN.findall(text)) * 0.5 else "en"


@dataclass
class Answer:
    index: int
    text: str
    question: str
    next_question: str
    is_last: bool
    # What the answer shows beyond its terms (own actions, specifics, copying, repetition);
    # set by ``answers_of``, which judges it against the vacancy and the other answers.
    signals: Substance | None = None
    low: str = field(init=False)

    def __post_init__(self) -> None:
        self.low = fold(self.text)

    # --- shape ---------------------------------------------------------------------------
    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text)

    @cached_property
    def words(self) -> int:
        return len(_WORD.findall(mk.FILLERS.sub(" ", self.low)))

    @cached_property
    def question_low(self) -> str:
        return fold(self.question)

    @cached_property
    def is_closing(self) -> bool:
        """A reply to the goodbye or to "any questions?": not evidence of skill."""
        return bool(mk.CLOSING_QUESTION.search(self.question_low)) or (self.is_last and self.words < 12)

    @cached_property
    def question_is_technical(self) -> bool:
        return bool(skills_in(self.question_low) or mk.TECH_VOCAB.search(self.question_low))

    @cached_property
    def is_problem(self) -> bool:
        """A scenario or how-would-you question, or a story told with situation, actions
        and result (STAR), whatever the question was."""
        if self.is_motivation or self.is_closing:
            return False
        star = self.n(mk.SITUATION) >= 1 and self.n(mk.RESULTS) >= 1 and self.n(mk.ACTIONS) >= 2
        return star or bool(_PROBLEM_QUESTION.search(self.question_low))

    @cached_property
    def is_motivation(self) -> bool:
        return bool(_MOTIVATION_QUESTION.search(self.question_low))

    # --- signals -------------------------------------------------------------------------
    @cached_property
    def skills(self) -> set[str]:
        return skills_in(self.low)

    @cached_property
    def tech_terms(self) -> int:
        vocab = {m.group(0)[:6] for m in mk.TECH_VOCAB.finditer(self.low)}
        code = {m.group(0).strip() for m in mk.CODE_TOKEN.finditer(self.text)}
        latin = set()
        if language_of(self.text) == "ru":  # Latin words inside Russian speech are mostly tool names
            latin = {m.group(0).lower() for m in mk.LATIN_WORD.finditer(self.text)}
        return len(vocab | code | latin | self.skills)

    def n(self, pattern: re.Pattern[str]) -> int:
        return mk.count(pattern, self.low)

    @cached_property
    def numbers(self) -> int:
        return self.n(mk.NUMBER_WORDS)

    @cached_property
    def misconceptions(self) -> list[tuple[Misconception, int]]:
        return [(rule, start) for rule, start, _ in self._misconception_spans]

    @cached_property
    def _misconception_spans(self) -> list[tuple[Misconception, int, int]]:
        return find_misconceptions(self.text, self.question)

    def claim_sentence(self, rule: Misconception) -> Sentence:
        """The sentences a rule's match spans, as one verbatim slice of the answer."""
        start, end = next((s, e) for r, s, e in self._misconception_spans if r.key == rule.key)
        first, last = self.sentence_at(start), self.sentence_at(max(start, end - 1))
        return Sentence(first.start, self.text[first.start : last.start + len(last.text)])

    @cached_property
    def uncertain(self) -> int:
        return self.n(mk.UNCERTAIN)

    @cached_property
    def gaps(self) -> int:
        return self.n(mk.ADMITTED_GAP)

    @cached_property
    def deflections(self) -> int:
        return self.n(mk.DEFLECTION)

    @cached_property
    def reasked(self) -> bool:
        # A re-ask opens the interviewer's next turn ("И всё-таки…"); the same words later
        # in a new question ("…будут всё-таки взыскивать?") are ordinary speech.
        return bool(mk.REASK.search(fold(self.next_question)[:60]))

    @cached_property
    def conditions_pivot(self) -> bool:
        """Asks about salary or remote work in the middle of the interview."""
        asks = "?" in self.text and bool(mk.CONDITIONS.search(self.low))
        return asks and not self.is_closing and not self.is_last

    @cached_property
    def manipulation(self) -> list[Sentence]:
        return [s for s in self.sentences if mk.MANIPULATION.search(s.low)]

    @cached_property
    def injection(self) -> list[Sentence]:
        return [s for s in self.sentences if mk.PROMPT_INJECTION.search(s.low)]

    @cached_property
    def stuffed(self) -> bool:
        return bool(self.signals and self.signals.stuffed)

    @cached_property
    def substance(self) -> float:
        """0..1: how concrete and informative the answer is, before any judgement of
        correctness. Terms earn credit only beside something that shows the work was
        done (a number, a named system, an action of one's own, a cause or a result);
        the vacancy's words said back earn nothing. Length helps only up to a point."""
        s = self.signals
        if s is None:  # an answer judged on its own (no transcript around it)
            s = substance_of([self.text], "", [])[0]
        if s.stuffed:
            return 0.0
        support = s.numbers + s.named + s.own_actions + s.causes + s.results + s.tradeoffs
        grounding = 1.0 if support >= 2 else 0.5 if support == 1 else 0.0
        if s.disclaimer and not s.own_actions:  # "I didn't write it myself": it was someone else's work
            grounding *= 0.4
        terms = min(self.tech_terms, 6) * grounding * (1 - 0.5 * min(1.0, s.copied / 0.4))
        points = (
            terms
            + 1.0 * min(s.numbers, 4)
            + 0.8 * min(s.named, 4)
            + 0.5 * min(s.own_actions, 4)
            + 0.6 * min(s.causes, 3)
            + 0.6 * min(s.results, 3)
            + 0.7 * min(s.tradeoffs, 2)
            + 0.5 * min(self.n(mk.DIAGNOSTICS), 3)
            + min(self.words / 30, 2.0)
        )
        absolute = min(1.0, points / 12)
        # A short answer dense with specifics is strong too: judge concise answers by
        # density, never above "strong" (a longer answer is needed to show more).
        density = min(0.85, 2.2 * (s.specifics + 0.5 * terms) / max(self.words, 15)) if self.words >= 8 else 0.0
        return max(absolute, density)

    @cached_property
    def evasive(self) -> bool:
        """Missed the question: the interviewer had to ask again, or the answer deflects
        or pivots to conditions while saying nothing concrete."""
        if self.is_closing:
            return False
        if self.conditions_pivot or self.reasked or self.manipulation or self.injection or self.stuffed:
            return True
        if self.deflections > 0 and self.substance < 0.45:
            return True
        # A two-word reply to an open question ("Разные были.") says nothing; an honest
        # "не знаю" is not evasion, and a yes/no question may get a short answer.
        return self.words < 5 and self.substance < 0.1 and not self.uncertain and not _YES_NO.search(self.question_low)

    @cached_property
    def content(self) -> Answer:
        """The answer without sentences aimed at the evaluator, so that skill is judged
        on what was said about the work and integrity apart (each sentence is kept
        verbatim, so quotes from it remain real). The interviewer's next turn is dropped
        with them: a re-ask there answers the demand, not a missed question."""
        noise = {id(s) for s in self.manipulation + self.injection}
        if not noise:
            return self
        kept = " ".join(s.text.strip() for s in self.sentences if id(s) not in noise)
        return Answer(self.index, kept, self.question, "", self.is_last, self.signals)

    def sentence_at(self, offset: int) -> Sentence:
        for sentence in reversed(self.sentences):
            if sentence.start <= offset:
                return sentence
        return self.sentences[0]

    def sentences_matching(self, pattern: re.Pattern[str]) -> list[Sentence]:
        return [s for s in self.sentences if pattern.search(s.low)]


def answers_of(transcript: Transcript) -> list[Answer]:
    """Candidate turns with the interviewer's question before and after each."""
    turns = transcript.turns
    last_candidate = max((i for i, t in enumerate(turns) if t.role == Role.CANDIDATE), default=-1)
    answers = []
    for index, turn in enumerate(turns):
        if turn.role != Role.CANDIDATE:
            continue
        question = next((turns[j].text for j in range(index - 1, -1, -1) if turns[j].role == Role.INTERVIEWER), "")
        following = next((turns[j].text for j in range(index + 1, len(turns)) if turns[j].role == Role.INTERVIEWER), "")
        answers.append(Answer(index, turn.text, question, following, index == last_candidate))
    vacancy = transcript.vacancy
    signals = substance_of([a.text for a in answers], vacancy.title, vacancy.must_have + vacancy.nice_to_have)
    for answer, signal in zip(answers, signals, strict=True):
        answer.signals = signal
    return answers


YEARS = re.compile(r"(\d+(?:[.,]\d+)?|[а-яa-z]+)\s*\+?\s*(?:лет|года?|years?)\b", re.IGNORECASE)
_NUMBER_WORDS = {
    "один": 1,
    "одного": 1,
    "год": 1,
    "два": 2,
    "двух": 2,
    "три": 3,
    "трех": 3,
    "четыре": 4,
    "четырех": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "шести": 6,
    "семь": 7,
    "семи": 7,
    "восемь": 8,
    "восьми": 8,
    "девять": 9,
    "десять": 10,
    "полтора": 1.5,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def years_mentioned(text: str) -> list[float]:
    found = []
    for match in YEARS.finditer(fold(text)):
        token = match.group(1).replace(",", ".")
        value = float(token) if token[0].isdigit() else _NUMBER_WORDS.get(token)
        if value is not None and 0 < value < 50:
            found.append(value)
    return found
