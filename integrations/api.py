"""The screening API, version 1 (django-ninja): thin views over ``integrations.services``
and ``integrations.selectors``. The OpenAPI document is ``/api/v1/openapi.json``, the
browsable docs ``/api/v1/docs``.

Every request carries ``Authorization: Bearer <key>``; each operation needs one scope of
that key; each key has its own per-minute limit. Creates accept ``Idempotency-Key``."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import URLPattern
from ninja import File, Form, Header, NinjaAPI, Router
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from candidates.models import Candidate
from integrations import keys, selectors, services
from integrations.idempotency import Answer, IdempotencyConflict, fingerprint, run_once
from integrations.models import ApiKey, Integration, Scope
from integrations.schemas import (
    ApplicationOut,
    CandidateOut,
    Error,
    EvaluationOut,
    InvitationIn,
    InvitationOut,
    PoolMemberOut,
    RoleFamilyOut,
    TranscriptOut,
    VacancyIn,
    VacancyOut,
    VacancyPatch,
)
from pool.combined import combined_report_pdf
from pool.models import RoleFamily
from pool.selectors import LEVELS, WORK_FORMATS, PoolFilters
from privacy.access import access_record
from privacy.models import AccessAction
from scoring.selectors import evaluation_current_for_application
from scoring.services import evaluation_report_generate
from vacancies.models import Vacancy

IdempotencyKey = Header(
    None,
    alias="Idempotency-Key",
    description="Any unique string: a repeat with the same body returns the first answer, "
    "a different body with the same key is refused with 409",
)


class KeyAuth(HttpBearer):
    """A known, active key (401 otherwise) holding the operation's scope (403 otherwise),
    checked before the body is read; counts the request against the key's limit (429).
    The request then runs as the integration's staff account, so the CRM's permission
    rules and the personal-data access log apply as to that person."""

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        api_key = keys.api_key_authenticate(token)
        if api_key is None:
            return None
        keys.api_key_hit(api_key)
        if self.scope.value not in api_key.scopes:
            raise PermissionDenied(f"This key lacks the scope «{self.scope.value}».")
        request.user = api_key.integration.acting_user
        return api_key


api = NinjaAPI(
    title="HR CRM screening API",
    version="1",
    description="Vacancies, candidates, interview links and their results for another company system. "
    "Authorization: `Bearer <API key>`; every operation names the scope it needs. "
    "Events come as signed webhooks (see the README).",
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _need(request: HttpRequest, scope: Scope) -> ApiKey:
    """The request's key (``KeyAuth`` checked it holds ``scope``)."""
    api_key: ApiKey = request.auth
    assert scope.value in api_key.scopes
    return api_key


def _answer(response: HttpResponse, answer: Answer) -> tuple[int, dict[str, Any]]:
    if answer.replayed:
        response["Idempotent-Replayed"] = "true"
    return answer.status, answer.body


def _json_of(schema: Any) -> dict[str, Any]:
    return schema.model_dump(mode="json", exclude_unset=True)


# --- errors -----------------------------------------------------------------------------


