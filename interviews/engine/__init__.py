"""The adaptive interview engine: a plan built from the vacancy and the resume, and a
pure decision function that, after each candidate message, says what the interviewer
does next. No Django, no I/O: the consumer persists the state and the turns.

    plan = build_plan(vacancy=..., profile=..., language="ru", budget_minutes=25)
    state = InterviewState.start(plan, now=...)
    step = engine.open(state, now)              # greeting + first question
    step = engine.respond(state, text, now)     # after each candidate message
    step = engine.on_silence(state, now)        # when the candidate says nothing
"""

from interviews.engine.analysis import AnswerAnalysis, analyse_answer
from interviews.engine.core import Step, on_silence, open_interview, respond
from interviews.engine.plan import InterviewPlan, ProfileInput, Topic, VacancyInput, build_plan
from interviews.engine.state import InterviewState

__all__ = [
    "AnswerAnalysis",
    "InterviewPlan",
    "InterviewState",
    "ProfileInput",
    "Step",
    "Topic",
    "VacancyInput",
    "analyse_answer",
    "build_plan",
    "on_silence",
    "open_interview",
    "respond",
]
