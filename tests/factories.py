"""Small factories for CRM tests (plain functions: fewer moving parts than factory_boy)."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from candidates import services
from candidates.models import Application, Candidate
from candidates.pipeline import Stage
from interviews.models import Interview, InterviewStatus, Speaker, Turn
from vacancies.models import Vacancy

_n = count(1)

PATH_TO = {
    Stage.INVITED: [],
    Stage.INTERVIEWING: [Stage.INTERVIEWING],
    Stage.EVALUATING: [Stage.INTERVIEWING, Stage.EVALUATING],
    Stage.AWAITING_DECISION: [Stage.INTERVIEWING, Stage.EVALUATING, Stage.AWAITING_DECISION],
}


def candidate(**fields: object) -> Candidate:
    n = next(_n)
    defaults: dict[str, object] = {"full_name": f"Кандидат {n}", "email": f"c{n}@example.com", "city": "Москва"}
    defaults.update(fields)
    obj = Candidate.objects.create(**defaults)
    services.candidate_update_search_vector(candidate_id=obj.pk)
    return obj


def vacancy(**fields: object) -> Vacancy:
    defaults: dict[str, object] = {"title": f"Вакансия {next(_n)}"}
    defaults.update(fields)
    return Vacancy.objects.create(**defaults)


def application(
    *, stage: Stage = Stage.INVITED, cand: Candidate | None = None, vac: Vacancy | None = None, actor=None
) -> Application:
    app = services.application_create(candidate=cand or candidate(), vacancy=vac or vacancy(), actor=actor)
    for step in PATH_TO[stage]:
        services.application_move_to_stage(application_id=app.pk, to_stage=step, system_reason="тест")
    app.refresh_from_db()
    return app


def interview_from_corpus(case: str, name: str, *, start_index: int = 0) -> Interview:
    """A completed interview whose turns are a corpus transcript (``interviews/transcripts/
    <case>``), on a fresh vacancy with the transcript's requirements, at «Интервью»."""
    from tests.conftest import CORPUS

    data = json.loads((CORPUS / "interviews" / "transcripts" / case / "transcript.json").read_text(encoding="utf-8"))
    vac = Vacancy.objects.create(
        title=data["vacancy"]["title"],
        must_have=data["vacancy"]["must_have"],
        nice_to_have=data["vacancy"]["nice_to_have"],
        min_experience_years=data["vacancy"]["min_experience_years"],
    )
    cand = Candidate.objects.create(full_name=name, total_experience_months=24)
    app = services.application_create(candidate=cand, vacancy=vac)
    services.application_move_to_stage(application_id=app.pk, to_stage=Stage.INTERVIEWING, system_reason="test")
    now = timezone.now()
    interview = Interview.objects.create(
        application=app, status=InterviewStatus.COMPLETED, started_at=now - timedelta(minutes=19), finished_at=now
    )
    Turn.objects.bulk_create(
        Turn(
            interview=interview,
            index=start_index + i,
            speaker=Speaker.CANDIDATE if t["role"] == "candidate" else Speaker.INTERVIEWER,
            text=t["text"],
        )
        for i, t in enumerate(data["turns"])
    )
    return interview


def pool_continuation(
    general_case: str, continuation_case: str, *, general_days_ago: int, family: str = "Go backend"
) -> tuple[Any, Any]:
    """A general interview (``general_case``'s transcript, on a role family) taken
    ``general_days_ago`` days ago, and a continuation by the same person on a vacancy that
    asks the general interview's confirmed requirements again besides its own."""
    from pool.models import RoleFamily
    from scoring.services import evaluation_run

    first = interview_from_corpus(general_case, "Maria Test", start_index=1)
    family_vacancy = first.application.vacancy
    RoleFamily.objects.create(name=family, core_skills=family_vacancy.must_have, vacancy=family_vacancy)
    then = timezone.now() - timedelta(days=general_days_ago)
    Interview.objects.filter(pk=first.pk).update(started_at=then - timedelta(minutes=20), finished_at=then)
    general = evaluation_run(interview_id=first.pk)
    second = interview_from_corpus(continuation_case, "Maria Test")
    Application.objects.filter(pk=second.application_id).update(candidate=first.application.candidate)
    confirmed = [r["requirement"] for r in general.result["requirements"] if r["status"] == "confirmed"]
    vacancy = second.application.vacancy
    Vacancy.objects.filter(pk=vacancy.pk).update(must_have=[*confirmed, *vacancy.must_have])
    return general, evaluation_run(interview_id=second.pk)
