"""Answers the recogniser heard badly are not judged as if they were said.

The offline recogniser gets about every third Russian word wrong on real speech
(README, «Recognition accuracy»); an answer it was unsure of (confidence under 0.5, or
with «[неразборчиво]» stretches) is more guess than hearing. Quoting such text, or
finding a "wrong technical statement" in it, would judge the recogniser, not the
candidate. So before any engine reads the transcript, those answers are replaced by a
note that they were not heard reliably; the result lists them (the reviewer listens to
the recording), its confidence drops, and when a third or more of the spoken answers
were withheld a «reject» becomes «consider»: too little was heard to turn anyone down."""

from __future__ import annotations

import re

from scoring.evaluation.schema import Hearing, HearingConfidence, Recommendation, Role, Transcript

POORLY_HEARD = 0.5  # interviews/speech/recognition.py LOW_CONFIDENCE: unclear stretches count below it
SOFTEN_SHARE = 1 / 3

_WITHHELD = {
    "ru": "[ответ распознан неуверенно и не оценивается — его нужно прослушать в записи]",
    "en": "[this answer was recognised unsurely and is not judged; listen to it in the recording]",
}


def hearing_of(transcript: Transcript) -> Hearing:
    spoken = [
        n for n, t in enumerate(transcript.turns) if t.role == Role.CANDIDATE and t.recognition_confidence is not None
    ]
    unsure = [n for n in spoken if (transcript.turns[n].recognition_confidence or 0.0) < POORLY_HEARD]
    if not unsure:
        confidence = HearingConfidence.NORMAL
    elif len(unsure) >= SOFTEN_SHARE * len(spoken):
        confidence = HearingConfidence.LOW
    else:
        confidence = HearingConfidence.REDUCED
    return Hearing(spoken=len(spoken), unsure_turns=unsure, confidence=confidence)


def withhold_unsure(transcript: Transcript, hearing: Hearing) -> Transcript:
    """The transcript an engine may judge: each unsure answer replaced by the note."""
    if not hearing.unsure_turns:
        return transcript
    note = _WITHHELD[transcript.language or _language_of(transcript, hearing)]
    copy = transcript.model_copy(deep=True)
    for n in hearing.unsure_turns:
        copy.turns[n].text = note
    return copy


def _language_of(transcript: Transcript, hearing: Hearing) -> str:
    """The answers' own language (the CRM leaves it to be detected), so the note does not
    tip the engine's language detection."""
    rest = " ".join(
        t.text for n, t in enumerate(transcript.turns) if t.role == Role.CANDIDATE and n not in hearing.unsure_turns
    )
    latin, cyrillic = len(re.findall(r"[a-zA-Z]", rest)), len(re.findall(r"[а-яА-ЯёЁ]", rest))
    return "en" if latin > cyrillic else "ru"


def soften(
    recommendation: Recommendation, reasons: list[str], hearing: Hearing, language: str
) -> tuple[Recommendation, list[str]]:
    """With too much unheard, a rejection is not the evaluation's to make."""
    if hearing.confidence != HearingConfidence.LOW or recommendation != Recommendation.REJECT:
        return recommendation, reasons
    if language == "en":
        reason = (
            f"{len(hearing.unsure_turns)} of {hearing.spoken} spoken answers were recognised unsurely and "
            "were not judged, so the rejection is lowered to “consider”: listen to them in the recording."
        )
    else:
        reason = (
            f"{len(hearing.unsure_turns)} из {hearing.spoken} устных ответов распознаны неуверенно и не "
            "оценивались, поэтому вместо отказа — «рассмотреть»: прослушайте их в записи."
        )
    return Recommendation.CONSIDER, [*reasons, reason]
