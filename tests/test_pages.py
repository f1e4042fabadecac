from __future__ import annotations

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from hrcrm.management.commands.seed_demo import DEMO_USERS

STAFF_PAGES = ["home", "candidates:list", "vacancies:list", "interviews:list", "scoring:decisions", "analytics:index"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_it_sends_anonymous_users_to_login(client: Client, db: None, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_it_refuses_users_without_a_role(client: Client, outsider, name: str) -> None:
    client.force_login(outsider)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "Нет доступа" in response.content.decode()


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_it_shows_staff_pages_with_navigation(recruiter_client: Client, name: str) -> None:
    response = recruiter_client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Кандидаты", "Вакансии", "Интервью", "Решения", "Аналитика"):
        assert label in html


def test_it_logs_in_with_the_form(client: Client, recruiter) -> None:
    response = client.post(reverse("login"), {"username": "alice", "password": "pw-alice"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Здравствуйте, Алиса" in response.content.decode()


def test_it_explains_a_wrong_password(client: Client, recruiter) -> None:
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert "Неверный логин или пароль" in response.content.decode()


def test_it_switches_to_english(recruiter_client: Client) -> None:
    recruiter_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = recruiter_client.get(reverse("home")).content.decode()
    assert "Candidates" in html and "Vacancies" in html and "Кандидаты" not in html


def test_it_shows_a_russian_404(recruiter_client: Client) -> None:
    response = recruiter_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_health_answers_without_login(client: Client, db: None) -> None:
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_seed_demo_is_idempotent_and_fills_the_pages(client: Client, db: None) -> None:
    from django.core.management import call_command

    from candidates.models import Application, Candidate, StageChange
    from vacancies.models import Vacancy

    call_command("seed_demo")
    counts = (Candidate.objects.count(), Vacancy.objects.count(), Application.objects.count())
    history = StageChange.objects.count()
    call_command("seed_demo")
    assert counts == (Candidate.objects.count(), Vacancy.objects.count(), Application.objects.count())
    assert StageChange.objects.count() == history
    assert counts[0] >= 10 and counts[1] == 6 and counts[2] >= 6
    # The demo resumes went through the real intake pipeline: text, profiles, the flag.
    from candidates.models import Resume, ResumeStatus

    assert Resume.objects.count() == counts[0]
    assert not Resume.objects.exclude(status=ResumeStatus.DONE).exists()
    assert not Resume.objects.filter(extracted_text="").exists()
    assert not Resume.objects.filter(profile__isnull=True).exists()
    assert Resume.objects.filter(flags__injection=True).count() >= 1

    login = DEMO_USERS[0]
    # django-axes checks every login against the request it came with.
    assert client.login(request=HttpRequest(), username=login["username"], password=login["password"])
    html = client.get(reverse("candidates:list")).content.decode()
    assert "Смирнов Алексей Викторович" in html
    # full-text search over name and skills, Russian configuration
    html = client.get(reverse("candidates:list"), {"q": "Смирнов"}).content.decode()
    assert "Смирнов Алексей" in html and "Кузнецова" not in html
    html = client.get(reverse("candidates:list"), {"q": "Kafka"}).content.decode()
    assert "Смирнов Алексей" in html and "Павлова" not in html
    _the_first_run_shows_the_whole_loop(client)


def _the_first_run_shows_the_whole_loop(client: Client) -> None:
    """Every card past the invitation got there through a real interview; those past
    «Оценка» have an evaluation and its PDF; decisions exist with and against the AI;
    the home page, «Решения» and the board count the same waiting cards."""
    from candidates.models import Application
    from candidates.pipeline import Stage
    from interviews.models import InterviewMode, InterviewStatus
    from scoring.models import Decision, Evaluation

    past_interview = [Stage.EVALUATING, Stage.AWAITING_DECISION, Stage.ACCEPTED, Stage.REJECTED]
    for application in Application.objects.filter(stage__in=past_interview):
        interview = application.interviews.get()
        assert interview.status == InterviewStatus.COMPLETED and interview.mode == InterviewMode.CHAT
        assert interview.turns.filter(speaker="candidate").count() >= 5
        if application.stage != Stage.EVALUATING:
            evaluation = Evaluation.objects.get(application=application, is_current=True)
            assert evaluation.report and evaluation.report.read(4) == b"%PDF"
    for application in Application.objects.filter(stage=Stage.INTERVIEWING):
        assert application.interviews.get().status == InterviewStatus.IN_PROGRESS
    assert Application.objects.filter(stage=Stage.EVALUATING).exists()
    assert set(Decision.objects.values_list("agreed_with_ai", flat=True)) == {True, False}
    assert Evaluation.objects.filter(recommendation__in=["recommend", "strongly_recommend"]).exists()

    waiting = Application.objects.filter(stage=Stage.AWAITING_DECISION)
    assert waiting.exists()
    decisions = client.get(reverse("scoring:decisions")).content.decode()
    for application in waiting:
        assert application.candidate.full_name in decisions
    assert decisions.count("decision-card") == waiting.count()
    assert "Решение принимает нанимающий менеджер" in decisions  # the recruiter reads, does not decide


def test_the_language_switch_works_before_login(client: Client, db: None) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Sign in" in client.get(reverse("login")).content.decode()


def test_it_stays_russian_for_an_english_browser(recruiter_client: Client) -> None:
    html = recruiter_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Кандидаты" in html
