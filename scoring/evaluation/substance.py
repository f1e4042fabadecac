"""What an answer shows, beyond which words it mentions.

An interviewer does not count terms: he listens for the candidate's own actions (I did /
we did, or "they did it, I didn't write it myself"), for specifics (numbers, named
systems and rules, causes and results, trade-offs), for hedging, and he notices when an
answer only repeats the vacancy's words back, or says the same sentence again. These
signals are general (no profession's vocabulary): they read the shape of the speech.

``Substance`` is computed once per transcript (``substance_of``) because copying and
repetition are judged against the vacancy and the other answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.evaluation import markers as mk

_WORD = re.compile(r"[a-zа-я0-9][a-zа-я0-9+#'-]*")
_STOP = set(
    """и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от
    меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам
    ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего
    раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы
    нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас
    про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой
    им более всегда конечно всю между это очень так также там такие которые который которая которых у нас наш наши
    нашей the a an and or of to in on for with at by from is are was were be been it this that these those i we you
    they he she my our your their me us them as but not no so if then than too very can will would just about into
    do did does have has had what which who how also there here all any some more most other such only own same""".split()
)
# First-person or subject-less action: a past-tense or first-person present verb after
# "я/мы", or opening a clause ("Ввели циклическую инвентаризацию", "Принимаем по коробам").
_RU_VERB = r"[а-я]{2,}(?:ал|ял|ил|ел|ыл|ул|ла|ли|лся|лась|лись|ем|аем|яем|им|ую|аю|яю|ю|жу|шу|чу|щу)"
_OWN_ACTION = re.compile(
    rf"\b(?:я|мы)\s+(?:\w+\s+){{0,2}}?(?!не\b){_RU_VERB}\b"
    rf"|(?:^|[.!?:;—–,]\s*)(?:сам\w*\s+|лично\s+|потом\s+|затем\s+|сначала\s+)?{_RU_VERB}\b"
    r"|\b(?:i|we)\s+(?:\w+\s+){0,2}?(?:[a-z]{3,}ed|built|wrote|ran|led|made|set|found|took|cut|chose|brought|did|"
    r"sold|taught|won|kept|got|paid|drove|met|held|told|split|put|caught|spent|began)\b"
)
_NOT_VERB = re.compile(r"(?:ую|юю|ою|ею|ими|ыми|ыли|али)$")  # adjectives/nouns that end like verbs
_OTHERS_DID = re.compile(
    r"\b(?:они|коллег\w*|команда|другой отдел|другие|подрядчик\w*|разработчик\w*|админ\w*|бухгалтери\w*|"
    r"руководител\w*|начальник\w*|брокер\w*|they|the team|my colleague\w*|someone else|another team)\b"
    r"[^.?!]{0,25}?\b(?:[а-я]{3,}(?:ли|ла|ал|ил|ял|ет|ит|ют|ят)|[a-z]{3,}ed|did|wrote|built|handled)\b"
)
_DISCLAIMER = re.compile(
    r"\bсам(?:а|и)?\s+(?:я\s+)?не\s+\w+|\bне\s+я\s+(?:\w+)|\bлично\s+(?:я\s+)?не\b|этим занимал\w+ (?:другой|другие|коллег)"
    r"|\bi\s+(?:didn'?t|did not|never)\s+(?:\w+\s+){0,2}(?:it|that|them)\s+myself\b|\bnot me personally\b"
    r"|\bwasn'?t (?:me|my (?:job|part))\b|\bsomeone else (?:did|wrote|handled)\b"
)
_ABBREVIATION = re.compile(r"\b(?:[A-ZА-ЯЁ]{2,6}|[A-ZА-ЯЁ]\d+|\d+[-‑]?[A-ZА-ЯЁ]{2,})\b")
_CAPITALISED = re.compile(r"(?<=[\w,;:)»]\s)[A-ZА-ЯЁ][a-zа-яё]{2,}")
_QUOTED_NAME = re.compile(r"«[^»]{2,40}»|\"[^\"]{2,40}\"")
_CONDITIONAL = re.compile(
    r"\bесли\b[^.?!]{3,80}(?:—|–|,|:|\bто\b)|\bif\b[^.?!]{3,80}(?:,|\bthen\b)|\bиначе\b|\botherwise\b"
)


def content_stems(text: str) -> list[str]:
    """Content words of lowercased text, cut to a 5-letter stem (enough for Russian
    endings), without stop words and bare numbers."""
    return [w[:5] for w in _WORD.findall(text) if len(w) >= 3 and w not in _STOP and not w.isdigit()]


_GENERIC = {"опыт", "работ", "знани", "умени", "навык", "лет", "года", "экспе", "knowl", "years", "level"}


def vacancy_stems(title: str, requirements: list[str]) -> set[str]:
    text = (title + " " + " ".join(requirements)).lower().replace("ё", "е")
    return {s for s in content_stems(text) if s not in _GENERIC}


@dataclass
class Substance:
    """Per answer. ``specifics`` counts what a term list cannot fake; ``copied`` is the
    share of its content words that are the vacancy's own words."""

    own_actions: int
    others_did: bool
    disclaimer: bool
    numbers: int
    named: int
    causes: int
    results: int
    tradeoffs: int
    copied: float
    variety: float
    repeated: int  # sentences said before (in this or an earlier answer)
    stuffed: bool = False

    @property
    def specifics(self) -> float:
        return (
            min(self.numbers, 4)
            + 0.8 * min(self.named, 4)
            + 0.5 * min(self.own_actions, 4)
            + 0.6 * min(self.causes, 3)
            + 0.6 * min(self.results, 3)
            + 0.7 * min(self.tradeoffs, 2)
        )

    @property
    def grounded(self) -> bool:
        """Terms count only when something beside them shows the work was done."""
        return self.numbers + self.named + self.own_actions + self.causes + self.results + self.tradeoffs >= 2


