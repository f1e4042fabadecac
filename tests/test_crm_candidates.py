"""The candidates page: table (filters, sort, search, pages) and the Kanban board."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import Application, CandidateSource, StageChange
from candidates.pipeline import Stage
from scoring.models import Decision
from tests import factories as f

LIST = reverse("candidates:list")


def _queries(client: Client, url: str, **params: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_it_filters_the_table_by_vacancy_stage_source_city_and_skill(recruiter_client: Client) -> None:
    python = f.vacancy(title="Python-разработчик")
    qa = f.vacancy(title="QA-инженер")
    a = f.candidate(full_name="Иванов Иван", city="Казань", skills=["Python", "Django"], source=CandidateSource.HH)
    b = f.candidate(full_name="Петрова Анна", city="Москва", skills=["Selenium"])
    f.application(cand=a, vac=python, stage=Stage.INTERVIEWING)
    f.application(cand=b, vac=qa)

    def names(**params: str) -> set[str]:
        html = recruiter_client.get(LIST, params).content.decode()
        return {n for n in ("Иванов Иван", "Петрова Анна") if n in html}

    assert names() == {"Иванов Иван", "Петрова Анна"}
    assert names(vacancy=str(python.pk)) == {"Иванов Иван"}
    assert names(stage="invited") == {"Петрова Анна"}
    assert names(vacancy=str(python.pk), stage="invited") == set()  # same application must match both
    assert names(source="hh") == {"Иванов Иван"}
    assert names(city="казань") == {"Иванов Иван"}
    assert names(skill="python") == {"Иванов Иван"}
    assert names(stage="bogus", vacancy="x") == {"Иванов Иван", "Петрова Анна"}  # stale links still open


def test_it_searches_in_russian_and_sorts(recruiter_client: Client) -> None:
    f.candidate(full_name="Яковлев Борис", desired_position="Разработчик")
    f.candidate(full_name="Абрамова Вера", desired_position="Бухгалтер")
    html = recruiter_client.get(LIST, {"q": "разработчики"}).content.decode()  # Russian stemming
    assert "Яковлев" in html and "Абрамова" not in html
    html = recruiter_client.get(LIST, {"sort": "name"}).content.decode()
    assert html.index("Абрамова") < html.index("Яковлев")
    html = recruiter_client.get(LIST, {"sort": "-name"}).content.decode()
    assert html.index("Яковлев") < html.index("Абрамова")


def test_the_table_paginates_with_a_constant_number_of_queries(recruiter_client: Client) -> None:
    vac = f.vacancy()
    for _ in range(3):
        f.application(vac=vac)
    few, _ = _queries(recruiter_client, LIST)
    for _ in range(55):
        f.application(vac=vac)
    many, html = _queries(recruiter_client, LIST)
    # 10 + the bulk bar's rejection reasons, tags and saved filters, and the rows' tags.
    assert few == many <= 14
    assert "Страница 1 из 2" in html
    _, html = _queries(recruiter_client, LIST, page="2", sort="name")
    assert "Страница 2 из 2" in html


def test_the_board_shows_columns_and_loads_long_columns_lazily(recruiter_client: Client) -> None:
    vac = f.vacancy(title="Аналитик")
    for _ in range(2):
        f.application(vac=vac, stage=Stage.EVALUATING)
    few, _ = _queries(recruiter_client, LIST, view="board")
    for _ in range(25):
        f.application(vac=vac)
    many, html = _queries(recruiter_client, LIST, view="board", vacancy=str(vac.pk))
    assert few == many <= 10
    for stage in Stage:
        assert f'data-stage="{stage.value}"' in html
    assert html.count('class="kcard"') == 20 + 2
    assert "Показать ещё" in html
    f.application(vac=vac, cand=f.candidate(full_name="Уникальнов Искомый"))
    html = recruiter_client.get(LIST, {"view": "board", "q": "Уникальнов"}).content.decode()
    assert html.count('class="kcard"') == 1 and "Уникальнов Искомый" in html
    more = recruiter_client.get(reverse("candidates:board_column", args=["invited"]), {"offset": "21"})
    assert more.content.decode().count('class="kcard"') == 5
    assert "Показать ещё" not in more.content.decode()


def _move(client: Client, app: Application, to: str, comment: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("candidates:application_move", args=[app.pk]),
        {"to_stage": to, "comment": comment},
        HTTP_ACCEPT="application/json",
    )


def test_a_board_move_goes_through_the_pipeline(recruiter_client: Client, recruiter) -> None:  # type: ignore[no-untyped-def]
    app = f.application()
    response = _move(recruiter_client, app, "interviewing")
    assert response.json() == {"ok": True, "message": "", "stage": "interviewing"}
    change = StageChange.objects.filter(application=app).last()
    assert (change.from_stage, change.to_stage, change.actor) == ("invited", "interviewing", recruiter)


def test_a_forbidden_move_is_refused_with_a_message(recruiter_client: Client) -> None:
    app = f.application()
    response = _move(recruiter_client, app, "evaluating")
    assert response.status_code == 409
    assert "Нельзя перевести" in response.json()["message"]
    assert response.json()["stage"] == "invited"
    response = _move(recruiter_client, app, "rejected")
    assert "причину" in response.json()["message"]
    response = _move(recruiter_client, app, "rejected", "Не хватает опыта")
    assert response.json()["ok"]
    app.refresh_from_db()
    assert app.rejection_reason == "Не хватает опыта"


def test_only_the_vacancys_manager_accepts_on_the_board(client: Client, recruiter, manager) -> None:  # type: ignore[no-untyped-def]
    app = f.application(stage=Stage.AWAITING_DECISION, vac=f.vacancy(hiring_manager=manager))
    client.force_login(recruiter)
    response = _move(client, app, "accepted")
    assert response.status_code == 409 and "нанимающий менеджер" in response.json()["message"]
    assert _move(client, app, "rejected", "Не подходит").status_code == 409  # also the manager's call
    assert _move(client, app, "evaluating").status_code == 409  # nor in two moves, back and then rejected
    client.force_login(manager)
    assert _move(client, app, "evaluating").json()["ok"]
    assert _move(client, app, "awaiting_decision").json()["ok"]
    assert client.post(
        reverse("candidates:application_move", args=[app.pk]),
        {"to_stage": "accepted", "confirm": "on", "without_ai": "on", "comment": "Очное интервью"},
        headers={"Accept": "application/json"},
    ).json()["ok"]
    decision = Decision.objects.get(application=app)
    assert decision.outcome == "accept" and decision.decided_by == manager


def test_moves_need_post_and_a_staff_role(client: Client, outsider) -> None:  # type: ignore[no-untyped-def]
    app = f.application()
    client.force_login(outsider)
    assert _move(client, app, "interviewing").status_code == 403
    app.refresh_from_db()
    assert app.stage == "invited"


@pytest.mark.django_db(transaction=True)
def test_two_people_moving_the_same_card_cannot_both_win(recruiter, manager) -> None:  # type: ignore[no-untyped-def]
    """The row lock serialises concurrent moves: the second sees the first's result."""
    import threading

    from django.db import connections

    from candidates import services

    app = f.application(stage=Stage.INTERVIEWING)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def move(to: str, actor, comment: str) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            services.application_move_to_stage(application_id=app.pk, to_stage=to, actor=actor, comment=comment)
            results.append(to)
        except services.PipelineError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=move, args=("evaluating", recruiter, "")),
        threading.Thread(target=move, args=("invited", manager, "")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Both moves are legal from "interviewing" but not from each other's target.
    assert results.count("refused") == 1
    app.refresh_from_db()
    history = list(StageChange.objects.filter(application=app).values_list("to_stage", flat=True))
    assert history == ["invited", "interviewing", app.stage]
