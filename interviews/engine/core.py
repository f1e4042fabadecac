"""The decision after each candidate message: deeper follow-up, clarify, redirect, move
on, or finish — with the time budget kept. Pure functions over InterviewState: the
caller saves the state and the turns, so the same call after a reconnect is safe."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from interviews.engine import jobfacts
from interviews.engine.analysis import _FINISH, AnswerAnalysis, Intent, analyse_answer, is_question
from interviews.engine.guard import assert_allowed
from interviews.engine.phrases import NO_MORE_QUESTIONS, persona_gender, tidy
from interviews.engine.phrases import say as _say
from interviews.engine.state import Coverage, Flag, InterviewState, TopicProgress, TopicStatus

# Seconds the interviewer expects one more exchange to take; below this much time per
# remaining essential topic, follow-ups and optional topics are dropped.
EXCHANGE_SECONDS = 75
WRAP_UP_SECONDS = 60
MAX_MANIPULATION_RETRIES = 2


class Action:
    GREET = "greet"
    ASK = "ask"
    FOLLOW_UP = "follow_up"
    CLARIFY = "clarify"
    REDIRECT = "redirect"
    REPEAT = "repeat"
    WAIT = "wait"
    DECLINE = "decline"
    ANSWER_QUESTION = "answer_question"
    FINISH = "finish"


@dataclass
class Step:
    say: str
    action: str
    topic_id: str | None
    finished: bool = False
    analysis: AnswerAnalysis | None = None
    new_flags: list[Flag] = field(default_factory=list)
    answered_from: str = ""  # the vacancy fact a candidate's question was answered from


def note_candidate_question(state: InterviewState, text: str, now: float) -> Step:
    """Record the candidate's question about the job (the recruiter sees every one)."""
    flag = Flag(kind="candidate_question", text=text[:500], topic_id=_topic_id(state), at_seconds=state.elapsed(now))
    state.flags.append(flag)
    return Step(say="", action=Action.ANSWER_QUESTION, topic_id=_topic_id(state), new_flags=[flag])


def _lang(state: InterviewState) -> str:
    return state.plan.language


def say(key: str, language: str, state: InterviewState | None = None, **kwargs: object) -> str:
    """A phrase in the persona's grammatical gender."""
    gender = persona_gender(state.plan.persona) if state is not None else "f"
    return _say(key, language, gender=gender, **kwargs)


def _ask(state: InterviewState, text: str, action: str, prefix: str = "") -> Step:
    assert_allowed(text)
    state.last_question = text
    topic = state.topic
    return Step(say=tidy(f"{prefix} {text}".strip()), action=action, topic_id=topic.id if topic else None)


def open_interview(state: InterviewState, now: float) -> Step:
    """The greeting and the first question."""
    plan = state.plan
    greeting = say(
        "greeting",
        _lang(state),
        persona=plan.persona,
        minutes=round(plan.budget_seconds / 60),
        title=plan.vacancy_title,
    )
    state.progress[0].status = TopicStatus.ACTIVE
    return _ask(state, plan.topics[0].question, Action.GREET, prefix=greeting)


def on_silence(state: InterviewState, now: float) -> Step:
    """The candidate said nothing for a while: nudge, repeat, then move on."""
    state.silences += 1
    if state.silences == 1:
        return Step(say=say("silence_1", _lang(state), state), action=Action.WAIT, topic_id=_topic_id(state))
    if state.silences == 2:
        return Step(
            say=say("silence_2", _lang(state), state, question=state.last_question),
            action=Action.REPEAT,
            topic_id=_topic_id(state),
        )
    state.silences = 0
    return _move_on(state, now, prefix=say("silence_move_on", _lang(state), state))


def respond(state: InterviewState, text: str, now: float) -> Step:
    """Decide what the interviewer does after the candidate's message ``text``."""
    if state.finished:
        raise ValueError("The interview is already finished")
    topic, progress = state.topic, state.topic_progress
    assert topic is not None and progress is not None
    if topic.kind == "candidate_questions":
        return _their_questions(state, text, now)
    analysis = analyse(state, text)
    if analysis.intent is not Intent.EMPTY:
        state.silences = 0
    step = _decide(state, analysis, text, now)
    step.analysis = analysis
    return step


