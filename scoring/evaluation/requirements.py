"""Must-have requirements: which answers talk about each, and what they show."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from statistics import mean

from scoring.evaluation import markers as mk
from scoring.evaluation.analysis import Answer, Sentence, fold, language_of, years_mentioned
from scoring.evaluation.quotes import evidence_of
from scoring.evaluation.schema import (
    Polarity,
    RequirementAssessment,
    RequirementStatus,
    Severity,
    Transcript,
)
from scoring.evaluation.skills import requirement_skills, skill_pattern
from scoring.evaluation.texts import Texts
from scoring.evaluation.topic import TopicIndex, concept_pattern

_STOP = set(
    "опыт опыта от до лет года год работа работы с и или в на по для знание уверенное базовом уровне практике "
    "умение навыки of in on and or with for years year experience working knowledge level strong solid good "
    "production commercial коммерческой разработки development".split()
)


def requirement_pattern(requirement: str) -> re.Pattern[str] | None:
    skills = requirement_skills(requirement)
    if skills:
        return re.compile("|".join(skill_pattern(name).pattern for name in sorted(skills)))
    low = fold(requirement)
    names = [rf"\b{re.escape(w)}\b" for w in re.findall(r"[a-z][a-z0-9+#.]*[a-z0-9+#]", low) if w not in _STOP]
    stems = list(dict.fromkeys(re.escape(w[:6]) for w in re.findall(r"[а-я]{5,}", low) if w not in _STOP))
    if names or len(stems) < 2:
        # A tool name is specific enough alone, and so is a single remaining word.
        return re.compile("|".join(names + stems)) if names or stems else None
    # Common words ("опыт в мобильных продуктах"): two of them must occur together.
    pairs = [rf"(?=[\s\S]*{a})(?=[\s\S]*{b})" for i, a in enumerate(stems) for b in stems[i + 1 :]]
    return re.compile("^(?:" + "|".join(pairs) + ")")


# What a person says when he has not done the thing himself, beyond the general markers:
# a past-tense "did not" on an experience verb, "never got round to it", "I know of it,
# but", "only in theory / on a course / at home", "someone else set it up, I use it".
_OWN_GAP = re.compile(
    r"\bне\s+(?:делал|работал|писал|использовал|готовил|внедрял|внедрил|вел|настраивал|запускал|проводил|"
    r"руководил|сталкивал|пробовал|применял|занимал|участвовал|сдавал|строил|разрабатывал|тестировал|"
    r"составлял|управлял|планировал|вела|вели|довелось|успел|трогал|пользовал)\w*"
    r"|так и не\b|ни разу\b|не было (?:времени|возможности|опыта|практики|задач\w*)"
    r"|(?:знаю|слышал\w*|читал\w*|видел\w*)(?: про| о| об)?[^.!?]{0,25}, но\b"
    r"|только (?:теоретически|в теории|на курс\w*|в учебн\w+|в пет-?проект\w*|дома|для себя)"
    r"|(?:настраивал\w*|внедрял\w*|делал\w*|вел\w*|писал\w*) (?:тимлид|руководител|коллег|старш|завуч|другой|другие|он|она)\w*"
    r"|(?:спускал\w*|давал\w*|присылал\w*) (?:сверху|руководств\w*)"
    r"|\bi(?:'ve| have)? never (?:\w+ed|done|used|written|run|worked|built|set)\b"
    r"|\b(?:i|we) (?:haven'?t|didn'?t|did not|have not) (?:\w+ed|done|used|written|run|worked|built|set|had)\b"
    r"|only (?:in theory|on a course|at home|in a pet project|read about)"
    r"|(?:someone else|the lead|my lead|another team) (?:set|wrote|ran|did|configured)"
)


def sentence_negative(answer: Answer, sentence: Sentence, *, hedges: bool = True) -> bool:
    """Wrong, admits a gap, deflects; with ``hedges``, also unsure of itself."""
    end = sentence.start + len(sentence.text)
    wrong = any(sentence.start <= offset < end for _, offset in answer.misconceptions)
    return wrong or bool(
        mk.ADMITTED_GAP.search(sentence.low)
        or _OWN_GAP.search(sentence.low)
        or mk.DEFLECTION.search(sentence.low)
        or (hedges and mk.UNCERTAIN.search(sentence.low))
    )


def _answer_value(
    answer: Answer, requirement: str, pattern: re.Pattern[str] | None, on_topic: Callable[[Sentence], bool]
) -> tuple[float, list[Sentence], list[Sentence]]:
    """1 = supports the requirement, 0.5 = partly / in passing, 0 = shows it is missing.
    Only sentences about the requirement can support it; an evasive answer, or one that
    says the vacancy's words back, supports nothing."""
    about = [s for s in answer.sentences if on_topic(s) or (pattern is not None and pattern.search(s.low))]
    # Asked about the requirement by name ("Что должно быть в баг-репорте?"), the answer is
    # about it even when it does not repeat the word.
    asked = (concept := concept_pattern(requirement)) is not None and bool(concept.search(answer.question_low))
    # A hedged sentence ("по-моему, 333-я статья") is weaker evidence, not counter-evidence.
    good = [s for s in (about or (answer.sentences if asked else [])) if not sentence_negative(answer, s, hedges=False)]
    good = [s for s in good if asked or on_topic(s)]
    # Asked by name and answered well without naming it: it counts, but a confirmation
    # needs a sentence that is about the requirement itself (its quote is shown).
    topical = [s for s in good if on_topic(s)]
    sure = [s for s in good if not mk.UNCERTAIN.search(s.low)]
    bad = [s for s in (about or answer.sentences) if sentence_negative(answer, s, hedges=False)]
    in_scope = {id(s) for s in about or answer.sentences}
    serious = any(
        r.severity == Severity.HIGH and id(answer.sentence_at(offset)) in in_scope
        for r, offset in answer.misconceptions
    )
    if answer.evasive or answer.stuffed:
        return 0.0, [], bad
    if serious:  # a clear error about the very subject outweighs anything said beside it
        value = 0.0
    elif bad and good:
        value = 0.5
    elif bad:
        value = 0.0
    elif not good:
        # Asked about it, answered on something else: not evidence either way.
        value = 0.25 if answer.substance >= 0.45 else 0.0
    else:
        # A passing mention in a list is not proof: the sentences about it must say
        # something (enough words, or a terse sentence with numbers or names in it).
        said = sum(len(s.text.split()) for s in good)
        dense = any(_specifics(s) >= 2 for s in good)
        value = 1.0 if answer.substance >= 0.45 and (said >= 12 or (dense and said >= 5)) else 0.5
        if not sure or not topical:
            value = min(value, 0.5)
    return value, topical or good, bad


