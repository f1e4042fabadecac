"""With a model configured, the plan's questions are written for this candidate and this
job (what the resume claims and lacks, the role's daily work), inside the same topic
structure: same topics, goals, requirements and expected points. Each question the model
writes passes the guard; a refused one, or all of them when the call fails, keep the
bank's question, and the audit row says so. The recruiter edits the result as before."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from django.conf import settings
from pydantic import BaseModel, Field, ValidationError

from hrcrm.ai import (
    AIError,
    ChatMessage,
    extract_json,
    record_fallback,
    record_rejected,
    render_prompt,
    untrusted_block,
)
from hrcrm.ai.config import resilience
from hrcrm.ai.registry import provider_class
from interviews.engine import InterviewPlan
from interviews.engine.guard import assert_allowed, check_reply
from interviews.interviewer import model_configured

log = logging.getLogger(__name__)

PROMPT_NAME = "interview.plan"
WRITTEN_KINDS = ("intro", "must_have", "gap", "behavioural", "case")
MAX_QUESTION_SENTENCES = 2


class WrittenQuestion(BaseModel):
    topic_id: str = Field(max_length=40)
    question: str = Field(max_length=600)


class WrittenPlan(BaseModel):
    questions: list[WrittenQuestion] = Field(max_length=20)


def _problem(text: str, language: str) -> str | None:
    problem = check_reply(text, language=language)
    if problem:
        return problem
    try:
        assert_allowed(text)
    except ValueError:
        return "protected_topic"
    if "?" not in text:
        return "not_a_question"
    if len([s for s in text.replace("?", "?|").replace(". ", ".|").split("|") if s.strip()]) > MAX_QUESTION_SENTENCES:
        return "too_many_sentences"
    return None


def plan_personalise(plan: InterviewPlan, *, duties: str = "", refs: dict[str, Any] | None = None) -> InterviewPlan:
    """``plan`` with model-written questions where they pass the checks (a copy)."""
    name = model_configured()
    if name is None:
        return plan
    budget = float(getattr(settings, "INTERVIEW_LLM_PLAN_BUDGET", 10.0))
    provider = provider_class(name)(purpose="interview", config=replace(resilience(), timeout=budget, max_retries=0))
    policy, _ = render_prompt("ai.data_policy")
    language = "English" if plan.language == "en" else "русский"
    system, version = render_prompt(PROMPT_NAME, language=language, data_policy=policy)
    topics = [
        {
            "topic_id": t.id,
            "kind": str(t.kind),
            "goal": t.goal,
            "requirement": t.requirement,
            "bank_question": t.question,
        }
        for t in plan.topics
        if t.kind in WRITTEN_KINDS
    ]
    message = "\n".join(
        [
            f"Вакансия: {plan.vacancy_title}",
            "Обязанности: " + (duties or "—"),
            "Темы плана:",
            json.dumps(topics, ensure_ascii=False, indent=1),
            "Резюме кандидата (заявления):",
            untrusted_block("resume_summary", plan.resume_summary or "—"),
        ]
    )
    try:
        result = provider.chat(
            system=system,
            messages=[ChatMessage(role="user", content=message)],
            temperature=0.4,
            max_tokens=1200,
            prompt_name=PROMPT_NAME,
            prompt_version=version,
            purpose="interview",
            refs={**(refs or {}), "step": "plan"},
        )
    except AIError as error:
        record_fallback(error, fallback_to="question_bank")
        log.info("plan questions from the bank: %s", error.code)
        return plan
    try:
        written = WrittenPlan.model_validate(extract_json(result.text))
    except (ValueError, ValidationError) as exc:
        record_rejected(result.audit_id, reason=f"bad_json:{str(exc)[:200]}", fallback_to="question_bank")
        return plan
    edited = plan.model_copy(deep=True)
    by_id = {t.id: t for t in edited.topics if t.kind in WRITTEN_KINDS}
    refused: list[str] = []
    seen: set[str] = set()
    for item in written.questions:
        topic = by_id.get(item.topic_id)
        text = " ".join(item.question.split())
        problem = "unknown_topic" if topic is None else _problem(text, plan.language)
        if problem is None and text.lower() in seen:
            problem = "duplicate"
        if problem is not None or topic is None:
            refused.append(f"{item.topic_id}:{problem}")
            continue
        seen.add(text.lower())
        topic.question = text
        topic.written_by = "llm"
    if refused:
        # Some questions kept the bank's wording: the row says which and why.
        record_rejected(result.audit_id, reason="partly: " + ", ".join(refused)[:1500], fallback_to="question_bank")
    return edited