def analyse(state: InterviewState, text: str) -> AnswerAnalysis:
    """The rules' reading of ``text`` as an answer to the current topic; a substantial
    answer also marks later topics it already covered (they are not asked again)."""
    topic = state.topic
    assert topic is not None
    if topic.kind == "candidate_questions":
        analysis = analyse_answer(text, question=state.last_question, points=[], can_be_off_topic=False)
        analysis.text = text
        return analysis
    # Only a requirement or a case can be missed "off topic"; an intro may wander.
    analysis = analyse_answer(
        text,
        question=state.last_question,
        points=topic.points,
        can_be_off_topic=topic.kind in ("must_have", "gap", "case"),
    )
    analysis.text = text
    if analysis.intent is Intent.ANSWER:
        _mark_covered_ahead(state, text)
    return analysis


# An answer covers a later topic when it touches most of that topic's points at length
# (a candidate who describes his CI pipeline while introducing himself is not asked
# to describe it again).
AHEAD_MIN_COVERAGE = 0.6
AHEAD_MIN_WORDS = 25


def _names(text: str, requirement: str) -> bool:
    """Does ``text`` speak of ``requirement`` (its canonical skill, or its own words)?"""
    from interviews.engine import bank

    skills = set(bank.skills_in(requirement))
    if skills:
        return bool(skills & set(bank.skills_in(text)))
    stems = {w.lower()[:5] for w in re.findall(r"\w{4,}", requirement)}
    return bool(stems) and any(w.lower()[:5] in stems for w in re.findall(r"\w{4,}", text))


def _mark_covered_ahead(state: InterviewState, text: str) -> None:
    for topic, progress in zip(
        state.plan.topics[state.current + 1 :], state.progress[state.current + 1 :], strict=True
    ):
        if progress.status != TopicStatus.PENDING or not topic.points or topic.kind not in ("must_have", "gap"):
            continue
        if not _names(text, topic.requirement or ""):
            continue  # an answer about something else cannot cover this requirement
        ahead = analyse_answer(text, points=topic.points, can_be_off_topic=False)
        if ahead.words >= AHEAD_MIN_WORDS and ahead.coverage >= AHEAD_MIN_COVERAGE and ahead.specific:
            progress.covered_early = True
            _record(progress, Coverage.COVERED if ahead.quality == "strong" else Coverage.PARTLY, ahead.coverage)


def _decide(state: InterviewState, a: AnswerAnalysis, text: str, now: float) -> Step:
    lang = _lang(state)
    progress = state.topic_progress
    assert progress is not None
    match a.intent:
        case Intent.EMPTY:
            return on_silence(state, now)
        case Intent.MANIPULATION:
            state.manipulation_attempts += 1
            flag = Flag(kind="manipulation", text=text[:500], topic_id=_topic_id(state), at_seconds=state.elapsed(now))
            state.flags.append(flag)
            if state.manipulation_attempts > MAX_MANIPULATION_RETRIES:
                step = _move_on(state, now)
            else:
                step = _ask(
                    state, state.last_question, Action.DECLINE, prefix=say("decline", lang, state, question="").strip()
                )
            step.new_flags.append(flag)
            return step
        case Intent.FINISH:
            state.flags.append(Flag(kind="finished_early", text=text[:200], at_seconds=state.elapsed(now)))
            return _finish(state, early=True)
        case Intent.REPEAT:
            return _ask(
                state, state.last_question, Action.REPEAT, prefix=say("repeat", lang, state, question="").strip()
            )
        case Intent.THINK:
            return Step(say=say("think", lang, state), action=Action.WAIT, topic_id=_topic_id(state))
        case Intent.CANDIDATE_QUESTION:
            step = note_candidate_question(state, text, now)
            fact = jobfacts.find_answer(text, state.plan.facts)
            if fact is None:
                step.say = tidy(say("their_question", lang, state, question=state.last_question))
            else:
                answer = jobfacts.quote(fact, lang)
                step.say = tidy(
                    say("their_question_answered", lang, state, answer=answer, question=state.last_question)
                )
                step.answered_from = fact.text
            return step
        case Intent.OFF_TOPIC:
            progress.answers += 1
            if progress.redirects < 1:
                progress.redirects += 1
                return _ask(
                    state,
                    state.last_question,
                    Action.REDIRECT,
                    prefix=say("redirect", lang, state, question="").strip(),
                )
            _record(progress, Coverage.NOT, 0.0)
            return _move_on(state, now)
        case Intent.DONT_KNOW:
            progress.answers += 1
            _record(progress, Coverage.NOT, a.coverage)
            if progress.clarifications < 1 and progress.followups_asked == 0 and _has_time(state, now):
                progress.clarifications += 1
                return _ask(
                    state, say(_variant("dont_know_retry", state), lang, state, **_subject(state)), Action.CLARIFY
                )
            return _move_on(state, now, prefix=say("dont_know_move_on", lang, state))
    # A real answer.
    progress.answers += 1
    topic = state.topic
    assert topic is not None
    if a.quality == "strong":
        _record(progress, Coverage.COVERED, a.coverage)
        return _move_on(state, now)
    if a.quality == "partial":
        _record(progress, Coverage.PARTLY, a.coverage)
        if progress.followups_asked < len(topic.followups) and _has_time(state, now):
            followup = topic.followups[progress.followups_asked]
            progress.followups_asked += 1
            return _ask(state, followup, Action.FOLLOW_UP)
        return _move_on(state, now)
    # Weak: too short or nothing of substance.
    _record(progress, Coverage.NOT, a.coverage)
    if progress.clarifications < 1 and _has_time(state, now):
        progress.clarifications += 1
        return _ask(state, say(_variant("clarify", state), lang, state, **_subject(state)), Action.CLARIFY)
    return _move_on(state, now)