@api.exception_handler(services.FieldErrors)
def _field_errors(request: HttpRequest, exc: services.FieldErrors) -> HttpResponse:
    detail = [
        {"loc": ["body", field], "msg": message, "type": "value_error"}
        for field, messages in exc.errors.items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(IdempotencyConflict)
@api.exception_handler(services.Conflict)
def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(keys.RateLimited)
def _rate_limited(request: HttpRequest, exc: keys.RateLimited) -> HttpResponse:
    response = api.create_response(
        request, {"detail": f"Too many requests for this key; retry in {exc.retry_after} s."}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden."}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


ERRORS: dict[int, Any] = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 429: Error}

# --- vacancies --------------------------------------------------------------------------

vacancies = Router(tags=["vacancies"])


@vacancies.post(
    "",
    auth=KeyAuth(Scope.VACANCIES_WRITE),
    response={201: VacancyOut, **ERRORS},
    summary="Create a vacancy from fields (vacancies:write)",
)
def vacancy_create(
    request: HttpRequest, response: HttpResponse, payload: VacancyIn, idempotency_key: str | None = IdempotencyKey
) -> Any:
    api_key = _need(request, Scope.VACANCIES_WRITE)
    values = payload.model_dump(mode="json")  # with the defaults: a new vacancy gets every field

    def run() -> Answer:
        vacancy = services.vacancy_create(integration=api_key.integration, values=values)
        return Answer(201, VacancyOut.model_validate(selectors.vacancy_out(vacancy)).model_dump(mode="json"))

    return _answer(
        response,
        run_once(
            integration=api_key.integration,
            key=idempotency_key,
            operation="vacancy_create",
            fingerprint=fingerprint("vacancy_create", values),
            run=run,
        ),
    )


@vacancies.post(
    "/from-file",
    auth=KeyAuth(Scope.VACANCIES_WRITE),
    response={201: VacancyOut, **ERRORS},
    summary="Create a vacancy from a posting file, TXT/DOCX/PDF (vacancies:write)",
    description="The file is parsed as on the vacancy form's «Создать из файла»; "
    "title and city given here take precedence over the parsed ones.",
)
def vacancy_create_from_file(
    request: HttpRequest,
    response: HttpResponse,
    file: UploadedFile = File(...),  # noqa: B008
    title: str | None = Form(None, max_length=200),
    city: str | None = Form(None, max_length=100),
    idempotency_key: str | None = IdempotencyKey,
) -> Any:
    api_key = _need(request, Scope.VACANCIES_WRITE)
    data = file.read()
    overrides = {k: v for k, v in {"title": title, "city": city}.items() if v}

    def run() -> Answer:
        values = services.vacancy_draft_from_file(name=file.name or "vacancy.txt", data=data) | overrides
        vacancy = services.vacancy_create(integration=api_key.integration, values=values)
        return Answer(201, VacancyOut.model_validate(selectors.vacancy_out(vacancy)).model_dump(mode="json"))

    return _answer(
        response,
        run_once(
            integration=api_key.integration,
            key=idempotency_key,
            operation="vacancy_create_from_file",
            fingerprint=fingerprint("vacancy_create_from_file", overrides, {file.name or "": data}),
            run=run,
        ),
    )


@vacancies.get(
    "/{int:vacancy_id}",
    auth=KeyAuth(Scope.VACANCIES_READ),
    response={200: VacancyOut, **ERRORS},
    summary="A vacancy (vacancies:read)",
)
def vacancy_get(request: HttpRequest, vacancy_id: int) -> Any:
    api_key = _need(request, Scope.VACANCIES_READ)
    return selectors.vacancy_out(selectors.vacancy_get(api_key.integration, vacancy_id))


@vacancies.patch(
    "/{int:vacancy_id}",
    auth=KeyAuth(Scope.VACANCIES_WRITE),
    response={200: VacancyOut, **ERRORS},
    summary="Change some fields of a vacancy (vacancies:write)",
)
def vacancy_update(request: HttpRequest, vacancy_id: int, payload: VacancyPatch) -> Any:
    api_key = _need(request, Scope.VACANCIES_WRITE)
    vacancy = selectors.vacancy_get(api_key.integration, vacancy_id)
    vacancy = services.vacancy_update(integration=api_key.integration, vacancy=vacancy, values=_json_of(payload))
    return selectors.vacancy_out(vacancy)


@vacancies.post(
    "/{int:vacancy_id}/invitations",
    auth=KeyAuth(Scope.INVITATIONS_WRITE),
    response={201: InvitationOut, **ERRORS},
    summary="Put a candidate on the vacancy and get his interview link (invitations:write)",
)
def invitation_create(
    request: HttpRequest,
    response: HttpResponse,
    vacancy_id: int,
    payload: InvitationIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Any:
    api_key = _need(request, Scope.INVITATIONS_WRITE)
    integration = api_key.integration
    vacancy = selectors.vacancy_get(integration, vacancy_id)
    candidate = selectors.candidate_get(integration, payload.candidate_id)
    values = _json_of(payload) | {"vacancy_id": vacancy_id, "candidate_id": payload.candidate_id}
    return _invite(
        response,
        integration,
        vacancy,
        candidate,
        payload,
        idempotency_key,
        operation="invitation_create",
        values=values,
    )


# --- general interviews («в целом») ---------------------------------------------------------

families = Router(tags=["general interviews"])


@families.get(
    "",
    auth=KeyAuth(Scope.VACANCIES_READ),
    response={200: list[RoleFamilyOut], **ERRORS},
    summary="Role families with a general interview (vacancies:read)",
)
def family_list(request: HttpRequest) -> Any:
    return [
        {"id": f.pk, "name": f.name, "core_skills": f.core_skills, "language": f.vacancy.language}
        for f in RoleFamily.objects.select_related("vacancy")
    ]


@families.post(
    "/{int:family_id}/invitations",
    auth=KeyAuth(Scope.INVITATIONS_WRITE),
    response={201: InvitationOut, **ERRORS},
    summary="A general interview link for a candidate, no vacancy needed (invitations:write)",
    description="The interview covers the family's core skills and the candidate's resume; its evaluation "
    "becomes the candidate's verified skill profile. Results and webhooks as for a vacancy's interview.",
)
def family_invitation_create(
    request: HttpRequest,
    response: HttpResponse,
    family_id: int,
    payload: InvitationIn,
    idempotency_key: str | None = IdempotencyKey,
) -> Any:
    api_key = _need(request, Scope.INVITATIONS_WRITE)
    integration = api_key.integration
    family = RoleFamily.objects.select_related("vacancy").filter(pk=family_id).first()
    if family is None:
        raise Http404("No such role family.")
    candidate = selectors.candidate_get(integration, payload.candidate_id)
    values = _json_of(payload) | {"family_id": family_id, "candidate_id": payload.candidate_id}
    return _invite(
        response,
        integration,
        family.vacancy,
        candidate,
        payload,
        idempotency_key,
        operation="family_invitation_create",
        values=values,
    )


def _invite(
    response: HttpResponse,
    integration: Integration,
    vacancy: Vacancy,
    candidate: Candidate,
    payload: InvitationIn,
    idempotency_key: str | None,
    *,
    operation: str,
    values: dict[str, Any],
) -> Any:
    """One personal link for the candidate on the vacancy (a role family's general
    interview runs on its own vacancy record), once per idempotency key."""

    def run() -> Answer:
        issued = services.invitation_create(
            integration=integration,
            vacancy=vacancy,
            candidate=candidate,
            days=payload.days,
            send_email=payload.send_email,
        )
        out = InvitationOut(
            application_id=issued.application.pk, url=issued.url, expires_at=issued.expires_at, emailed=issued.emailed
        )
        return Answer(201, out.model_dump(mode="json"))

    return _answer(
        response,
        run_once(
            integration=integration,
            key=idempotency_key,
            operation=operation,
            fingerprint=fingerprint(operation, values),
            run=run,
        ),
    )


# --- candidates -------------------------------------------------------------------------

candidates = Router(tags=["candidates"])


@candidates.post(
    "",
    auth=KeyAuth(Scope.CANDIDATES_WRITE),
    response={201: CandidateOut, **ERRORS},
    summary="Create a candidate, with a resume file (candidates:write)",
    description="multipart/form-data. The resume (PDF, DOCX or TXT) is queued for parsing; "
    "read the candidate to see `resume.status` become done (its skills filled) or failed (with the reason).",
)
def candidate_create(
    request: HttpRequest,
    response: HttpResponse,
    full_name: str = Form(..., min_length=1, max_length=200),
    email: str = Form("", max_length=254),
    phone: str = Form("", max_length=20),
    telegram: str = Form("", max_length=64),
    city: str = Form("", max_length=100),
    desired_position: str = Form("", max_length=200),
    resume: UploadedFile | None = File(None),  # noqa: B008
    idempotency_key: str | None = IdempotencyKey,
) -> Any:
    api_key = _need(request, Scope.CANDIDATES_WRITE)
    values = {
        "full_name": full_name,
        "email": email,
        "phone": phone,
        "telegram": telegram,
        "city": city,
        "desired_position": desired_position,
        "source": "other",
    }
    data = resume.read() if resume is not None else None
    name = resume.name if resume is not None else None

    def run() -> Answer:
        candidate = services.candidate_create(
            integration=api_key.integration, values=values, resume_name=name, resume_data=data
        )
        return Answer(201, CandidateOut.model_validate(selectors.candidate_out(candidate)).model_dump(mode="json"))

    return _answer(
        response,
        run_once(
            integration=api_key.integration,
            key=idempotency_key,
            operation="candidate_create",
            fingerprint=fingerprint("candidate_create", values, {name or "": data} if data is not None else None),
            run=run,
        ),
    )


@candidates.get(
    "/{int:candidate_id}",
    auth=KeyAuth(Scope.CANDIDATES_READ),
    response={200: CandidateOut, **ERRORS},
    summary="A candidate (candidates:read)",
)
def candidate_get(request: HttpRequest, candidate_id: int) -> Any:
    api_key = _need(request, Scope.CANDIDATES_READ)
    return selectors.candidate_out(selectors.candidate_get(api_key.integration, candidate_id))


# --- applications: status and results ----------------------------------------------------

applications = Router(tags=["results"])


@applications.get(
    "/{int:application_id}",
    auth=KeyAuth(Scope.RESULTS_READ),
    response={200: ApplicationOut, **ERRORS},
    summary="Stage, interview status, whether the evaluation is ready, the decision (results:read)",
)
def application_get(request: HttpRequest, application_id: int) -> Any:
    api_key = _need(request, Scope.RESULTS_READ)
    return selectors.application_out(selectors.application_get(api_key.integration, application_id))


@applications.get(
    "/{int:application_id}/evaluation",
    auth=KeyAuth(Scope.RESULTS_READ),
    response={200: EvaluationOut, **ERRORS},
    summary="The current evaluation of the interview (results:read)",
    description="For a pool candidate's continuation interview, `combined` reads it together with his general "
    "interview: per requirement the combined status, which interview decided it, and quotes marked with their "
    "interview and date.",
)
def evaluation_get(request: HttpRequest, application_id: int) -> Any:
    api_key = _need(request, Scope.RESULTS_READ)
    application = selectors.application_get(api_key.integration, application_id)
    evaluation = evaluation_current_for_application(application.pk)
    if evaluation is None:
        raise Http404("The evaluation is not ready yet.")
    access_record(
        request,
        candidate_id=application.candidate_id,
        action=AccessAction.VIEW,
        object_ref=f"evaluation:{evaluation.pk}",
    )
    return selectors.evaluation_out(evaluation)


@applications.get(
    "/{int:application_id}/transcript",
    auth=KeyAuth(Scope.RESULTS_READ),
    response={200: TranscriptOut, **ERRORS},
    summary="The latest interview's transcript (results:read)",
)
def transcript_get(request: HttpRequest, application_id: int) -> Any:
    api_key = _need(request, Scope.RESULTS_READ)
    application = selectors.application_get(api_key.integration, application_id)
    interview = selectors.latest_interview(application)
    if interview is None:
        raise Http404("The candidate has not started the interview yet.")
    access_record(
        request, candidate_id=application.candidate_id, action=AccessAction.VIEW, object_ref=f"interview:{interview.pk}"
    )
    return selectors.transcript_out(interview)


@applications.get(
    "/{int:application_id}/report.pdf",
    auth=KeyAuth(Scope.RESULTS_READ),
    response={200: None, **ERRORS},
    summary="The evaluation's PDF report (results:read)",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}, "description": "The PDF"}}},
)
def report_get(request: HttpRequest, application_id: int) -> Any:
    api_key = _need(request, Scope.RESULTS_READ)
    application = selectors.application_get(api_key.integration, application_id)
    evaluation = evaluation_current_for_application(application.pk)
    if evaluation is None:
        raise Http404("The evaluation is not ready yet.")
    if not evaluation.report:
        evaluation = evaluation_report_generate(evaluation_id=evaluation.pk)
    access_record(
        request,
        candidate_id=application.candidate_id,
        action=AccessAction.REPORT,
        object_ref=f"evaluation:{evaluation.pk}",
    )
    combined = combined_report_pdf(evaluation)  # a continuation: read with the general interview
    return FileResponse(
        ContentFile(combined) if combined is not None else evaluation.report.open("rb"),
        as_attachment=True,
        filename=f"evaluation-{evaluation.pk}.pdf",
        content_type="application/pdf",
    )


