"""``manage.py interview_dialogue``: a throw-away chat interview through the live
services (offline and with the fake local model), nothing left in the database, a JSON
error envelope for bad input; and the offline interviewer's answers about the job."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from candidates.models import Candidate
from hrcrm.models import AIAuditLog
from interviews.engine.jobfacts import build_facts, find_answer
from interviews.models import Interview, Turn
from vacancies.models import Vacancy

VACANCY = {
    "title": "QA-инженер (автоматизация)",
    "must_have": ["Python", "REST API", "SQL"],
    "salary_from": 180000,
    "salary_to": 230000,
    "work_format": "hybrid",
    "city": "Санкт-Петербург",
    "responsibilities": ["Писать автотесты API и UI", "Разбирать падения в CI"],
    "description": "Команда из 5 тестировщиков и 12 разработчиков. Гибкое начало дня с 8 до 11.",
}
ANSWERS = [
    "Три года в тестировании, последние два пишу автотесты на pytest для REST API страховой платформы.",
    "Какая зарплата?",
    "Можно работать удалённо?",
    *["Не знаю"] * 10,
    "Есть ли ДМС?",
    "Нет, вопросов нет",
]


def _files(tmp_path: Path, vacancy: object = VACANCY, answers: object = ANSWERS) -> tuple[str, str]:
    v, a = tmp_path / "vacancy.json", tmp_path / "answers.json"
    v.write_text(json.dumps(vacancy, ensure_ascii=False), encoding="utf-8")
    a.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return str(v), str(a)


def _run(*args: str) -> tuple[dict, int]:
    out = StringIO()
    code = 0
    try:
        call_command("interview_dialogue", *args, "--json", stdout=out)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return json.loads(out.getvalue()), code


@pytest.mark.django_db(transaction=True)
def test_an_offline_dialogue_answers_from_the_vacancy_and_leaves_nothing(tmp_path) -> None:
    vacancy, answers = _files(tmp_path)
    result, code = _run("--vacancy", vacancy, "--answers", answers)
    assert code == 0 and result["finished"] is True
    turns = result["turns"]
    assert {t["role"] for t in turns} == {"interviewer", "candidate"}
    assert all(t["source"] == "rules" for t in turns if t["role"] == "interviewer")
    said = [t["text"] for t in turns if t["role"] == "interviewer"]
    salary = said[2]
    assert "180 000–230 000 ₽" in salary and "Вернёмся к теме" in salary
    assert "гибрид" in said[3]
    assert "не сказано" in said[-2] and "записала" in said[-2]  # deferred, not invented; Алина is «она»
    assert said[-1].startswith("Спасибо за беседу")
    # Role fit: a QA vacancy is asked about autotests, not about writing services.
    assert "автотест" in said[1] and not any("сервисе на Python" in s for s in said)
    assert "Спасибо. Следующий вопрос. Спасибо" not in " ".join(said)
    assert not (Vacancy.objects.exists() or Candidate.objects.exists() or Interview.objects.exists())
    assert not (Turn.objects.exists() or AIAuditLog.objects.exists())


@pytest.mark.django_db(transaction=True)
def test_bad_input_gives_a_json_error_not_a_traceback(tmp_path) -> None:
    vacancy, answers = _files(tmp_path, vacancy={"must_have": []}, answers="не список")
    result, code = _run("--vacancy", vacancy, "--answers", answers)
    assert code == 1 and result["error"]["code"] == "invalid_vacancy" and result["ok"] is False
    vacancy, answers = _files(tmp_path, answers={"a": 1})
    result, code = _run("--vacancy", vacancy, "--answers", answers)
    assert (code, result["error"]["code"], result["error"]["file"]) == (1, "invalid_answers", "answers.json")
    fake_pdf = tmp_path / "vacancy.pdf"
    fake_pdf.write_text("не PDF", encoding="utf-8")
    result, code = _run("--vacancy", str(fake_pdf), "--answers", answers)
    assert code == 1 and result["error"]["code"] == "invalid_file_format"
    result, code = _run("--vacancy", str(tmp_path / "missing.txt"), "--answers", answers)
    assert code == 1 and result["error"]["code"] == "not_found"


@pytest.mark.django_db(transaction=True)
def test_with_a_local_model_the_turns_come_from_it(tmp_path, local_llm_server, fast_retries) -> None:
    from tests.fakes import openai_compat

    local_llm_server.reset()
    settings = fast_retries
    settings.AI_PROVIDER_INTERVIEW = "local"
    settings.LOCAL_LLM_URL = local_llm_server.base_url
    settings.LOCAL_LLM_MODEL = openai_compat.MODEL
    settings.LOCAL_LLM_API_KEY = local_llm_server.api_key
    local_llm_server.reply(
        json.dumps(
            {"say": "Вы упомянули pytest: как вы организуете фикстуры для API-тестов?", "action": "follow_up"},
            ensure_ascii=False,
        ),
        "не JSON",
    )
    vacancy, answers = _files(tmp_path, answers=ANSWERS[:2])
    result, code = _run("--vacancy", vacancy, "--answers", answers)
    interviewer = [t for t in result["turns"] if t["role"] == "interviewer"]
    assert code == 0 and [t["source"] for t in interviewer] == ["rules", "llm", "fallback"]
    assert interviewer[1]["action"] == "follow_up" and "pytest" in interviewer[1]["text"]
    assert "180 000–230 000" in interviewer[2]["text"]  # the rules answered the salary question
    assert not AIAuditLog.objects.exists()  # rolled back with everything else


def test_the_vacancy_answers_what_it_says_and_nothing_else() -> None:
    facts = build_facts(
        language="ru",
        city="Казань",
        work_format="remote",
        description="Гибкий график: начало дня с 8 до 11. Стек: Python, Django, PostgreSQL. ДМС после испытательного срока.",
        responsibilities="Разрабатывать API для мобильного приложения",
    )
    assert find_answer("Можно удалённо?", facts).text == "Формат работы: полностью удалённо"
    assert "Гибкий график" in find_answer("Какой график работы?", facts).text
    assert "Django" in find_answer("Какой у вас стек технологий?", facts).text
    assert find_answer("Какая зарплата?", facts) is None  # not in the vacancy: deferred
    assert find_answer("Есть ли ДМС?", facts).text.startswith("ДМС")
    assert find_answer("Будет ли обучение английскому?", facts) is None  # a benefit, but not this one
