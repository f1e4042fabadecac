"""Classic questions checked for every engine: the knowledge bank's misconceptions are
looked for in every answer of the transcript (whoever asked the question), and what is
found joins the draft as wrong-statement flags with the quote and the correct statement.
Serious errors cap the technical score: a candidate who gets the basics of his own
profession wrong is not technically strong, however fluent the rest."""

from __future__ import annotations

from scoring.evaluation.analysis import answers_of
from scoring.evaluation.flags import misconception_flags
from scoring.evaluation.schema import EvaluationDraft, RedFlagType, Severity, Transcript
from scoring.evaluation.texts import Texts

# Distinct serious errors -> the highest technical score still possible.
TECHNICAL_CAPS = {1: 70, 2: 45, 3: 25}


def technical_cap(serious_errors: int) -> int:
    return 100 if serious_errors <= 0 else TECHNICAL_CAPS[min(serious_errors, 3)]


def apply_classic_questions(draft: EvaluationDraft, transcript: Transcript) -> EvaluationDraft:
    texts = Texts(draft.language)
    draft = draft.model_copy(deep=True)
    flagged = {
        e.turn_index for f in draft.red_flags if f.type == RedFlagType.WRONG_TECHNICAL_STATEMENT for e in f.evidence
    }
    for flag in misconception_flags([a for a in answers_of(transcript) if a.words > 0], texts):
        if not {e.turn_index for e in flag.evidence} <= flagged:
            draft.red_flags.append(flag)
    serious = sum(
        f.type == RedFlagType.WRONG_TECHNICAL_STATEMENT and f.severity == Severity.HIGH for f in draft.red_flags
    )
    cap = technical_cap(serious)
    technical = draft.criteria.technical_skills
    if technical.score > cap:
        technical.score = cap
        technical.rationale += " " + texts.pick(
            f"Балл ограничен {cap}: грубых ошибок в базовых вопросах профессии — {serious}.",
            f"Capped at {cap}: {serious} serious error(s) on basic questions of the profession.",
        )
    return draft
