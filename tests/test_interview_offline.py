"""The offline interviewer fits the role: questions from the vacancy's own role family,
topics an earlier answer covered are not asked again, roles outside the bank get
questions from their duties; the finish button ends the interview from any topic, once;
the persona speaks in the grammatical gender of its name; no doubled filler phrases;
the model's lines are checked by the guard."""

from __future__ import annotations

import pytest

from candidates import services
from candidates.models import Candidate
from interviews import conduct
from interviews.engine import InterviewState, ProfileInput, VacancyInput, build_plan, open_interview, respond
from interviews.engine.core import finish_by_candidate
from interviews.engine.guard import check_reply
from interviews.engine.phrases import persona_gender, say, tidy
from interviews.models import Interview, InterviewStatus
from vacancies.models import Vacancy

T0 = 5_000_000.0


def _questions(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.question for t in plan.topics]


def test_a_qa_vacancy_gets_testing_questions_not_service_design() -> None:
    plan = build_plan(
        vacancy=VacancyInput(title="QA Automation Engineer", must_have=["Python", "REST API", "SQL", "Docker"]),
        profile=ProfileInput(skills=["Python", "pytest", "Postman", "SQL", "Docker"]),
    )
    text = " ".join(_questions(plan))
    assert "автотест" in text and "тестируете REST API" in text and "тестировании" in text
    assert "сервисе на Python" not in text and "проектируете REST API" not in text
    assert "баг" in plan.topics[-2].question  # the QA case
    assert len(set(_questions(plan))) == len(plan.topics)  # nothing asked twice


def test_a_role_outside_the_bank_is_asked_about_its_own_duties() -> None:
    plan = build_plan(
        vacancy=VacancyInput(
            title="Логист по международным перевозкам",
            must_have=["Таможенное оформление", "Incoterms"],
            responsibilities="Планирование маршрутов доставки из Китая\nРабота с таможенными брокерами",
        )
    )
    case = plan.topics[-2]
    assert "планирование маршрутов доставки из Китая" in case.question
    assert any("маршрут" in alt for point in case.points for alt in point)
    assert "Таможенное оформление" in plan.topics[1].question


def test_a_topic_covered_by_an_earlier_answer_is_not_asked_again() -> None:
    plan = build_plan(
        vacancy=VacancyInput(title="DevOps-инженер", must_have=["Kubernetes", "CI/CD"]),
        profile=ProfileInput(skills=["Kubernetes", "GitLab CI"]),
    )
    state = InterviewState.start(plan, now=T0)
    open_interview(state, T0)
    intro = (
        "Я пять лет в эксплуатации. Последний год я построил пайплайн в GitLab CI: сборка образа, тесты, линтеры и "
        "сканирование, артефакты в registry, деплой в Kubernetes через Helm с автоматическим откатом, если "
        "health-check не прошёл; время выката сократили с часа до 10 минут."
    )
    asked = [respond(state, intro, T0 + 60).say]
    while state.topic is not None and state.topic.kind != "candidate_questions":
        asked.append(
            respond(state, "Делал это много раз, например настраивал 40 сервисов, я сам всё внедрил.", T0 + 120).say
        )
    assert not any("пайплайн CI/CD" in line for line in asked)
    ci = next(p for t, p in zip(plan.topics, state.progress, strict=True) if t.requirement == "CI/CD")
    assert ci.covered_early and ci.result in ("covered", "partly") and ci.status == "done"


def test_questions_about_the_job_on_the_last_topic_then_goodbye_once() -> None:
    plan = build_plan(
        vacancy=VacancyInput(
            title="Бухгалтер по расчёту зарплаты", must_have=["1С:ЗУП"], city="Пермь", salary_from=90000
        ),
        language="ru",
    )
    state = InterviewState.start(plan, now=T0)
    open_interview(state, T0)
    while state.topic is not None and state.topic.kind != "candidate_questions":
        respond(state, "Не знаю", T0 + 60)
    step = respond(state, "Где находится офис?", T0 + 70)
    assert "Пермь" in step.say and step.action == "answer_question" and not step.finished
    step = respond(state, "Какой испытательный срок?", T0 + 80)
    assert "не сказано" in step.say and "записала" in step.say
    final = finish_by_candidate(state, T0 + 90)
    assert final.finished and final.action == "finish" and final.say.startswith("Спасибо за беседу")
    assert not any(f.kind == "finished_early" for f in state.flags)
    with pytest.raises(ValueError):
        finish_by_candidate(state, T0 + 91)


