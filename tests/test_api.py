"""The screening API (/api/v1/): every endpoint with a valid key, a key of another scope,
no key, a replayed idempotency key, and bad input; ownership between integrations;
the per-key limit; the OpenAPI document and the docs page."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from candidates.models import Application, Candidate, Resume, StageChange
from integrations.keys import api_key_create
from integrations.models import ALL_SCOPES, ApiKey, Integration, ObjectKind, OwnedObject
from interviews.models import Interview, InterviewStatus
from pool.models import SkillEvidence
from pool.services import role_family_create
from privacy.consents import consent_give
from privacy.models import AccessLogEntry, ConsentPurpose
from scoring.services import evaluation_run
from tests.conftest import CORPUS
from tests.factories import interview_from_corpus, pool_continuation
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db

VACANCY = {
    "title": "Python-разработчик",
    "company": "Пэйлайн",
    "city": "Москва",
    "must_have": ["Python", ["Django", "FastAPI"], "PostgreSQL"],
    "nice_to_have": ["Kafka"],
    "min_experience_years": 3,
    "seniority": "senior",
    "work_format": "hybrid",
    "salary_from": 250000,
    "salary_to": 350000,
}


@pytest.fixture(autouse=True)
def _sync_queue(monkeypatch: pytest.MonkeyPatch, settings, tmp_path: Path) -> None:
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    settings.MEDIA_ROOT = tmp_path
    settings.INTAKE_AS_OF = "2026-11"


@pytest.fixture
def integration(recruiter) -> Integration:
    return Integration.objects.create(name="Внешняя ATS", acting_user=recruiter)


@pytest.fixture
def key(integration: Integration) -> str:
    return api_key_create(integration=integration, name="all", scopes=ALL_SCOPES).raw


@pytest.fixture
def api(client: Client, key: str) -> Callable[..., Any]:
    """``api(method, path, key=..., **kwargs)``: a request to /api/v1 with the key."""

    def call(method: str, path: str, *, with_key: str | None = key, idem: str | None = None, **kwargs: Any) -> Any:
        headers = {}
        if with_key:
            headers["Authorization"] = f"Bearer {with_key}"
        if idem:
            headers["Idempotency-Key"] = idem
        if "json" in kwargs:
            kwargs["data"] = json.dumps(kwargs.pop("json"))
            kwargs["content_type"] = "application/json"
        return getattr(client, method)("/api/v1" + path, headers=headers, **kwargs)

    return call


def _narrow_key(integration: Integration, *scopes: str) -> str:
    return api_key_create(integration=integration, name="narrow", scopes=list(scopes)).raw


def _vacancy(api: Callable[..., Any]) -> dict[str, Any]:
    response = api("post", "/vacancies", json=VACANCY)
    assert response.status_code == 201, response.content
    return response.json()


def _candidate(api: Callable[..., Any], commit: Any, **fields: Any) -> dict[str, Any]:
    data = {"full_name": "Иван Петров", "email": "ivan.petrov@example.com", **fields}
    with commit(execute=True):
        response = api("post", "/candidates", data=data)
    assert response.status_code == 201, response.content
    return response.json()


# --- vacancies ---------------------------------------------------------------------------


def test_create_vacancy_goes_through_the_form_and_is_owned(api, integration) -> None:
    body = _vacancy(api)
    vacancy = Vacancy.objects.get(pk=body["id"])
    assert vacancy.must_have == ["Python", ["Django", "FastAPI"], "PostgreSQL"]
    assert vacancy.work_format == "hybrid" and vacancy.salary_to == 350000
    assert body["must_have"] == vacancy.must_have and body["status"] == "open"
    assert OwnedObject.objects.filter(integration=integration, kind=ObjectKind.VACANCY, object_id=vacancy.pk).exists()
    got = api("get", f"/vacancies/{vacancy.pk}")
    assert got.status_code == 200 and got.json()["title"] == "Python-разработчик"


def test_vacancy_bad_input_names_the_field(api) -> None:
    response = api("post", "/vacancies", json={"company": "Без названия", "work_format": "moon"})
    assert response.status_code == 422
    locations = {tuple(e["loc"][-1:]) for e in response.json()["detail"]}
    assert ("title",) in locations and ("work_format",) in locations
    # The vacancy form's own rule (salary range) comes back with its field path too.
    response = api("post", "/vacancies", json={**VACANCY, "salary_from": 300000, "salary_to": 100000})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "salary_to"]
    assert not Vacancy.objects.exists()
    # Malformed JSON is a 400, not a server error.
    assert api("post", "/vacancies", data="{nope", content_type="application/json").status_code == 400


def test_idempotent_vacancy_create(api) -> None:
    first = api("post", "/vacancies", json=VACANCY, idem="vac-1")
    again = api("post", "/vacancies", json=VACANCY, idem="vac-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Vacancy.objects.count() == 1
    other = api("post", "/vacancies", json={**VACANCY, "title": "Другая"}, idem="vac-1")
    assert other.status_code == 409 and "different request" in other.json()["detail"]
    # Answers are kept for a day (they may carry personal data): then the key is free again.
    from integrations.models import IdempotencyRecord

    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert api("post", "/vacancies", json={**VACANCY, "title": "Новая"}, idem="vac-1").status_code == 201
    # A refused request keeps nothing under its key: corrected, it goes through.
    assert api("post", "/vacancies", json={"title": ""}, idem="vac-2").status_code == 422
    assert api("post", "/vacancies", json=VACANCY | {"title": "Исправлено"}, idem="vac-2").status_code == 201


def test_update_vacancy_changes_only_the_given_fields(api) -> None:
    created = _vacancy(api)
    response = api("patch", f"/vacancies/{created['id']}", json={"city": "Казань", "must_have": ["Go"]})
    assert response.status_code == 200, response.content
    vacancy = Vacancy.objects.get(pk=created["id"])
    assert vacancy.city == "Казань" and vacancy.must_have == ["Go"]
    assert vacancy.title == VACANCY["title"] and vacancy.salary_from == 250000 and vacancy.work_format == "hybrid"
    bad = api("patch", f"/vacancies/{created['id']}", json={"salary_from": 999999})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "salary_to"]


def test_vacancy_from_file_reuses_the_vacancy_parser(api) -> None:
    path = CORPUS / "vacancies" / "senior_python_backend_payline.txt"
    with path.open("rb") as fh:
        response = api("post", "/vacancies/from-file", data={"file": fh, "city": "Санкт-Петербург"}, idem="file-1")
    assert response.status_code == 201, response.content
    body = response.json()
    flat = {s if isinstance(s, str) else s[0] for s in body["must_have"]}
    assert "Python" in flat and body["city"] == "Санкт-Петербург" and body["title"]
    assert api("post", "/vacancies/from-file", data={"city": "Омск"}).status_code == 422  # no file
    exe = api("post", "/vacancies/from-file", data={"file": SimpleUploadedFile("posting.exe", b"MZ\x90\x00")})
    assert exe.status_code == 422 and exe.json()["detail"][0]["loc"] == ["body", "file"]


# --- candidates and invitations ----------------------------------------------------------------


def test_candidate_with_resume_is_queued_and_parsed(api, django_capture_on_commit_callbacks) -> None:
    path = CORPUS / "resumes" / "Egorov_QA_Automation.pdf"
    with path.open("rb") as fh:
        body = _candidate(api, django_capture_on_commit_callbacks, resume=fh)
    assert body["resume"]["status"] == "queued"  # the answer is given before intake runs
    candidate = Candidate.objects.get(pk=body["id"])
    assert Resume.objects.get(candidate=candidate).status == "done"
    got = api("get", f"/candidates/{candidate.pk}").json()
    assert got["resume"]["status"] == "done" and got["skills"]


def test_candidate_bad_input_and_replay(api, django_capture_on_commit_callbacks) -> None:
    response = api("post", "/candidates", data={"email": "not-an-address", "phone": "12"})
    assert response.status_code == 422
    fields = {e["loc"][-1] for e in response.json()["detail"]}
    assert "full_name" in fields
    response = api("post", "/candidates", data={"full_name": "Анна", "email": "not-an-address", "phone": "12"})
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {"email", "phone"}
    with django_capture_on_commit_callbacks(execute=True):
        first = api("post", "/candidates", data={"full_name": "Анна Смирнова"}, idem="c-1")
        again = api("post", "/candidates", data={"full_name": "Анна Смирнова"}, idem="c-1")
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert Candidate.objects.count() == 1
    assert api("post", "/candidates", data={"full_name": "Анна Иванова"}, idem="c-1").status_code == 409


def test_a_known_email_is_a_conflict_naming_no_one_elses_candidate(
    api, manager, django_capture_on_commit_callbacks
) -> None:
    ours = _candidate(api, django_capture_on_commit_callbacks)
    again = api("post", "/candidates", data={"full_name": "Иван П.", "email": "IVAN.PETROV@example.com"})
    assert again.status_code == 409 and str(ours["id"]) in again.json()["detail"]
    Candidate.objects.create(full_name="Чужой Кандидат", email="someone@example.com")
    theirs = api("post", "/candidates", data={"full_name": "Кто-то", "email": "someone@example.com"})
    assert theirs.status_code == 409 and "Чужой" not in theirs.json()["detail"]


def test_invitation_issues_a_link_through_the_pipeline(api, recruiter, django_capture_on_commit_callbacks) -> None:
    vacancy = _vacancy(api)
    candidate = _candidate(api, django_capture_on_commit_callbacks)
    payload = {"candidate_id": candidate["id"], "days": 5}
    first = api("post", f"/vacancies/{vacancy['id']}/invitations", json=payload, idem="inv-1")
    assert first.status_code == 201, first.content
    body = first.json()
    assert "/i/" in body["url"] and body["emailed"] is False
    again = api("post", f"/vacancies/{vacancy['id']}/invitations", json=payload, idem="inv-1")
    assert again.json() == body  # the same link, not a second one
    application = Application.objects.get(pk=body["application_id"])
    assert application.stage == "invited" and application.invite_links.count() == 1
    assert StageChange.objects.get(application=application).actor == recruiter
    # The link opens the candidate's landing page.
    landing = Client().get(body["url"].split("testserver")[-1])
    assert landing.status_code == 200
    status = api("get", f"/applications/{application.pk}").json()
    assert status["stage"] == "invited" and status["evaluation_ready"] is False
    assert status["interview"] is None or status["interview"]["status"] == "pending"  # the landing may prepare it
    assert api("post", f"/vacancies/{vacancy['id']}/invitations", json={"candidate_id": "x"}).status_code == 422
    api("patch", f"/vacancies/{vacancy['id']}", json={})
    Vacancy.objects.filter(pk=vacancy["id"]).update(status="closed")
    closed = api("post", f"/vacancies/{vacancy['id']}/invitations", json=payload)
    assert closed.status_code == 409


def test_general_interview_link_without_a_vacancy(api, django_capture_on_commit_callbacks) -> None:
    family = role_family_create(name="Менеджер по продажам B2B", core_skills=["B2B-продажи", "CRM"], actor=None)
    listed = api("get", "/role-families").json()
    assert listed == [{"id": family.pk, "name": family.name, "core_skills": ["B2B-продажи", "CRM"], "language": "ru"}]
    candidate = _candidate(api, django_capture_on_commit_callbacks)
    payload = {"candidate_id": candidate["id"]}
    first = api("post", f"/role-families/{family.pk}/invitations", json=payload, idem="gen-1")
    assert first.status_code == 201, first.content
    assert api("post", f"/role-families/{family.pk}/invitations", json=payload, idem="gen-1").json() == first.json()
    application = Application.objects.get(pk=first.json()["application_id"])
    assert application.vacancy_id == family.vacancy_id
    assert api("get", f"/applications/{application.pk}").json()["stage"] == "invited"
    assert api("post", "/role-families/999999/invitations", json=payload).status_code == 404


def test_pool_search_lists_our_pool_members_with_filters(api, integration, django_capture_on_commit_callbacks) -> None:
    family = role_family_create(name="Python-разработчик", core_skills=["Python"], actor=None)
    ours = Candidate.objects.get(pk=_candidate(api, django_capture_on_commit_callbacks)["id"])
    first = api("post", f"/role-families/{family.pk}/invitations", json={"candidate_id": ours.pk})
    theirs = Candidate.objects.create(full_name="Чужой Кандидат", city="Казань")
    their_app = Application.objects.create(candidate=theirs, vacancy=family.vacancy)
    for candidate, app_id, text in (
        (ours, first.json()["application_id"], "Python. Рассматриваю только удалённую работу."),
        (theirs, their_app.pk, "Python."),
    ):
        consent_give(
            candidate=candidate, purpose=ConsentPurpose.TALENT_POOL, ip_address=None, user_agent="", source="t"
        )
        Interview.objects.create(application_id=app_id, status=InterviewStatus.COMPLETED, finished_at=timezone.now())
        Resume.objects.filter(candidate=candidate).delete()
        Resume.objects.create(
            candidate=candidate,
            original_name="r.txt",
            sha256="x",
            status="done",
            extracted_text=text,
            profile={"skills": ["Python"]},
        )
    SkillEvidence.objects.create(
        candidate=ours,
        skill="Python",
        key="python",
        level="confirmed",
        quote="Пишу на Python",
        observed_at=timezone.now(),
    )
    found = api("get", "/pool")
    assert found.status_code == 200, found.content
    (member,) = found.json()  # another integration's candidate is not listed
    assert member["candidate_id"] == ours.pk and member["families"] == ["Python-разработчик"]
    assert member["skills"][0] | {"observed_at": None} == {
        "skill": "Python",
        "level": "confirmed",
        "quote": "Пишу на Python",
        "observed_at": None,
    }
    assert [m["candidate_id"] for m in api("get", "/pool?work_format=remote&skill=python").json()] == [ours.pk]
    assert api("get", "/pool?work_format=office").json() == []  # «только удалённо» rules the office out
    assert api("get", "/pool?relocation=true").json() == []
    bad = api("get", "/pool?work_format=moon")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "work_format"


# --- results ----------------------------------------------------------------------------


@pytest.fixture
def evaluated(integration: Integration) -> Application:
    interview = interview_from_corpus("s02_go_backend_engineer_en", "Maria Test", start_index=1)
    evaluation_run(interview_id=interview.pk)
    OwnedObject.objects.create(integration=integration, kind=ObjectKind.APPLICATION, object_id=interview.application_id)
    return Application.objects.get(pk=interview.application_id)


def test_results_status_evaluation_transcript_pdf(api, evaluated, recruiter) -> None:
    pk = evaluated.pk
    status = api("get", f"/applications/{pk}").json()
    assert status["evaluation_ready"] is True and status["interview"]["status"] == "completed"
    evaluation = api("get", f"/applications/{pk}/evaluation")
    assert evaluation.status_code == 200
    assert evaluation.json()["recommendation"] and "criteria" in evaluation.json()["result"]
    transcript = api("get", f"/applications/{pk}/transcript").json()
    assert len(transcript["turns"]) == evaluated.interviews.get().turns.count()
    assert {t["speaker"] for t in transcript["turns"]} >= {"candidate"}
    pdf = api("get", f"/applications/{pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # Personal data read through the API is in the access log under the integration's account.
    actions = set(
        AccessLogEntry.objects.filter(user=recruiter, candidate_ref=evaluated.candidate_id).values_list(
            "action", flat=True
        )
    )
    assert actions == {"view", "report"}


def test_a_continuation_evaluation_carries_the_combined_reading(api, integration, recruiter) -> None:
    general, continuation = pool_continuation(
        "s02_go_backend_engineer_en", "s01_python_backend_fintech", general_days_ago=40
    )
    OwnedObject.objects.create(
        integration=integration, kind=ObjectKind.APPLICATION, object_id=continuation.application_id
    )
    OwnedObject.objects.create(integration=integration, kind=ObjectKind.APPLICATION, object_id=general.application_id)
    body = api("get", f"/applications/{continuation.application_id}/evaluation").json()
    combined = body["combined"]
    assert combined["general_evaluation_id"] == general.pk and combined["family"] == "Go backend"
    assert combined["general_interview_at"][:10] == general.interview.finished_at.date().isoformat()
    carried = [r for r in combined["requirements"] if r["source"] == "general"]
    assert carried and all(r["continuation_status"] == "not_assessed" and r["status"] == "confirmed" for r in carried)
    quotes = [q for r in combined["requirements"] for q in r["quotes"]]
    assert {q["interview"] for q in quotes} == {"general", "continuation"}
    assert {q["interview_id"] for q in quotes} == {general.interview_id, continuation.interview_id}
    assert api("get", f"/applications/{general.application_id}/evaluation").json()["combined"] is None
    pdf = api("get", f"/applications/{continuation.application_id}/report.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_results_before_the_interview_are_404(api, django_capture_on_commit_callbacks) -> None:
    vacancy = _vacancy(api)
    candidate = _candidate(api, django_capture_on_commit_callbacks)
    app_id = api("post", f"/vacancies/{vacancy['id']}/invitations", json={"candidate_id": candidate["id"]}).json()[
        "application_id"
    ]
    for tail in ("evaluation", "transcript", "report.pdf"):
        response = api("get", f"/applications/{app_id}/{tail}")
        assert response.status_code == 404 and response.json()["detail"]


# --- keys, scopes, ownership, limits ------------------------------------------------------

ENDPOINTS = [
    ("post", "/vacancies", "vacancies:write"),
    ("post", "/vacancies/from-file", "vacancies:write"),
    ("get", "/vacancies/{vacancy}", "vacancies:read"),
    ("patch", "/vacancies/{vacancy}", "vacancies:write"),
    ("post", "/vacancies/{vacancy}/invitations", "invitations:write"),
    ("post", "/candidates", "candidates:write"),
    ("get", "/candidates/{candidate}", "candidates:read"),
    ("get", "/role-families", "vacancies:read"),
    ("get", "/pool", "candidates:read"),
    ("post", "/role-families/{family}/invitations", "invitations:write"),
    ("get", "/applications/{application}", "results:read"),
    ("get", "/applications/{application}/evaluation", "results:read"),
    ("get", "/applications/{application}/transcript", "results:read"),
    ("get", "/applications/{application}/report.pdf", "results:read"),
]


def test_every_endpoint_needs_a_key_and_its_scope(
    api, integration, evaluated, django_capture_on_commit_callbacks
) -> None:
    ids = {
        "vacancy": _vacancy(api)["id"],
        "candidate": _candidate(api, django_capture_on_commit_callbacks)["id"],
        "application": evaluated.pk,
        "family": role_family_create(name="Python-разработчик", core_skills=["Python"], actor=None).pk,
    }
    for method, template, scope in ENDPOINTS:
        path = template.format(**ids)
        assert api(method, path, with_key=None).status_code == 401, path
        assert api(method, path, with_key="hrk_unknown").status_code == 401, path
        others = [s for s in ALL_SCOPES if s != scope]
        denied = api(method, path, with_key=_narrow_key(integration, *others))
        assert denied.status_code == 403 and scope in denied.json()["detail"], path
    revoked = ApiKey.objects.get(name="all")
    revoked.revoked_at = revoked.created_at
    revoked.save()
    assert api("get", f"/vacancies/{ids['vacancy']}").status_code == 401


def test_another_integration_sees_nothing_of_ours(api, manager, evaluated) -> None:
    vacancy = _vacancy(api)
    other = Integration.objects.create(name="Другая система", acting_user=manager)
    other_key = api_key_create(integration=other, name="k", scopes=ALL_SCOPES).raw
    assert api("get", f"/vacancies/{vacancy['id']}", with_key=other_key).status_code == 404
    assert api("patch", f"/vacancies/{vacancy['id']}", with_key=other_key, json={"city": "X"}).status_code == 404
    assert api("get", f"/applications/{evaluated.pk}", with_key=other_key).status_code == 404
    assert api("get", f"/applications/{evaluated.pk}/report.pdf", with_key=other_key).status_code == 404
    # The same Idempotency-Key in another integration is a different key.
    api("post", "/vacancies", json=VACANCY, idem="shared")
    assert (
        api("post", "/vacancies", json=VACANCY | {"title": "Их"}, idem="shared", with_key=other_key).status_code == 201
    )


def test_per_key_limit(api, integration) -> None:
    limited = api_key_create(integration=integration, name="slow", scopes=ALL_SCOPES, rate_limit_per_minute=3).raw
    codes = [api("get", "/vacancies/999999", with_key=limited).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    refused = api("get", "/vacancies/999999", with_key=limited)
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 61
    assert api("get", "/vacancies/999999").status_code == 404  # another key has its own limit


def test_openapi_document_and_docs(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    data = schema.json()
    assert data["info"]["version"] == "1"
    assert "/api/v1/vacancies/{vacancy_id}/invitations" in data["paths"]
    create = data["paths"]["/api/v1/vacancies"]["post"]
    assert {"201", "401", "403", "409", "422", "429"} <= set(create["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"openapi.json" in docs.content


def test_key_command_prints_the_key_once(integration, capsys) -> None:
    call_command("api_key_create", integration.name, "--scopes", "vacancies:read,results:read", "--rate-limit", "10")
    raw = capsys.readouterr().out.strip()
    api_key = ApiKey.objects.get(integration=integration)
    assert raw.startswith("hrk_") and api_key.key_hash != raw and raw not in str(api_key.__dict__)
    assert api_key.scopes == ["results:read", "vacancies:read"] and api_key.rate_limit_per_minute == 10
    response = Client().get("/api/v1/vacancies/1", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 404