_NAMED = re.compile(r"«[^»]{2,40}»|\"[^\"]{2,40}\"")


def _specifics(sentence: Sentence) -> int:
    """Numbers and named things (a tool in Latin letters inside Russian speech, a quoted
    name): a terse sentence with two of them says more than a long general one."""
    latin = len(mk.LATIN_WORD.findall(sentence.text)) if language_of(sentence.text) == "ru" else 0
    return mk.count(mk.NUMBER_WORDS, sentence.low) + latin + len(_NAMED.findall(sentence.text))


_EXPERIENCE = re.compile(
    r"опыт\w*|стаж\w*|работаю|занимаюсь|в профессии|коммерческ\w+|пишу на|experience|i'?ve been|years (?:of|in|as)"
)


_AGE = re.compile(r"возраст|рожден|г\.\s?р\.|\bage\b|\bborn\b|\bлет от роду")


@dataclass
class Experience:
    required: float
    stated: float | None


def experience_of(transcript: Transcript, answers: list[Answer]) -> Experience:
    # Years of experience come from sentences about experience, not from any "2 years" said.
    said = [
        y
        for a in answers
        for sentence in a.sentences
        if _EXPERIENCE.search(sentence.low)
        for y in years_mentioned(sentence.text)
    ]
    # From the resume summary too only what is said about experience: an age or a birth
    # year ("25 лет") is never read as years of work (a protected attribute).
    summary = [
        y
        for sentence in re.split(r"(?<=[.!?;])\s+", fold(transcript.candidate_summary))
        if _EXPERIENCE.search(sentence) and not _AGE.search(sentence)
        for y in years_mentioned(sentence)
    ]
    stated = max(said) if said else (max(summary) if summary else None)
    return Experience(transcript.vacancy.min_experience_years, stated)