def record_answer(progress: TopicProgress, a: AnswerAnalysis) -> None:
    """Coverage of a real answer by the rules' quality (the model's turns use it too)."""
    if a.intent is Intent.ANSWER:
        result = {"strong": Coverage.COVERED, "partial": Coverage.PARTLY}.get(a.quality, Coverage.NOT)
    else:
        result = Coverage.NOT
    _record(progress, result, a.coverage)


_SUBJECTS = {
    "intro": ("вашу последнюю работу", "your last job", "ваша последняя работа", "your last job"),
    "behavioural": ("эту ситуацию", "that situation", "работа в команде", "teamwork"),
    "case": ("ваш подход к этой задаче", "your approach to this task", "эта задача", "this task"),
}


def _subject(state: InterviewState) -> dict[str, str]:
    """What a request for an example is about: the requirement, or the topic's kind."""
    topic = state.topic
    en = _lang(state) == "en"
    if topic is not None and topic.requirement:
        quoted = f"“{topic.requirement}”" if en else f"«{topic.requirement}»"
        return {"subject": quoted, "topic": topic.requirement}
    ru_subject, en_subject, ru_topic, en_topic = _SUBJECTS.get(
        str(topic.kind) if topic else "", ("этот опыт", "that experience", "эта тема", "this topic")
    )
    return {"subject": en_subject if en else ru_subject, "topic": en_topic if en else ru_topic}


def _variant(key: str, state: InterviewState) -> str:
    """Alternate wordings topic by topic, so a request for an example is not asked in
    the same words twice in a row."""
    return key if state.current % 2 else f"{key}_2"


_RANK = {Coverage.NOT_ASSESSED: 0, Coverage.NOT: 1, Coverage.PARTLY: 2, Coverage.COVERED: 3}


def _record(progress: object, result: Coverage, coverage: float) -> None:
    """Keep the best the candidate showed on this topic (a later weak answer to a
    follow-up does not erase a good first answer)."""
    if _RANK[result] > _RANK[progress.result]:  # type: ignore[attr-defined]
        progress.result = result  # type: ignore[attr-defined]
    progress.best_coverage = max(progress.best_coverage, coverage)  # type: ignore[attr-defined]


def _topic_id(state: InterviewState) -> str | None:
    return state.topic.id if state.topic else None


def _essential_left(state: InterviewState) -> int:
    return sum(
        1
        for t, p in zip(state.plan.topics[state.current + 1 :], state.progress[state.current + 1 :], strict=True)
        if t.essential and p.status == TopicStatus.PENDING
    )


def _has_time(state: InterviewState, now: float) -> bool:
    """Room for one more exchange on this topic and still one per essential topic left?"""
    return state.remaining(now) > EXCHANGE_SECONDS * (_essential_left(state) + 1) + WRAP_UP_SECONDS