def _named(text: str, vacancy: set[str]) -> int:
    """Named systems, rules and abbreviations not taken from the vacancy's own words."""
    found = {m.group(0).lower() for m in _ABBREVIATION.finditer(text)}
    found |= {m.group(0).lower() for m in _CAPITALISED.finditer(text)}
    found |= {m.group(0).lower() for m in _QUOTED_NAME.finditer(text)}
    found |= {m.group(0).lower() for m in mk.LATIN_WORD.finditer(text) if len(m.group(0)) >= 3}
    known = vacancy | _GENERIC
    return sum(1 for item in found if (stems := set(content_stems(item))) and not stems <= known)


def _said_before(stems: set[str], earlier: list[set[str]]) -> bool:
    """The same sentence again, give or take a few words (Jaccard of content stems)."""
    return any(len(stems & e) / len(stems | e) >= 0.6 for e in earlier)


def substance_of(texts: list[str], title: str, requirements: list[str]) -> list[Substance]:
    """One ``Substance`` per answer text, in order."""
    vacancy = vacancy_stems(title, requirements)
    earlier: list[set[str]] = []
    out = []
    for text in texts:
        low = text.lower().replace("ё", "е")
        stems = content_stems(low)
        own = [m for m in _OWN_ACTION.finditer(low) if not _NOT_VERB.search(m.group(0))]
        sentences = [s for s in re.split(r"(?<=[.!?…])\s+", text) if len(content_stems(s.lower())) >= 4]
        keys = [set(content_stems(s.lower().replace("ё", "е"))) for s in sentences]
        repeated = 0
        for key in keys:
            repeated += _said_before(key, earlier)
            earlier.append(key)
        numbers = mk.count(mk.NUMBER_WORDS, low)
        item = Substance(
            own_actions=len(own),
            others_did=bool(_OTHERS_DID.search(low)),
            disclaimer=bool(_DISCLAIMER.search(low)),
            numbers=numbers,
            named=_named(text, vacancy),
            causes=mk.count(mk.REASONING, low) + len(_CONDITIONAL.findall(low)),
            results=mk.count(mk.RESULTS, low),
            tradeoffs=mk.count(mk.ALTERNATIVES, low),
            copied=(sum(s in vacancy for s in stems) / len(stems)) if stems else 0.0,
            variety=(len(set(stems)) / len(stems)) if stems else 1.0,
            repeated=repeated,
        )
        out.append((item, len(stems)))
    # A habit of saying the vacancy back (three answers or more) lowers the bar for the rest.
    habit = sum(item.copied >= 0.45 and n >= 6 for item, n in out) >= 3
    for item, n in out:
        item.stuffed = _stuffed(item, n, habit)
    return [item for item, _ in out]


def _stuffed(item: Substance, n_stems: int, habit: bool) -> bool:
    """The vacancy's words said back with nothing of one's own: no number, no named
    system outside the vacancy, no cause or result; or the same words over and over."""
    if n_stems < 6:
        return False
    own_specifics = item.numbers + item.named + item.causes + item.results + item.tradeoffs
    if item.copied >= 0.3 and own_specifics <= (2 if habit else 1):
        return True
    if habit and item.copied >= 0.45 and item.repeated and own_specifics <= 3:
        return True
    return n_stems >= 15 and item.variety < 0.55 and own_specifics <= 2
