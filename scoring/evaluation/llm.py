"""The LLM engine: the same ``EvaluationDraft`` as the offline engine, from a model.

The provider is the one configured for scoring (``AI_PROVIDER_SCORING``, else
``AI_PROVIDER``). The prompt is the versioned file ``scoring/prompts/
scoring.evaluate_interview.txt`` (its hash is the version shown with every evaluation).
The transcript and the resume summary go to the model as untrusted blocks (a candidate
may try to instruct the evaluator); the model returns the draft schema; the pipeline then
verifies every quote and applies the recommendation rules as for any engine. A long
transcript is evaluated in parts of whole question-answer pairs and the parts are
combined, so nothing is truncated. Runs are repeated by the pipeline (N runs -> median
and spread). A provider failure raises ``EngineFailed`` carrying the ``AIError``, so the
caller that falls back to the offline engine can record the fallback in the audit log.
Tests: ``tests/test_scoring_llm.py`` (real SDKs against the local fakes).
"""

from __future__ import annotations

from typing import Any

from hrcrm.ai import AIError, ChatMessage, get_provider, render_prompt, untrusted_block
from hrcrm.ai.prompts import prompt_version
from scoring.evaluation.evaluate import EngineFailed
from scoring.evaluation.schema import (
    CRITERIA,
    Criteria,
    CriterionScore,
    EvaluationDraft,
    Provenance,
    RedFlag,
    RequirementAssessment,
    RequirementStatus,
    Role,
    Transcript,
)
from scoring.evaluation.verify import normalise

PROMPT_NAME = "scoring.evaluate_interview"
PART_CHARS = 14_000  # a part's transcript text; larger interviews are split on answer boundaries
# Five rationales with quotes, the must-have table and flags: well over the layer's
# default of 1500 tokens, and a cut-off JSON answer is unusable.
MAX_TOKENS = 4000


def _format_turns(transcript: Transcript, indexes: list[int]) -> str:
    names = {Role.INTERVIEWER: "Интервьюер", Role.CANDIDATE: "Кандидат"}
    return "\n".join(f"[{i}] {names[transcript.turns[i].role]}: {transcript.turns[i].text}" for i in indexes)


def split_parts(transcript: Transcript, limit: int = PART_CHARS) -> list[list[int]]:
    """Turn indexes in parts under ``limit`` characters, never separating a question
    from its answer; every turn is in exactly one part."""
    parts: list[list[int]] = [[]]
    size = 0
    for index, turn in enumerate(transcript.turns):
        starts_exchange = turn.role == Role.INTERVIEWER
        if parts[-1] and starts_exchange and size + len(turn.text) > limit:
            parts.append([])
            size = 0
        parts[-1].append(index)
        size += len(turn.text)
    return parts


def combine_parts(drafts: list[EvaluationDraft], weights: list[float]) -> EvaluationDraft:
    """One draft from the parts: scores weighted by how much the candidate said in each
    part; evidence, flags, strengths and gaps pooled; a requirement is confirmed if some
    part confirms it and none contradicts it."""
    total = sum(weights) or 1.0
    criteria = {}
    for name in CRITERIA:
        parts = [getattr(d.criteria, name) for d in drafts]
        criteria[name] = CriterionScore(
            score=round(sum(p.score * w for p, w in zip(parts, weights, strict=True)) / total),
            rationale=" ".join(p.rationale for p in parts if p.rationale),
            evidence=[e for p in parts for e in p.evidence][:6],
        )
    order = [
        RequirementStatus.NOT_ASSESSED,
        RequirementStatus.NOT_CONFIRMED,
        RequirementStatus.PARTLY,
        RequirementStatus.CONFIRMED,
    ]
    requirements = []
    for position, first in enumerate(drafts[0].requirements):
        versions = [d.requirements[position] for d in drafts if position < len(d.requirements)]
        statuses = {v.status for v in versions} - {RequirementStatus.NOT_ASSESSED}
        if RequirementStatus.CONFIRMED in statuses and RequirementStatus.NOT_CONFIRMED in statuses:
            status = RequirementStatus.PARTLY
        else:
            status = max(statuses or {RequirementStatus.NOT_ASSESSED}, key=order.index)
        requirements.append(
            RequirementAssessment(
                requirement=first.requirement,
                status=status,
                note=" ".join(v.note for v in versions if v.status != RequirementStatus.NOT_ASSESSED and v.note),
                evidence=[e for v in versions for e in v.evidence][:4],
            )
        )
    flags: list[RedFlag] = [f for d in drafts for f in d.red_flags]
    return EvaluationDraft(
        language=drafts[0].language,
        criteria=Criteria(**criteria),
        requirements=requirements,
        red_flags=flags,
        summary=" ".join(d.summary for d in drafts if d.summary),
        strengths=list(dict.fromkeys(s for d in drafts for s in d.strengths)),
        gaps=list(dict.fromkeys(g for d in drafts for g in d.gaps)),
    )


