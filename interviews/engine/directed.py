"""A model writes the turn, the engine keeps control.

After each candidate message the engine computes a ``TurnPolicy``: the current topic and
its goal, the points a good answer touches, the coverage so far, the follow-ups and
clarifications left, the time left, the next topic, and which actions are allowed now.
A model (YandexGPT, GigaChat, a local one) gets that policy and returns a ``ModelTurn``;
``check_model_turn`` rejects anything the policy or the guard does not allow, and
``apply_model_turn`` moves the state exactly as the rules would for that action. Pure
functions, no I/O: the provider call and the audit live in ``interviews/interviewer.py``.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, Field

from interviews.engine import core
from interviews.engine.analysis import AnswerAnalysis, Intent, normalise
from interviews.engine.core import Action, Step
from interviews.engine.guard import check_reply
from interviews.engine.state import Coverage, InterviewState, TopicStatus

MAX_FOLLOWUPS = 2


class ModelAction(StrEnum):
    FOLLOW_UP = "follow_up"
    CLARIFY = "clarify"
    MOVE_ON = "move_on"
    ANSWER_QUESTION = "answer_question"
    FINISH = "finish"


class CoveredPoint(BaseModel):
    point: str = Field(max_length=200)
    quote: str = Field(max_length=400, description="the candidate's own words, copied exactly")


class ModelTurn(BaseModel):
    """What the model returns for one turn."""

    # The action first: in voice mode nothing is said before it is known and allowed.
    action: ModelAction
    say: str = Field(description="what the interviewer says now: at most three sentences")
    covered: list[CoveredPoint] = Field(default_factory=list, max_length=10)


class TurnPolicy(BaseModel):
    """What the engine allows for this turn (also the model's view of the state)."""

    language: str
    topic_id: str | None
    topic_kind: str
    goal: str
    question: str
    points: list[str]
    coverage: str
    followups_left: int
    clarifications_left: int
    seconds_left: int
    next_topic_goal: str | None
    next_topic_question: str | None
    allowed: list[ModelAction]
    intent: str


# Intents the rules answer themselves: attempts to steer the interview, requests to
# repeat or to wait, silence. A model adds nothing there and could be talked round.
RULES_ONLY = (Intent.EMPTY, Intent.MANIPULATION, Intent.REPEAT, Intent.THINK, Intent.FINISH)


def _points_label(points: list[list[str]]) -> list[str]:
    return [" / ".join(p[:3]) for p in points]


def _next_topic(state: InterviewState, now: float) -> tuple[str | None, str | None]:
    """The topic a move-on would open now: the engine's own move-on on a copy, so the
    question the model is given is the one the state will then be on (topics covered
    earlier, or dropped for lack of time, are passed over the same way)."""
    probe = state.model_copy(deep=True)
    step = core.move_on(probe, now)
    if step.finished or probe.topic is None:
        return None, None
    return probe.topic.goal, probe.topic.question


def policy_for(state: InterviewState, analysis: AnswerAnalysis | None, rules: Step, now: float) -> TurnPolicy:
    """The allowed actions, given the state before this message and the rules' own
    decision (computed on a copy): when the rules finish (time is up, the candidate
    asked to stop), finishing is the only thing allowed."""
    topic, progress = state.topic, state.topic_progress
    assert topic is not None and progress is not None
    next_goal, next_question = _next_topic(state, now)
    intent = analysis.intent if analysis is not None else Intent.ANSWER
    has_time = core._has_time(state, now)
    allowed: list[ModelAction]
    if rules.finished:
        allowed = [ModelAction.FINISH]
    elif topic.kind == "candidate_questions":
        # As many of the candidate's questions as the rules take, then goodbye.
        last = progress.answers + 1 >= core.MAX_CANDIDATE_QUESTIONS
        allowed = [ModelAction.FINISH] if last else [ModelAction.ANSWER_QUESTION, ModelAction.FINISH]
    else:
        allowed = []
        if intent == Intent.ANSWER and has_time and progress.followups_asked < MAX_FOLLOWUPS:
            allowed.append(ModelAction.FOLLOW_UP)
        if intent in (Intent.ANSWER, Intent.DONT_KNOW) and has_time and progress.clarifications < 1:
            allowed.append(ModelAction.CLARIFY)
        if intent == Intent.CANDIDATE_QUESTION:
            allowed.append(ModelAction.ANSWER_QUESTION)
        if intent == Intent.OFF_TOPIC and progress.redirects < 1:
            allowed.append(ModelAction.CLARIFY)
        allowed.append(ModelAction.MOVE_ON if next_question else ModelAction.FINISH)
    return TurnPolicy(
        language=state.plan.language,
        topic_id=topic.id,
        topic_kind=str(topic.kind),
        goal=topic.goal,
        question=state.last_question,
        points=_points_label(topic.points),
        coverage=progress.result.value,
        followups_left=max(0, MAX_FOLLOWUPS - progress.followups_asked),
        clarifications_left=max(0, 1 - progress.clarifications),
        seconds_left=max(0, int(state.remaining(now))),
        next_topic_goal=next_goal,
        next_topic_question=next_question,
        allowed=list(dict.fromkeys(allowed)),
        intent=intent.value,
    )


_NUMBER = re.compile(r"\d[\d\s ]*\d|\d")


def quote_found(quote: str, answer: str) -> bool:
    q = normalise(quote).strip(" .,!?«»\"'…")
    return len(q) >= 3 and q in normalise(answer)


def check_model_turn(turn: ModelTurn, policy: TurnPolicy, *, answer: str, facts_text: str) -> str | None:
    """Why the model's turn cannot be said (None: it can). Reasons are short codes
    for the audit log: ``action_not_allowed``, ``guard:<rule>``, ``bad_quote``,
    ``invented_number``."""
    if turn.action not in policy.allowed:
        return "action_not_allowed"
    problem = check_reply(turn.say, language=policy.language, answer=answer)
    if problem:
        return f"guard:{problem}"
    if any(not quote_found(point.quote, answer) for point in turn.covered):
        return "bad_quote"
    if turn.action == ModelAction.ANSWER_QUESTION:
        # Facts about the job come only from the vacancy: a figure the vacancy does not
        # contain (a salary, a number of days) is an invention.
        known = {re.sub(r"\D", "", n) for n in _NUMBER.findall(facts_text)}
        for number in _NUMBER.findall(turn.say):
            if re.sub(r"\D", "", number) not in known:
                return "invented_number"
    return None


def apply_model_turn(state: InterviewState, analysis: AnswerAnalysis | None, turn: ModelTurn, now: float) -> Step:
    """Move the state as the rules would for ``turn.action``; the words are the model's."""
    topic, progress = state.topic, state.topic_progress
    assert topic is not None and progress is not None
    text = " ".join(turn.say.split())
    if analysis is not None and analysis.intent != Intent.EMPTY:
        state.silences = 0
    if topic.kind == "candidate_questions":
        if turn.action == ModelAction.FINISH:
            progress.status = TopicStatus.DONE
            return _finish(state, text)
        progress.answers += 1
        progress.result = Coverage.COVERED
        step = core.note_candidate_question(state, analysis_text(analysis), now)
        step.say = text
        return step
    if analysis is not None and analysis.is_answer:
        progress.answers += 1
        core.record_answer(progress, analysis)
    match turn.action:
        case ModelAction.FOLLOW_UP:
            progress.followups_asked += 1
            return _ask(state, text, Action.FOLLOW_UP)
        case ModelAction.CLARIFY:
            if analysis is not None and analysis.intent == Intent.OFF_TOPIC:
                progress.redirects += 1
                return _ask(state, text, Action.REDIRECT)
            progress.clarifications += 1
            return _ask(state, text, Action.CLARIFY)
        case ModelAction.ANSWER_QUESTION:
            step = core.note_candidate_question(state, analysis_text(analysis), now)
            state.last_question = state.last_question or text
            step.say, step.action = text, Action.ANSWER_QUESTION
            return step
        case ModelAction.MOVE_ON:
            step = core.move_on(state, now)
            if not step.finished:  # time ran out on the way: the rules' goodbye stands
                step.say = text
                state.last_question = text
            return step
    return _finish(state, text)


def analysis_text(analysis: AnswerAnalysis | None) -> str:
    return analysis.text if analysis is not None else ""


def _ask(state: InterviewState, text: str, action: str) -> Step:
    state.last_question = text
    return Step(say=text, action=action, topic_id=state.topic.id if state.topic else None)


def _finish(state: InterviewState, text: str) -> Step:
    step = core.finish(state)
    step.say = text
    return step
