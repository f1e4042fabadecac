"""Evidence verification: an engine (above all an LLM) must never be able to put an
invented quote in front of a person.

A quote survives only when, after normalisation, it is a substring of the candidate's own
words in the turn it cites. Normalisation forgives what a faithful quote may differ in:
case, ``ё``/``е``, kinds of quotes and dashes, whitespace, and (second pass) punctuation.
Everything else is dropped and the drop is logged with the text, for audit.

A real quote must also support what it is attached to: a positive quote behind a must-have
has to be about that must-have (``topic.TopicIndex``: its concept by the rules or E5
similarity) and must not admit a gap or dodge the question. Whatever the engine, a
requirement left «confirmed» without such a quote becomes «not confirmed».
"""

from __future__ import annotations

import logging
import re
import unicodedata

from scoring.evaluation import markers as mk
from scoring.evaluation.analysis import fold, split_sentences
from scoring.evaluation.schema import (
    DroppedQuote,
    EvaluationDraft,
    Evidence,
    Polarity,
    RequirementStatus,
    Role,
    Transcript,
)
from scoring.evaluation.texts import Texts
from scoring.evaluation.topic import TopicIndex

logger = logging.getLogger("scoring.evidence")

_QUOTES = re.compile(r"[\"'«»“”„‟‘’‚‛`´]")
_DASHES = re.compile(r"[‐‑‒–—―−]")
_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_MIN_WORDS = 2  # a one-word "quote" proves nothing about what was said


def normalise(text: str, *, strip_punctuation: bool = False) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    text = _QUOTES.sub("", _DASHES.sub("-", text))
    if strip_punctuation:
        text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def quote_is_real(quote: str, turn_text: str) -> bool:
    if len(normalise(quote, strip_punctuation=True).split()) < _MIN_WORDS:
        return False
    if normalise(quote) in normalise(turn_text):
        return True
    return normalise(quote, strip_punctuation=True) in normalise(turn_text, strip_punctuation=True)


class EvidenceVerifier:
    def __init__(self, transcript: Transcript) -> None:
        self._candidate_turns = {
            index: turn.text for index, turn in enumerate(transcript.turns) if turn.role == Role.CANDIDATE
        }
        self.dropped: list[DroppedQuote] = []

    def keep(self, evidence: list[Evidence], *, where: str) -> list[Evidence]:
        kept: list[Evidence] = []
        seen: set[tuple[int, str]] = set()
        for item in evidence:
            text = self._candidate_turns.get(item.turn_index)
            if text is None or not quote_is_real(item.quote, text):
                logger.warning("Dropped unverified quote in %s (turn %s): %r", where, item.turn_index, item.quote)
                self.dropped.append(DroppedQuote(where=where, turn_index=item.turn_index))
                continue
            key = (item.turn_index, normalise(item.quote))
            if key not in seen:
                seen.add(key)
                kept.append(item)
        return kept


def verify_draft(draft: EvaluationDraft, transcript: Transcript) -> tuple[EvaluationDraft, list[DroppedQuote]]:
    """A copy of ``draft`` holding only real quotes. A red flag whose every quote was
    invented is dropped too: an accusation needs evidence a person can check."""
    verifier = EvidenceVerifier(transcript)
    draft = draft.model_copy(deep=True)
    for name, criterion in draft.criteria.items():
        criterion.evidence = verifier.keep(criterion.evidence, where=f"criteria.{name}")
    for position, requirement in enumerate(draft.requirements):
        requirement.evidence = verifier.keep(requirement.evidence, where=f"requirements[{position}]")
    flags = []
    for position, flag in enumerate(draft.red_flags):
        had_evidence = bool(flag.evidence)
        flag.evidence = verifier.keep(flag.evidence, where=f"red_flags[{position}]")
        if had_evidence and not flag.evidence:
            logger.warning("Dropped red flag %s: none of its quotes is in the transcript", flag.type)
            continue
        flags.append(flag)
    draft.red_flags = flags
    draft = supported_requirements(draft, transcript)
    return draft, verifier.dropped


_SPOKEN_LANGUAGE = re.compile(r"\benglish\b|английск\w*|\brussian\b|русск\w+ язык")


def _sentence_of(quote: str, turn_text: str) -> str:
    """The candidate's whole sentence a quote was cut from (meaning is judged on it)."""
    key = normalise(quote, strip_punctuation=True)
    for sentence in split_sentences(turn_text):
        if key[:40] in normalise(sentence.text, strip_punctuation=True):
            return sentence.text
    return quote


def supported_requirements(draft: EvaluationDraft, transcript: Transcript) -> EvaluationDraft:
    """Positive requirement quotes that are off topic, evasive or an admitted gap are
    dropped; a «confirmed» requirement left without one is «not confirmed»."""
    turns = {i: t.text for i, t in enumerate(transcript.turns) if t.role == Role.CANDIDATE}
    positive = [
        (r.requirement, e)
        for r in draft.requirements
        if not _SPOKEN_LANGUAGE.search(fold(r.requirement))  # shown by the interview's own language
        for e in r.evidence
        if e.polarity in (None, Polarity.POSITIVE)
    ]
    if not positive:
        return draft
    sentences = {id(e): _sentence_of(e.quote, turns.get(e.turn_index, "")) for _, e in positive}
    index = TopicIndex(
        [q for _, e in positive for q in (e.quote, sentences[id(e)])], list(dict.fromkeys(r for r, _ in positive))
    )
    texts = Texts(draft.language)
    for position, requirement in enumerate(draft.requirements):
        if _SPOKEN_LANGUAGE.search(fold(requirement.requirement)):
            continue
        kept = []
        for e in requirement.evidence:
            if e.polarity not in (None, Polarity.POSITIVE):
                kept.append(e)
                continue
            sentence = sentences[id(e)]
            about = index.on_topic(e.quote, requirement.requirement) or index.on_topic(
                sentence, requirement.requirement
            )
            dodges = bool(mk.ADMITTED_GAP.search(fold(e.quote)) or mk.DEFLECTION.search(fold(e.quote)))
            if about and not dodges:
                kept.append(e)
                continue
            # Real but beside the point: logged, not counted with the invented quotes.
            logger.info("Dropped a quote that does not support requirement %s: %r", position, e.quote)
        requirement.evidence = kept
        if requirement.status == RequirementStatus.CONFIRMED and not any(
            e.polarity in (None, Polarity.POSITIVE) for e in kept
        ):
            requirement.status, requirement.note = RequirementStatus.NOT_CONFIRMED, texts.req_unsupported
    return draft
