"""Writes for vacancies and invitations. Views call these; each is atomic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone

from candidates import services as candidate_services
from candidates.models import Application, ApplicationOrigin, Candidate, CandidateSource
from candidates.services import ConsentShown
from hrcrm.emails import EmailContext, EmailRefs, absolute_url, email_send
from hrcrm.models import EmailKind
from vacancies import links
from vacancies.models import DEFAULT_LINK_DAYS, InviteLink, Vacancy, VacancyStatus


def vacancy_close(*, vacancy: Vacancy) -> Vacancy:
    if vacancy.status != VacancyStatus.CLOSED:
        vacancy.status = VacancyStatus.CLOSED
        vacancy.closed_at = timezone.now()
        vacancy.save(update_fields=["status", "closed_at", "updated_at"])
    return vacancy


def vacancy_reopen(*, vacancy: Vacancy) -> Vacancy:
    if vacancy.status != VacancyStatus.OPEN:
        vacancy.status = VacancyStatus.OPEN
        vacancy.closed_at = None
        vacancy.save(update_fields=["status", "closed_at", "updated_at"])
    return vacancy


@dataclass(frozen=True)
class Invitation:
    application: Application
    issued: links.IssuedLink
    url: str
    emailed: bool


def invitation_context(
    *, candidate: Candidate, vacancy: Vacancy, url: str, expires_at: datetime, sender: AbstractBaseUser | None
) -> EmailContext:
    """What the invitation and its reminder say: one place for both letters."""
    return EmailContext(
        candidate_name=candidate.full_name,
        vacancy_title=vacancy.title,
        company=vacancy.company,
        link=url,
        expires_at=formats.date_format(timezone.localtime(expires_at), "d.m.Y"),
        sender_name=(sender.get_full_name() or sender.get_username()) if sender is not None else "",  # type: ignore[attr-defined]
    )


@transaction.atomic
def application_invite(
    *,
    candidate: Candidate,
    vacancy: Vacancy,
    actor: AbstractBaseUser | None,
    days: int = DEFAULT_LINK_DAYS,
    send_email: bool = False,
    origin: str = ApplicationOrigin.ASSIGNED,
) -> Invitation:
    """Put the candidate on the vacancy (if not yet) and issue a personal interview link,
    e-mailing it when asked and the candidate has an address."""
    application = candidate_services.application_create(
        candidate=candidate, vacancy=vacancy, origin=origin, actor=actor
    )
    issued = links.link_create_for_application(application=application, actor=actor, days=days)
    url = absolute_url(reverse("invite:landing", args=[issued.token]))
    emailed = False
    if send_email and candidate.email:
        email_send(
            kind=EmailKind.INVITATION,
            to=candidate.email,
            language=vacancy.language,
            context=invitation_context(
                candidate=candidate, vacancy=vacancy, url=url, expires_at=issued.link.expires_at, sender=actor
            ),
            refs=EmailRefs(
                candidate_id=candidate.pk,
                application_id=application.pk,
                invite_link_id=issued.link.pk,
                sent_by=actor,
            ),
        )
        emailed = True
    return Invitation(application=application, issued=issued, url=url, emailed=emailed)


@dataclass(frozen=True)
class SelfApplication:
    full_name: str
    email: str
    phone: str
    telegram: str
    city: str


@transaction.atomic
def candidate_self_apply(
    *,
    link: InviteLink,
    data: SelfApplication,
    resume: UploadedFile | None,
    ip_address: str | None,
    user_agent: str,
    consents: Sequence[ConsentShown],
    consent_source: str = "open_link",
) -> Invitation:
    """Someone opened an open vacancy link (the apply page, or the bot's deep link): make
    him a candidate, record the consents he gave to the texts he was shown (``consents``,
    from ``privacy.consents.consent_shown``), store his resume, put him on the vacancy,
    and give him his own personal interview link (the open link is shared; the personal
    one is not). All in one transaction: no candidate exists without his consent.

    Always a new candidate, even when the e-mail is known: an anonymous visitor must
    not be able to attach files or applications to someone else's record by typing his
    address. The candidate page points recruiters to possible duplicates instead.
    """
    vacancy = Vacancy.objects.get(pk=link.vacancy_id)
    candidate = Candidate.objects.create(
        full_name=data.full_name,
        email=data.email,
        phone=data.phone,
        telegram=data.telegram,
        city=data.city,
        source=CandidateSource.TELEGRAM if consent_source == "telegram" else CandidateSource.SELF_APPLIED,
    )
    for shown in consents:
        candidate_services.consent_record(
            candidate=candidate, shown=shown, ip_address=ip_address, user_agent=user_agent, source=consent_source
        )
    if resume is not None:
        candidate_services.candidate_attach_resume_upload(candidate=candidate, upload=resume)
    candidate_services.candidate_update_search_vector(candidate_id=candidate.pk)
    return application_invite(candidate=candidate, vacancy=vacancy, actor=None, origin=ApplicationOrigin.SELF_APPLIED)
