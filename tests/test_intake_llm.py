"""The LLM parsing engine through the real provider path: the GigaChat / Yandex SDKs talk to
the local fakes (tests/fakes), a corpus resume goes through the queue task, and the
assertions look at what the fake server received and what the audit log recorded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.intake import injection, services
from candidates.intake.llm_engine import PROMPT_NAME
from candidates.intake.process import parse_resume_bytes
from candidates.models import Resume, ResumeStatus
from hrcrm.ai.prompts import DATA_TAG, prompt_version
from hrcrm.models import AIAuditLog
from tests.conftest import CORPUS
from tests.fakes import yandex as yandex_fake

RESUMES = CORPUS / "resumes"
TRUTH = json.loads((RESUMES / "truth.json").read_text(encoding="utf-8"))["resumes"]
INJECTED = "Лебедева_О_тестировщик.pdf"  # hidden white 1-pt instructions for an AI
PLAIN_DOCX = "Резюме_Волкова_Мария_Frontend.docx"


@pytest.fixture(autouse=True)
def _sync_queue(monkeypatch: pytest.MonkeyPatch, settings) -> None:  # type: ignore[no-untyped-def]
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    settings.INTAKE_AS_OF = "2026-11"


def _process(name: str, django_capture_on_commit_callbacks) -> Resume:  # type: ignore[no-untyped-def]
    """Upload one corpus file and run the queue task (extraction, rules, LLM) in the test."""
    upload = SimpleUploadedFile(name, (RESUMES / name).read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.upload_batch_create(files=[upload], actor=None)
    resume = batch.resumes.get()
    assert resume.status == ResumeStatus.DONE, resume.error_code
    return resume


def _offline_profile(name: str) -> dict[str, Any]:
    outcome = parse_resume_bytes((RESUMES / name).read_bytes(), name)
    assert outcome.profile is not None
    return outcome.profile


def _llm_profile(name: str, **changes: Any) -> dict[str, Any]:
    """What a model might answer: the offline reading with some fields changed."""
    profile = _offline_profile(name)
    profile.update(changes)
    return profile


def _untrusted_body(content: str, label: str) -> str:
    head, tail = f'<{DATA_TAG} label="{label}">\n', f"\n</{DATA_TAG}>"
    assert content.startswith(head) and content.endswith(tail), content[:200]
    body = content[len(head) : -len(tail)]
    assert DATA_TAG not in body  # exactly one block, nothing outside it
    return body


# --- GigaChat: the happy path ---------------------------------------------------------------


def test_gigachat_refines_the_profile_and_sees_only_the_clean_text(
    gigachat, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    # Only parsing goes to GigaChat: the per-purpose setting must be enough.
    settings.AI_PROVIDER = "offline"
    settings.AI_PROVIDER_PARSING = "gigachat"
    truth = TRUTH[INJECTED]
    llm_jobs = [
        {**job, "description": f"Описание от модели {number}"}
        for number, job in enumerate(_offline_profile(INJECTED)["jobs"], start=1)
    ]
    gigachat.reply(
        json.dumps(
            _llm_profile(
                INJECTED,
                email="hr-bot@example.net",  # a model's misreading: rules found the real one
                phone="+79990001122",
                telegram="@invented_handle",
                desired_position="QA-инженер (ручное тестирование и API)",
                jobs=llm_jobs,
                courses=["Инженер по тестированию (Skillbox, 2023)", "Python для тестировщиков (Stepik, 2025)"],
                skills=["Postgres", "Charles Proxy"],
            ),
            ensure_ascii=False,
        )
    )

    resume = _process(INJECTED, django_capture_on_commit_callbacks)

    profile = resume.profile
    assert resume.parser_engine == "llm:gigachat"
    # The model's fields are used ...
    assert profile["desired_position"] == "QA-инженер (ручное тестирование и API)"
    assert [job["description"] for job in profile["jobs"]] == ["Описание от модели 1", "Описание от модели 2"]
    assert profile["courses"][0] == "Инженер по тестированию (Skillbox, 2023)"
    assert "Charles Proxy" in profile["skills"] and profile["skills"].count("PostgreSQL") == 1
    # ... but contacts found by rules win, and an invented telegram is not taken.
    assert (profile["email"], profile["phone"]) == (truth["email"], truth["phone"])
    assert profile["telegram"] is None
    assert resume.candidate.email == truth["email"]
    assert profile["total_experience_months"] == truth["total_experience_months"]

    [call] = gigachat.calls("/chat/completions")
    messages = call.json()["messages"]
    assert [m["role"] for m in messages] == ["system", "user"]
    system, user = messages[0]["content"], messages[1]["content"]
    body = _untrusted_body(user, "resume")
    surname = truth["name_parts"]["last"].lower()
    assert truth["email"] in body and surname in body.lower()
    assert truth["email"] not in system and surname not in system.lower()
    # Hidden text and instructions for an AI never reach the provider.
    assert resume.flags["hidden_text"] and resume.flags["injection"]
    for message in messages:
        for segment in resume.flags["hidden_segments"]:
            assert segment["text"] not in message["content"]
        for match in resume.flags["injection_matches"]:
            assert match["text"] not in message["content"]
    assert injection.find_injections(body) == []

    [row] = AIAuditLog.objects.filter(operation="structured")
    assert (row.purpose, row.provider, row.prompt_name) == ("parsing", "gigachat", PROMPT_NAME)
    assert row.prompt_version == prompt_version(PROMPT_NAME) and row.ok and not row.fallback_used
    assert row.input_refs["resume_id"] == resume.pk
    assert row.input_text == ""  # no personal text in the log unless a setting says so
    assert truth["email"] not in json.dumps(row.input_refs, ensure_ascii=False)


def test_yandexgpt_refines_a_docx_resume(yandex, settings, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    settings.AI_PROVIDER = "offline"
    settings.AI_PROVIDER_PARSING = "yandexgpt"
    truth = TRUTH[PLAIN_DOCX]
    education = [{**truth["education"][0]}]  # the model reads the field of study right
    yandex.reply(json.dumps(_llm_profile(PLAIN_DOCX, education=education), ensure_ascii=False))

    resume = _process(PLAIN_DOCX, django_capture_on_commit_callbacks)

    assert resume.parser_engine == "llm:yandexgpt"
    assert resume.profile["education"][0]["field"] == truth["education"][0]["field"]
    assert resume.profile["phone"] == truth["phone"]
    [call] = yandex.calls("/chat/completions")
    assert call.headers["authorization"] == f"Api-Key {yandex_fake.API_KEY}"
    assert call.json()["model"] == f"gpt://{yandex_fake.FOLDER}/yandexgpt/latest"
    assert truth["email"] in _untrusted_body(call.json()["messages"][-1]["content"], "resume")
    row = AIAuditLog.objects.get(operation="structured")
    assert (row.provider, row.purpose, row.input_refs["resume_id"]) == ("yandexgpt", "parsing", resume.pk)


# --- failures: the offline result stands and the fallback is recorded ------------------------


def test_a_rejected_key_falls_back_to_the_rules(gigachat, settings, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    settings.AI_PROVIDER_PARSING = "gigachat"
    settings.GIGACHAT_CREDENTIALS = "d3Jvbmc6a2V5"  # "wrong:key": the OAuth server answers 401

    resume = _process(PLAIN_DOCX, django_capture_on_commit_callbacks)

    assert resume.profile == _offline_profile(PLAIN_DOCX)
    assert resume.parser_engine == "offline"
    assert not gigachat.calls("/chat/completions")
    [row] = AIAuditLog.objects.filter(purpose="parsing")
    assert not row.ok and row.error_type == "AIAuthError" and row.error_permanent is True
    assert row.fallback_used and row.fallback_to == "rules"
    assert row.input_refs["resume_id"] == resume.pk


def test_yandex_answering_401_falls_back_to_the_rules(yandex, settings, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    settings.AI_PROVIDER_PARSING = "yandexgpt"
    yandex.fail_next("401", path="/chat/completions")

    resume = _process(PLAIN_DOCX, django_capture_on_commit_callbacks)

    assert resume.profile == _offline_profile(PLAIN_DOCX) and resume.parser_engine == "offline"
    assert len(yandex.calls("/chat/completions")) == 1  # permanent: not retried
    row = AIAuditLog.objects.get(purpose="parsing")
    assert row.error_permanent is True and row.fallback_used and row.fallback_to == "rules"


def test_garbage_twice_falls_back_to_the_rules(gigachat, settings, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    settings.AI_PROVIDER_PARSING = "gigachat"
    gigachat.reply("Кандидат выглядит сильным, рекомендую.", '{"full_name": ["не", "строка"]')

    resume = _process(INJECTED, django_capture_on_commit_callbacks)

    assert resume.profile == _offline_profile(INJECTED) and resume.parser_engine == "offline"
    first, repair = gigachat.calls("/chat/completions")
    assert repair.json()["messages"][-1]["role"] == "user"  # the one repair request
    rows = list(AIAuditLog.objects.filter(purpose="parsing", operation="structured").order_by("pk"))
    assert len(rows) == 2
    assert rows[0].ok and not rows[0].fallback_used  # a readable answer, just not JSON
    assert not rows[1].ok and rows[1].error_type == "AIStructuredOutputError"
    assert rows[1].fallback_used and rows[1].fallback_to == "rules"


def test_without_a_cloud_provider_for_parsing_no_llm_is_called(
    gigachat, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.AI_PROVIDER = "gigachat"  # interviews and scoring may use GigaChat ...
    settings.AI_PROVIDER_PARSING = "offline"  # ... while resumes stay on the rules

    resume = _process(PLAIN_DOCX, django_capture_on_commit_callbacks)

    assert resume.parser_engine == "offline" and not gigachat.requests
    assert not AIAuditLog.objects.filter(purpose="parsing").exists()


def test_a_contact_only_the_model_found_is_kept_only_when_it_is_in_the_text() -> None:
    from candidates.intake.llm_engine import merge
    from candidates.intake.schema import Profile

    text = "Иван Петров\nПочта: Ivan.Petrov@Example.com, телефон 8 (912) 345-67-89"
    rules = Profile(full_name="Иван Петров")
    llm = Profile(email="ivan.petrov@example.com", phone="+7 912 345 67 89", telegram="@ivan_petrov_dev")

    merged = merge(rules, llm, as_of=(2026, 11), text=text)

    assert (merged.email, merged.phone, merged.telegram) == ("ivan.petrov@example.com", "+79123456789", None)
    invented = merge(rules, Profile(email="boss@example.org", phone="+79001112233"), as_of=(2026, 11), text=text)
    assert (invented.email, invented.phone) == (None, None)


# --- screening: hidden text and instructions for an AI are counted in the AI audit log -------


def test_hidden_text_and_injections_are_counted_in_the_ai_audit_log(
    client, admin_user, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    injected = _process(INJECTED, django_capture_on_commit_callbacks)  # offline: no provider call at all
    _process(PLAIN_DOCX, django_capture_on_commit_callbacks)  # nothing to report: no row

    [row] = AIAuditLog.objects.all()
    assert (row.purpose, row.operation, row.provider, row.ok) == ("parsing", "screening", "rules", True)
    assert row.input_refs["resume_id"] == injected.pk and row.input_refs["candidate_id"] == injected.candidate_id
    assert row.input_refs["hidden_text"] is True and row.input_refs["injection"] is True
    assert row.input_refs["injection_matches"] == len(injected.flags["injection_matches"])
    assert row.input_refs["hidden_reasons"] == sorted({s["reason"] for s in injected.flags["hidden_segments"]})
    stored = json.dumps([row.input_refs, row.output, row.input_text, row.error_message], ensure_ascii=False)
    for segment in injected.flags["hidden_segments"]:
        assert segment["text"][:30] not in stored  # counts and ids only, no personal or injected text
    assert TRUTH[INJECTED]["email"] not in stored and TRUTH[INJECTED]["name_parts"]["last"] not in stored

    client.force_login(admin_user)
    html = client.get(reverse("admin:hrcrm_ai_status")).content.decode()
    assert 'data-screening-total="1"' in html
    assert '<td data-count="injection">1</td>' in html and '<td data-count="hidden_text">1</td>' in html
    assert "operation__exact=screening" in html