# --- the warm pool ------------------------------------------------------------------------

pool = Router(tags=["general interviews"])
# The pool's own values (``pool.selectors.LEVELS``, ``WORK_FORMATS``), spelled out for the schema.
PoolLevel = Literal["junior", "middle", "senior"]
PoolFormat = Literal["office", "hybrid", "remote"]
assert set(PoolLevel.__args__) == set(LEVELS) and set(PoolFormat.__args__) == set(WORK_FORMATS)


@pool.get(
    "",
    auth=KeyAuth(Scope.CANDIDATES_READ),
    response={200: list[PoolMemberOut], **ERRORS},
    summary="Search the warm pool (candidates:read)",
    description="Candidates with a talent-pool consent in force and a finished general interview that this "
    "integration added or invited, with their verified skills. Filters combine; `work_format` keeps those "
    "whose resume does not rule the format out (for example «только удалённо» rules out office and hybrid), "
    "`relocation=true` those whose resume says they are ready to relocate.",
)
def pool_search(
    request: HttpRequest,
    family_id: int | None = None,
    level: PoolLevel | None = None,
    city: str = "",
    skill: str = "",
    fresh_days: int | None = None,
    work_format: PoolFormat | None = None,
    relocation: bool = False,
) -> Any:
    api_key = _need(request, Scope.CANDIDATES_READ)
    filters = PoolFilters(
        family=family_id,
        level=level or "",
        city=city.strip()[:100],
        skill=skill.strip()[:120],
        fresh_days=fresh_days if fresh_days and fresh_days > 0 else None,
        work_format=work_format or "",
        relocation=relocation,
    )
    return selectors.pool_search(api_key.integration, filters)


api.add_router("/vacancies", vacancies)
api.add_router("/candidates", candidates)
api.add_router("/role-families", families)
api.add_router("/applications", applications)
api.add_router("/pool", pool)


def public_urls() -> tuple[list[URLPattern], str, str]:
    """The API's URLs for ``path("api/v1/", ...)``. None needs a session login (the key is
    the credential; docs and schema are public), so each view is marked for
    ``LoginRequiredMiddleware`` the way ``login_not_required`` marks one."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        view = getattr(pattern.callback, "__func__", pattern.callback)  # ninja's views are bound methods
        view.login_required = False
    return patterns, app_name, namespace
