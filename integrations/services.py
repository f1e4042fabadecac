"""Writes the API makes, through the CRM's own forms and services: a vacancy is checked
by the vacancy form, a candidate by the candidate form and stored by
``candidate_save`` (its resume queued for intake like any upload), an interview link is
issued by ``application_invite``. Each write records what the integration owns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import model_to_dict
from django.utils.translation import gettext as _

from candidates.forms import CandidateForm
from candidates.models import Application, Candidate
from candidates.services import candidate_save
from integrations.models import Integration, ObjectKind, OwnedObject
from vacancies import services as vacancy_services
from vacancies.forms import VacancyFileForm, VacancyForm, format_requirements
from vacancies.models import Vacancy


class FieldErrors(Exception):
    """Input the CRM's forms refused: {field: [messages]} (422 with field paths)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class Conflict(Exception):
    """The request is valid but the object's state does not allow it (409)."""


# API field names that differ from the form's.
_LIST_FIELDS = {"must_have": "must_have_text", "nice_to_have": "nice_to_have_text"}


_DEFAULTED = ("work_format", "currency", "language", "interview_minutes", "min_experience_years")


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in values.items():
        if name in _LIST_FIELDS:
            data[_LIST_FIELDS[name]] = format_requirements(value or [])
        elif value is not None:
            data[name] = value
    return data


def _errors(form: Any) -> dict[str, list[str]]:
    reverse = {v: k for k, v in _LIST_FIELDS.items()}
    return {reverse.get(field, field): [str(m) for m in messages] for field, messages in form.errors.items()}


def own(*, integration: Integration, kind: str, object_id: int) -> None:
    OwnedObject.objects.get_or_create(integration=integration, kind=kind, object_id=object_id)


def owns(*, integration: Integration, kind: str, object_id: int) -> bool:
    return OwnedObject.objects.filter(integration=integration, kind=kind, object_id=object_id).exists()


@transaction.atomic
def vacancy_create(*, integration: Integration, values: dict[str, Any]) -> Vacancy:
    # A field left out gets the model's default, as on a new vacancy form.
    defaults = {name: Vacancy._meta.get_field(name).get_default() for name in _DEFAULTED}
    data = {"hiring_manager": "", **defaults, **_form_data(values)}
    form = VacancyForm(data, user=integration.acting_user)
    if not form.is_valid():
        raise FieldErrors(_errors(form))
    vacancy = form.save()
    own(integration=integration, kind=ObjectKind.VACANCY, object_id=vacancy.pk)
    return vacancy


def vacancy_draft_from_file(*, name: str, data: bytes) -> dict[str, Any]:
    """The vacancy form's values parsed from a posting file by intake (as on the «Создать
    из файла» panel), in the API's field names."""
    form = VacancyFileForm(files={"vacancy_file": SimpleUploadedFile(name, data)})
    if not form.is_valid():
        raise FieldErrors({"file": [str(m) for m in form.errors.get("vacancy_file", [])]})
    draft, error = form.draft()
    if error:
        raise FieldErrors({"file": [error]})
    reverse = {v: k for k, v in _LIST_FIELDS.items()}
    values: dict[str, Any] = {}
    for field, value in draft.items():
        if field in reverse:
            values[reverse[field]] = [
                [p.strip() for p in line.split("|")] if "|" in line else line.strip()
                for line in str(value).splitlines()
                if line.strip()
            ]
        else:
            values[field] = value
    return values


@transaction.atomic
def vacancy_update(*, integration: Integration, vacancy: Vacancy, values: dict[str, Any]) -> Vacancy:
    """Change only the fields given; the rest keep their values (the whole is checked by
    the vacancy form, as when a person saves it)."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    current = model_to_dict(vacancy, fields=VacancyForm._meta.fields)
    current = {k: ("" if v is None else v) for k, v in current.items()}
    current["must_have_text"] = format_requirements(vacancy.must_have)
    current["nice_to_have_text"] = format_requirements(vacancy.nice_to_have)
    form = VacancyForm({**current, **_form_data(values)}, instance=vacancy, user=integration.acting_user)
    if not form.is_valid():
        raise FieldErrors(_errors(form))
    return form.save()


@transaction.atomic
def candidate_create(
    *, integration: Integration, values: dict[str, Any], resume_name: str | None, resume_data: bytes | None
) -> Candidate:
    email = (values.get("email") or "").strip()
    clash = Candidate.objects.filter(email__iexact=email).values_list("pk", flat=True).first() if email else None
    if clash is not None:
        # Named only to the integration that created him: the form's own message shows
        # the other person's name, which is not this system's to read.
        if owns(integration=integration, kind=ObjectKind.CANDIDATE, object_id=clash):
            raise Conflict(_("Кандидат с таким e-mail уже есть: № %(pk)s.") % {"pk": clash})
        raise Conflict(_("Кандидат с таким e-mail уже есть в системе."))
    files = {}
    if resume_data is not None:
        files["resume"] = SimpleUploadedFile(resume_name or "resume", resume_data)
    form = CandidateForm({k: v for k, v in values.items() if v is not None}, files)
    if not form.is_valid():
        raise FieldErrors(_errors(form))
    candidate = candidate_save(
        candidate=form.save(commit=False),
        actor=integration.acting_user,
        resume=form.cleaned_data.get("resume"),
    )
    own(integration=integration, kind=ObjectKind.CANDIDATE, object_id=candidate.pk)
    return candidate


@dataclass(frozen=True)
class IssuedInvitation:
    application: Application
    url: str
    expires_at: Any
    emailed: bool


@transaction.atomic
def invitation_create(
    *, integration: Integration, vacancy: Vacancy, candidate: Candidate, days: int, send_email: bool
) -> IssuedInvitation:
    """Put the candidate on the vacancy and issue his personal interview link."""
    if not vacancy.is_open:
        raise Conflict(_("Вакансия закрыта: ссылку на интервью выдать нельзя."))
    invitation = vacancy_services.application_invite(
        candidate=candidate, vacancy=vacancy, actor=integration.acting_user, days=days, send_email=send_email
    )
    own(integration=integration, kind=ObjectKind.APPLICATION, object_id=invitation.application.pk)
    return IssuedInvitation(
        application=invitation.application,
        url=invitation.url,
        expires_at=invitation.issued.link.expires_at,
        emailed=invitation.emailed,
    )