def _move_on(state: InterviewState, now: float, prefix: str = "") -> Step:
    lang = _lang(state)
    current = state.topic_progress
    if current is not None:
        current.status = TopicStatus.DONE
    short_on_time = state.remaining(now) < EXCHANGE_SECONDS * (_essential_left(state) + 1) + WRAP_UP_SECONDS
    nxt = state.current + 1
    while nxt < len(state.plan.topics):
        topic, progress = state.plan.topics[nxt], state.progress[nxt]
        if progress.covered_early:
            progress.status = TopicStatus.DONE  # answered earlier: not asked again
        elif state.remaining(now) < WRAP_UP_SECONDS and topic.kind != "candidate_questions":
            progress.status = TopicStatus.SKIPPED
        elif short_on_time and not topic.essential:
            progress.status = TopicStatus.SKIPPED
        else:
            break
        nxt += 1
    state.current = nxt
    if nxt >= len(state.plan.topics) or state.remaining(now) <= 0:
        for p in state.progress[nxt:]:
            p.status = TopicStatus.SKIPPED
        return _finish(state, prefix=prefix)
    state.progress[nxt].status = TopicStatus.ACTIVE
    # The candidate-questions topic opens with its own thanks; "next question" before it
    # would announce a question that is not coming.
    lead = prefix or ("" if state.plan.topics[nxt].kind == "candidate_questions" else say("next", lang, state))
    if short_on_time:
        lead = f"{lead} {say('time_short', lang, state)}"
    return _ask(state, state.plan.topics[nxt].question, Action.ASK, prefix=lead)


move_on = _move_on


def _their_questions(state: InterviewState, text: str, now: float) -> Step:
    """The last topic: the candidate asks; each question is answered from the vacancy
    when it says, otherwise noted for the recruiter."""
    progress = state.topic_progress
    assert progress is not None
    norm = text.strip().lower()
    if not norm:
        return on_silence(state, now)
    state.silences = 0
    if (
        re.search(NO_MORE_QUESTIONS, norm)
        or (_FINISH.search(norm) and len(norm.split()) <= 15)
        or not is_question(norm)
    ):
        progress.status = TopicStatus.DONE
        return _finish(state)
    progress.answers += 1
    progress.result = Coverage.COVERED
    step = note_candidate_question(state, text, now)
    fact = jobfacts.find_answer(text, state.plan.facts)
    lang = _lang(state)
    if fact is None:
        step.say = say("their_question_noted", lang, state)
    else:
        step.say = say("their_question_answered_more", lang, state, answer=jobfacts.quote(fact, lang))
        step.answered_from = fact.text
    if progress.answers >= MAX_CANDIDATE_QUESTIONS or state.remaining(now) < 20:
        progress.status = TopicStatus.DONE
        closing = _finish(state)
        # Answer the last question, then say goodbye in the same turn.
        closing.say = tidy(f"{_strip_more(step.say)} {closing.say}")
        closing.new_flags, closing.answered_from = step.new_flags, step.answered_from
        return closing
    return step


MAX_CANDIDATE_QUESTIONS = 3
_MORE = re.compile(r"\s*(Есть ли у вас ещё вопросы\?|Anything else you'd like to ask\?)$")


def _strip_more(text: str) -> str:
    return _MORE.sub("", text)


def finish_by_candidate(state: InterviewState, now: float) -> Step:
    """The candidate pressed «Завершить интервью»: ends it from any topic, at once."""
    if state.finished:
        raise ValueError("The interview is already finished")
    on_last = state.topic is not None and state.topic.kind == "candidate_questions"
    if not on_last:
        state.flags.append(Flag(kind="finished_early", text="", at_seconds=state.elapsed(now)))
    return _finish(state, early=not on_last)


def _finish(state: InterviewState, *, prefix: str = "", early: bool = False) -> Step:
    state.finished = True
    state.current = len(state.plan.topics)
    for p in state.progress:
        if p.status in (TopicStatus.PENDING, TopicStatus.ACTIVE):
            p.status = TopicStatus.SKIPPED if p.answers == 0 else TopicStatus.DONE
    text = say("goodbye_early" if early else "goodbye", _lang(state), state)
    return Step(say=tidy(f"{prefix} {text}".strip()), action=Action.FINISH, topic_id=None, finished=True)


finish = _finish
