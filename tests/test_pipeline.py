from __future__ import annotations

import pytest

from candidates import services
from candidates.models import Candidate, StageChange
from candidates.pipeline import Mover, Stage, allowed_targets, can_move
from vacancies.models import Vacancy


def test_it_allows_only_table_moves() -> None:
    assert can_move(Stage.INVITED, Stage.INTERVIEWING, Mover.SYSTEM)
    assert can_move(Stage.AWAITING_DECISION, Stage.ACCEPTED, Mover.PERSON)
    assert not can_move(Stage.AWAITING_DECISION, Stage.ACCEPTED, Mover.SYSTEM)  # AI never decides
    assert not can_move(Stage.INVITED, Stage.ACCEPTED, Mover.PERSON)
    assert not can_move(Stage.ACCEPTED, Stage.REJECTED, Mover.PERSON)
    for stage in (Stage.INVITED, Stage.INTERVIEWING, Stage.EVALUATING, Stage.AWAITING_DECISION):
        assert Stage.REJECTED in allowed_targets(stage)


@pytest.fixture
def application(recruiter):
    candidate = Candidate.objects.create(full_name="Тестов Тест")
    vacancy = Vacancy.objects.create(title="Python-разработчик")
    return services.application_create(candidate=candidate, vacancy=vacancy, actor=recruiter)


def test_it_writes_history_for_every_move(application, recruiter) -> None:
    services.application_move_to_stage(
        application_id=application.pk, to_stage=Stage.INTERVIEWING, system_reason="Интервью началось"
    )
    services.application_move_to_stage(
        application_id=application.pk, to_stage=Stage.REJECTED, actor=recruiter, comment="Нет опыта с Kafka"
    )
    history = list(StageChange.objects.filter(application=application).values_list("from_stage", "to_stage"))
    assert history == [("", "invited"), ("invited", "interviewing"), ("interviewing", "rejected")]
    application.refresh_from_db()
    assert application.rejection_reason == "Нет опыта с Kafka"


def test_it_refuses_forbidden_moves_and_rejection_without_reason(application, recruiter) -> None:
    with pytest.raises(services.PipelineError, match="Нельзя перевести"):
        services.application_move_to_stage(application_id=application.pk, to_stage=Stage.ACCEPTED, actor=recruiter)
    with pytest.raises(services.PipelineError, match="причину"):
        services.application_move_to_stage(application_id=application.pk, to_stage=Stage.REJECTED, actor=recruiter)
    application.refresh_from_db()
    assert application.stage == Stage.INVITED
    assert StageChange.objects.filter(application=application).count() == 1
