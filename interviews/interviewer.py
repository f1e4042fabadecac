"""Who writes the interviewer's next line: the configured model, under the engine's
control, or the rules engine.

With ``AI_PROVIDER_INTERVIEW`` (or ``AI_PROVIDER``) set to a model, each reply to a
candidate message is asked of it with the engine's ``TurnPolicy`` (topic, goal, points,
coverage, follow-ups and time left, allowed actions), the vacancy's facts, the resume
summary and the conversation (candidate text as untrusted data). Its answer is used
only if it is valid JSON, arrived within the mode's budget (chat 6 s, voice 1.5 s by
default) and passes ``check_model_turn``; otherwise the rules engine's reply for the
same message is used and the audit row says why (``fallback_used``). Messages the rules
own (silence, "repeat", "wait", attempts to steer the evaluation) never reach the model.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from django.conf import settings
from pydantic import ValidationError

from hrcrm.ai import (
    AIError,
    ChatMessage,
    extract_json,
    record_fallback,
    record_rejected,
    render_prompt,
    untrusted_block,
)
from hrcrm.ai.config import provider_name_for, resilience
from hrcrm.ai.registry import provider_class
from interviews.engine import core
from interviews.engine.analysis import Intent
from interviews.engine.core import Step
from interviews.engine.directed import (
    RULES_ONLY,
    ModelTurn,
    TurnPolicy,
    apply_model_turn,
    check_model_turn,
    policy_for,
)
from interviews.engine.state import InterviewState

log = logging.getLogger(__name__)

PROMPT_NAME = "interview.turn"
Source = Literal["llm", "rules", "fallback"]
Mode = Literal["chat", "voice"]
HISTORY_TURNS = 12  # the conversation the model sees: the last exchanges are what it builds on


@dataclass
class Outcome:
    """The reply and the state it leaves; ``source`` says who wrote it."""

    step: Step
    state: InterviewState
    source: Source
    reason: str = ""
    audit_id: int | None = None
    provider: str = ""
    covered: list[dict[str, str]] = field(default_factory=list)
    streamed: int = 0  # sentences already handed to speech while the model wrote
    first_sentence_ms: int | None = None

    def meta(self) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source}
        if self.reason:
            data["fallback_reason"] = self.reason
        if self.provider:
            data["provider"] = self.provider
        if self.audit_id is not None:
            data["ai_audit_id"] = self.audit_id
        if self.covered:
            data["covered"] = self.covered
        if self.step.answered_from:
            data["answered_from"] = self.step.answered_from
        if self.streamed:
            data["streamed_sentences"] = self.streamed
            data["first_sentence_ms"] = self.first_sentence_ms
        return data


def model_configured() -> str | None:
    """The provider name writing interview turns, or None when offline."""
    name = provider_name_for("interview")
    return None if name == "offline" else name


def budget_seconds(mode: Mode) -> float:
    if mode == "voice":
        return float(getattr(settings, "INTERVIEW_LLM_BUDGET_VOICE", 1.5))
    return float(getattr(settings, "INTERVIEW_LLM_BUDGET_CHAT", 6.0))


def reply(
    state: InterviewState,
    text: str,
    now: float,
    *,
    history: list[tuple[str, str]] = (),  # type: ignore[assignment]
    mode: Mode = "chat",
    refs: dict[str, Any] | None = None,
    on_sentence: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
) -> Outcome:
    """The interviewer's reply to the candidate's message ``text``. In voice mode with
    ``on_sentence`` the model's reply is streamed and each checked sentence is handed
    over at once (to speech); ``cancel`` (a barge-in) stops it."""
    rules_state = state.model_copy(deep=True)
    rules_step = core.respond(rules_state, text, now)
    name = model_configured()
    if name is None:
        return Outcome(rules_step, rules_state, "rules")
    analysis = rules_step.analysis
    on_questions = state.topic is not None and state.topic.kind == "candidate_questions"
    if analysis is not None and analysis.intent in RULES_ONLY:
        # On the last topic only silence and the candidate's goodbye stay with the rules;
        # anything else there is a question about the job, which the model may answer.
        if not on_questions or analysis.intent is Intent.EMPTY or rules_step.finished:
            return Outcome(rules_step, rules_state, "rules", reason=f"rules_own:{analysis.intent.value}")
    if on_questions and rules_step.finished:
        # No more questions, or the last one the rules take (answered from the vacancy,
        # then goodbye): the closing stays with the rules.
        return Outcome(rules_step, rules_state, "rules", reason="rules_own:closing")
    policy = policy_for(state, analysis, rules_step, now)
    facts = "\n".join(f"- {f.text}" for f in state.plan.facts) or "—"
    if on_sentence is not None and mode == "voice":
        return _streamed_reply(
            name, state, rules_state, rules_step, policy, text, facts, history, now, refs or {}, on_sentence, cancel
        )
    try:
        turn, audit_id = _ask_model(name, state, policy, text, facts, history, mode, refs or {})
    except AIError as error:
        record_fallback(error, fallback_to="rules")
        log.info("interview turn by rules: %s %s", error.code, str(error)[:200])
        return Outcome(rules_step, rules_state, "fallback", reason=error.code, audit_id=error.audit_id, provider=name)
    except _Rejected as rejected:
        record_rejected(rejected.audit_id, reason=rejected.reason, fallback_to="rules")
        log.info("interview turn by rules: model reply rejected (%s)", rejected.reason)
        return Outcome(
            rules_step, rules_state, "fallback", reason=rejected.reason, audit_id=rejected.audit_id, provider=name
        )
    live_analysis = core.analyse(state, text) if analysis is not None else None
    step = apply_model_turn(state, live_analysis, turn, now)
    step.analysis = live_analysis
    covered = [{"point": c.point, "quote": c.quote} for c in turn.covered]
    return Outcome(step, state, "llm", audit_id=audit_id, provider=name, covered=covered)


class _Rejected(Exception):
    def __init__(self, reason: str, audit_id: int | None) -> None:
        super().__init__(reason)
        self.reason, self.audit_id = reason, audit_id


def _ask_model(
    name: str,
    state: InterviewState,
    policy: TurnPolicy,
    text: str,
    facts: str,
    history: list[tuple[str, str]],
    mode: Mode,
    refs: dict[str, Any],
) -> tuple[ModelTurn, int | None]:
    budget = budget_seconds(mode)
    # One attempt within the budget: a retry after a timeout could only be later still,
    # and the rules engine has a good reply ready now.
    config = replace(resilience(), timeout=budget, max_retries=0)
    provider = provider_class(name)(purpose="interview", config=config)
    system, version = _system_prompt(state)
    started = time.monotonic()
    result = provider.chat(
        system=system,
        messages=[ChatMessage(role="user", content=_user_message(state, policy, text, facts, history))],
        temperature=0.3,
        max_tokens=400,
        prompt_name=PROMPT_NAME,
        prompt_version=version,
        purpose="interview",
        refs={**refs, "mode": mode},
    )
    elapsed = time.monotonic() - started
    if elapsed > budget:
        raise _Rejected(f"late:{elapsed:.1f}s>{budget:g}s", result.audit_id)
    try:
        turn = ModelTurn.model_validate(extract_json(result.text))
    except (ValueError, ValidationError) as exc:
        raise _Rejected(f"bad_json:{str(exc)[:200]}", result.audit_id) from None
    problem = check_model_turn(turn, policy, answer=text, facts_text=facts)
    if problem:
        raise _Rejected(problem, result.audit_id)
    return turn, result.audit_id


def _system_prompt(state: InterviewState) -> tuple[str, str]:
    policy_text, _ = render_prompt("ai.data_policy")
    language = "English" if state.plan.language == "en" else "русский"
    system, version = render_prompt(PROMPT_NAME, language=language, persona=state.plan.persona, data_policy=policy_text)
    schema = json.dumps(ModelTurn.model_json_schema(), ensure_ascii=False)
    instructions, _ = render_prompt("ai.structured_output", schema=schema)
    return f"{system}\n\n{instructions}", version


def _user_message(
    state: InterviewState, policy: TurnPolicy, text: str, facts: str, history: list[tuple[str, str]]
) -> str:
    conversation = "\n".join(
        f"{'Интервьюер' if role == 'interviewer' else 'Кандидат'}: {line}" for role, line in history[-HISTORY_TURNS:]
    )
    return "\n".join(
        [
            f"Вакансия: {state.plan.vacancy_title}",
            "Состояние (решает система):",
            json.dumps(policy.model_dump(mode="json"), ensure_ascii=False, indent=1),
            "Факты вакансии (отвечай на вопросы о работе только по ним):",
            facts,
            "Резюме кандидата (заявления, не факты):",
            untrusted_block("resume_summary", state.plan.resume_summary or "—"),
            "Разговор до этого:",
            untrusted_block("conversation", conversation or "—"),
            "Последний ответ кандидата:",
            untrusted_block("answer", text),
        ]
    )


def _streamed_reply(
    name: str,
    state: InterviewState,
    rules_state: InterviewState,
    rules_step: Step,
    policy: TurnPolicy,
    text: str,
    facts: str,
    history: list[tuple[str, str]],
    now: float,
    refs: dict[str, Any],
    on_sentence: Callable[[str], None],
    cancel: threading.Event | None,
) -> Outcome:
    from interviews.streaming_turn import Refused, stream_turn

    system, version = _system_prompt(state)
    message = _user_message(state, policy, text, facts, history)
    try:
        streamed = stream_turn(
            name=name,
            system=system,
            version=version,
            message=message,
            policy=policy,
            answer=text,
            budget=budget_seconds("voice"),
            on_sentence=on_sentence,
            cancel=cancel,
            refs=refs,
        )
    except AIError as error:
        record_fallback(error, fallback_to="rules")
        return Outcome(rules_step, rules_state, "fallback", reason=error.code, audit_id=error.audit_id, provider=name)
    except Refused as refused:
        partial = refused.streamed  # type: ignore[attr-defined]
        record_rejected(partial.audit_id, reason=refused.reason, fallback_to="rules")
        # What was already said stays said: the rules' reply follows it.
        rules_step.say = " ".join([*partial.spoken, rules_step.say])
        return Outcome(
            rules_step, rules_state, "fallback", reason=refused.reason, audit_id=partial.audit_id, provider=name
        )
    live_analysis = core.analyse(state, text)
    if streamed.turn is None:  # a barge-in stopped it
        if not streamed.spoken or streamed.action is None:
            return Outcome(
                rules_step, rules_state, "fallback", reason="cancelled", audit_id=streamed.audit_id, provider=name
            )
        streamed.turn = ModelTurn(say=" ".join(streamed.spoken), action=streamed.action)  # type: ignore[arg-type]
    step = apply_model_turn(state, live_analysis, streamed.turn, now)
    step.analysis = live_analysis
    outcome = Outcome(step, state, "llm", audit_id=streamed.audit_id, provider=name)
    outcome.covered = [{"point": c.point, "quote": c.quote} for c in streamed.turn.covered]
    outcome.streamed = len(streamed.spoken)
    outcome.first_sentence_ms = round((streamed.first_sentence_s or 0) * 1000)
    return outcome
