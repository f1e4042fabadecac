"""Small factories for CRM tests (plain functions: fewer moving parts than factory_boy)."""

from __future__ import annotations

from itertools import count

from candidates import services
from candidates.models import Application, Candidate
from candidates.pipeline import Stage
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
) -> Application:  # type: ignore[no-untyped-def]
    app = services.application_create(candidate=cand or candidate(), vacancy=vac or vacancy(), actor=actor)  # type: ignore[arg-type]
    for step in PATH_TO[stage]:
        services.application_move_to_stage(application_id=app.pk, to_stage=step, system_reason="тест")
    app.refresh_from_db()
    return app
