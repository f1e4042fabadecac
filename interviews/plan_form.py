"""Reading the plan editor's form into an InterviewPlan, with the same guard the engine
uses: a recruiter cannot add a question on a protected matter either."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from interviews.engine import InterviewPlan
from interviews.engine.guard import ProtectedTopicError, assert_allowed

MAX_QUESTION = 600


def plan_from_post(plan: InterviewPlan, data: QueryDict) -> tuple[InterviewPlan, list[str]]:
    errors: list[str] = []
    edited = plan.model_copy(deep=True)
    kept = []
    for n, topic in enumerate(edited.topics):
        if topic.kind != "intro" and topic.kind != "candidate_questions" and not data.get(f"keep-{n}"):
            continue  # unchecked: the recruiter removed this topic
        question = " ".join(data.get(f"question-{n}", topic.question).split())
        if not question:
            errors.append(_("Тема «%(goal)s»: вопрос не может быть пустым.") % {"goal": topic.goal})
        elif len(question) > MAX_QUESTION:
            errors.append(
                _("Тема «%(goal)s»: вопрос длиннее %(n)s символов.") % {"goal": topic.goal, "n": MAX_QUESTION}
            )
        else:
            try:
                assert_allowed(question)
            except ProtectedTopicError:
                errors.append(
                    _("Тема «%(goal)s»: вопрос касается защищённой темы (возраст, семья, здоровье, религия и т. п.).")
                    % {"goal": topic.goal}
                )
        topic.question = question
        kept.append(topic)
    edited.topics = kept
    try:
        minutes = int(data.get("budget_minutes", edited.budget_seconds // 60))
    except ValueError:
        minutes = 0
    if not 5 <= minutes <= 90:
        errors.append(_("Длительность интервью — от 5 до 90 минут."))
    else:
        edited.budget_seconds = minutes * 60
    return edited, errors