@pytest.mark.django_db
def test_the_finish_button_ends_the_interview_from_the_last_topic(recruiter) -> None:
    vacancy = Vacancy.objects.create(title="Менеджер по продажам", must_have=["B2B продажи"], interview_minutes=20)
    candidate = Candidate.objects.create(full_name="Сидорова Анна")
    application = services.application_create(candidate=candidate, vacancy=vacancy, actor=recruiter)
    interview = Interview.objects.create(application=application, time_budget_minutes=20)
    conduct.interview_begin(interview_id=interview.pk, now=T0)
    now = T0
    while (
        Interview.objects.get(pk=interview.pk).state["plan"]["topics"][
            Interview.objects.get(pk=interview.pk).state["current"]
        ]["kind"]
        != "candidate_questions"
    ):
        now += 30
        conduct.interview_answer(interview_id=interview.pk, text="Не знаю", client_msg_id=f"m{now}", now=now)
    [turn] = conduct.interview_finish_by_candidate(interview_id=interview.pk, now=now + 5)
    assert turn.action == "finish"
    assert Interview.objects.get(pk=interview.pk).status == InterviewStatus.COMPLETED
    with pytest.raises(conduct.InterviewClosedError):  # a second press changes nothing
        conduct.interview_finish_by_candidate(interview_id=interview.pk, now=now + 6)


def test_persona_gender_and_tidy_phrases() -> None:
    assert [persona_gender(n) for n in ("Алина", "Мария", "Никита", "Олег", "Alina", "Oleg")] == list("ffmmfm")
    assert "записал " in say("their_question_noted", "ru", gender="m")
    assert "записала " in say("their_question_noted", "ru", gender="f")
    assert tidy("Спасибо. Следующий вопрос. Спасибо! Основные вопросы закончились.") == (
        "Спасибо! Основные вопросы закончились."
    )
    assert (
        tidy("Спасибо. Следующий вопрос. Как вы тестируете API?") == "Спасибо. Следующий вопрос. Как вы тестируете API?"
    )


@pytest.mark.parametrize(
    ("line", "language", "problem"),
    [
        ("Вы упомянули кеш: как вы выбирали время жизни записей?", "ru", None),
        ("Расскажите, как вы настраивали Kubernetes и Helm в CI/CD?", "ru", None),
        ("Сколько вам лет?", "ru", "protected_topic"),
        ("Есть ли у вас дети? Как вы совмещаете работу и семью?", "ru", "protected_topic"),
        ("Вы прошли на следующий этап.", "ru", "verdict"),
        ("Ваш балл — 85.", "ru", "verdict"),
        ("Отличный ответ! Идём дальше.", "ru", "praise"),
        ("Great answer. Next: how do you test APIs?", "en", "praise"),
        ("Tell me about your last project.", "ru", "wrong_language"),
        ("Раз. Два. Три. Четыре?", "ru", "too_many_sentences"),
    ],
)
def test_the_guard_checks_model_lines(line: str, language: str, problem: str | None) -> None:
    assert check_reply(line, language=language) == problem


def test_the_guard_refuses_a_long_echo() -> None:
    answer = "я настроил репликацию postgres на три узла с patroni и автоматическим переключением при сбое мастера"
    echo = "Вы настроили репликацию postgres на три узла с patroni и автоматическим переключением — почему так?"
    assert check_reply(echo, language="ru", answer=answer) == "echo"
    assert check_reply("Почему вы выбрали Patroni?", language="ru", answer=answer) is None