def assess_requirement(
    requirement: str, answers: list[Answer], experience: Experience, texts: Texts, topics: TopicIndex | None = None
) -> RequirementAssessment:
    if _LANGUAGE_REQUIREMENT.search(fold(requirement)):
        return _assess_language(requirement, answers, texts)
    pattern = requirement_pattern(requirement)

    def on_topic(sentence: Sentence) -> bool:
        return topics.on_topic(sentence.text, requirement) if topics else bool(pattern and pattern.search(sentence.low))

    related = [
        a
        for a in answers
        if not a.is_closing
        and (
            (pattern is not None and (pattern.search(a.low) or pattern.search(a.question_low)))
            or any(on_topic(s) for s in a.sentences)
        )
    ]
    required_years = max(years_mentioned(requirement), default=0)
    if not related:
        return RequirementAssessment(
            requirement=requirement, status=RequirementStatus.NOT_ASSESSED, note=texts.not_discussed
        )
    values, evidence = [], []
    for answer in related:
        value, good, bad = _answer_value(answer, requirement, pattern, on_topic)
        values.append(value)
        bad = [s for s in bad if len(s.text.split()) >= 3]  # "Так..." proves nothing
        good = [s for s in good if len(s.text.split()) >= 3]
        if bad:
            evidence.append(evidence_of(answer, max(bad, key=lambda s: len(s.text)), Polarity.NEGATIVE))
        elif good and value >= 0.5:
            best = max(good, key=lambda s: (on_topic(s), len(s.text)))
            evidence.append(evidence_of(answer, best, Polarity.POSITIVE, focus=_concept_at(best, requirement, pattern)))
    # The best answers decide; a side remark elsewhere does not dilute a clear one.
    ranked = sorted(values, reverse=True)
    level = mean(ranked[: max(2, len(ranked) // 2 + 1)]) if min(values) > 0 else mean(values)
    if ranked[0] >= 1.0 and not any(e.polarity == Polarity.NEGATIVE for e in evidence):
        level = 1.0  # shown clearly once and never contradicted: passing mentions elsewhere do not dilute it
    if level >= 0.75:
        status, note = RequirementStatus.CONFIRMED, texts.req_confirmed
    elif level >= 0.34:
        status, note = RequirementStatus.PARTLY, texts.req_partly
    else:
        status, note = RequirementStatus.NOT_CONFIRMED, texts.req_not_confirmed
    if status == RequirementStatus.CONFIRMED and not any(e.polarity == Polarity.POSITIVE for e in evidence):
        status, note = RequirementStatus.PARTLY, texts.req_partly  # no quote about it, no confirmation
    if not evidence and not any(a.evasive for a in related):
        # Touched on only in passing (neither shown nor denied): it was not really checked.
        status, note = RequirementStatus.NOT_ASSESSED, texts.not_discussed
    if required_years:
        if experience.stated is None:
            status = min(status, RequirementStatus.PARTLY, key=_STATUS_ORDER.index)
            note += " " + texts.years_unknown
        elif experience.stated < required_years:
            short = texts.years_short.format(stated=_fmt(experience.stated), required=_fmt(required_years))
            # The status becomes «not confirmed»: a note that began «confirmed» would contradict it.
            shown = status in (RequirementStatus.CONFIRMED, RequirementStatus.PARTLY)
            note = texts.years_short_but_shown.format(short=short) if shown else f"{note} {short}"
            status = RequirementStatus.NOT_CONFIRMED
        elif status == RequirementStatus.NOT_CONFIRMED:
            # The years are there but the answers do not show the level: partly.
            status, note = RequirementStatus.PARTLY, texts.years_but_weak.format(stated=_fmt(experience.stated))
    evidence.sort(key=lambda e: e.polarity != Polarity.NEGATIVE if status != RequirementStatus.CONFIRMED else 0)
    return RequirementAssessment(requirement=requirement, status=status, note=note.strip(), evidence=evidence[:3])


def _concept_at(sentence: Sentence, requirement: str, pattern: re.Pattern[str] | None) -> int | None:
    """Where a long sentence names the requirement, so its quote keeps that clause."""
    for rx in (concept_pattern(requirement), pattern):
        match = rx.search(sentence.low) if rx is not None else None
        if match:
            return sentence.start + match.start()
    return None


_LANGUAGE_REQUIREMENT = re.compile(r"\benglish\b|английск\w*|\brussian\b|русск\w+ язык")


def _assess_language(requirement: str, answers: list[Answer], texts: Texts) -> RequirementAssessment:
    """A spoken-language requirement is tested by the interview itself when it was held
    in that language with answers long enough to judge."""
    wanted = "en" if re.search(r"english|английск", fold(requirement)) else "ru"
    spoken = [a for a in answers if language_of(a.text) == wanted and a.words >= 20]
    if not spoken:
        return RequirementAssessment(
            requirement=requirement, status=RequirementStatus.NOT_ASSESSED, note=texts.not_discussed
        )
    status = RequirementStatus.CONFIRMED if len(spoken) >= 3 else RequirementStatus.PARTLY
    best = max(spoken, key=lambda a: a.words)
    return RequirementAssessment(
        requirement=requirement,
        status=status,
        note=texts.language_shown,
        evidence=[evidence_of(best, max(best.sentences, key=lambda s: len(s.text)), Polarity.POSITIVE)],
    )


_STATUS_ORDER = [
    RequirementStatus.NOT_CONFIRMED,
    RequirementStatus.NOT_ASSESSED,
    RequirementStatus.PARTLY,
    RequirementStatus.CONFIRMED,
]


def _fmt(years: float) -> str:
    return f"{years:g}"


def requirement_coverage(requirements: list[RequirementAssessment]) -> float | None:
    weights = {
        RequirementStatus.CONFIRMED: 1.0,
        RequirementStatus.PARTLY: 0.5,
        RequirementStatus.NOT_ASSESSED: 0.3,
        RequirementStatus.NOT_CONFIRMED: 0.0,
    }
    return mean(weights[r.status] for r in requirements) if requirements else None