def _match_requirements(draft: EvaluationDraft, must_have: list[str]) -> list[RequirementAssessment]:
    """The vacancy's requirement list, whatever the model echoed back: matched by text
    (case, spacing and quotes forgiven), else by position when the model kept the count."""
    by_text = {normalise(r.requirement): r for r in draft.requirements}
    same_count = len(draft.requirements) == len(must_have)
    matched = []
    for position, requirement in enumerate(must_have):
        found = by_text.get(normalise(requirement)) or (draft.requirements[position] if same_count else None)
        if found is None:
            matched.append(RequirementAssessment(requirement=requirement, status=RequirementStatus.NOT_ASSESSED))
        else:
            matched.append(found.model_copy(update={"requirement": requirement}))
    return matched


class LLMEngine:
    deterministic = False

    def __init__(self, *, refs: dict[str, Any] | None = None) -> None:
        self.provider = get_provider(purpose="scoring")
        if self.provider.is_offline:
            # The offline provider has no judgement of its own; the rules engine is better.
            raise EngineFailed("the AI provider configured for scoring is offline")
        self.refs = dict(refs or {})  # ids for the audit log (e.g. interview_id), never text

    def provenance(self) -> Provenance:
        return Provenance(
            engine="llm",
            provider=self.provider.name,
            model=self.provider.model,
            prompt_version=prompt_version(PROMPT_NAME),
        )

    def draft(self, transcript: Transcript) -> EvaluationDraft:
        parts = split_parts(transcript)
        drafts, weights = [], []
        for number, indexes in enumerate(parts, start=1):
            try:
                drafts.append(self._ask(transcript, indexes, number, len(parts)))
            except AIError as exc:
                raise EngineFailed(f"AI provider error: {exc}", error=exc)
            weights.append(
                sum(len(transcript.turns[i].text) for i in indexes if transcript.turns[i].role == Role.CANDIDATE)
            )
        draft = drafts[0] if len(drafts) == 1 else combine_parts(drafts, weights)
        draft.requirements = _match_requirements(draft, transcript.vacancy.must_have)
        return draft

    def _ask(self, transcript: Transcript, indexes: list[int], number: int, total: int) -> EvaluationDraft:
        language = "English" if transcript.language == "en" else "русский"
        policy, _ = render_prompt("ai.data_policy")
        system, version = render_prompt(PROMPT_NAME, language=language, data_policy=policy)
        vacancy = transcript.vacancy
        lines = [
            f"Вакансия: {vacancy.title}",
            "Обязательные требования (верни их в том же порядке и с тем же текстом):",
            *[f"- {r}" for r in vacancy.must_have],
            "Желательно: " + "; ".join(vacancy.nice_to_have),
            f"Минимальный опыт, лет: {vacancy.min_experience_years:g}",
            "Резюме кандидата (заявления, требуют подтверждения):",
            untrusted_block("resume_summary", transcript.candidate_summary or "—"),
        ]
        if total > 1:
            lines.append(f"Это часть {number} из {total} длинного интервью; оцени только эту часть.")
        lines += ["Расшифровка:", untrusted_block("transcript", _format_turns(transcript, indexes))]
        reply = self.provider.structured(
            system=system,
            messages=[ChatMessage(role="user", content="\n".join(lines))],
            schema=EvaluationDraft,
            max_tokens=MAX_TOKENS,
            prompt_name=PROMPT_NAME,
            prompt_version=version,
            purpose="scoring",
            refs={**self.refs, "part": number, "parts": total},
        )
        return reply.value
