"""E-mails to candidates from the admin-editable ``EmailTemplate``s.

Rendering uses Django's template engine on the stored text with autoescape off (plain
text mail) and a fixed, typed context, so an edited template cannot reach anything
but these values. Every e-mail is recorded in ``EmailLog`` (the candidate page shows
them as «Письма»); sending happens after the surrounding transaction commits, and an
SMTP failure is logged and stored on the record instead of breaking the person's click.
"""

from __future__ import annotations

import logging
import smtplib
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context, Engine
from django.utils import timezone

from hrcrm.email_defaults import DEFAULTS
from hrcrm.models import EmailKind, EmailLog, EmailStatus, EmailTemplate

logger = logging.getLogger(__name__)

LINK_MASK = "[личная ссылка — не хранится]"


@dataclass(frozen=True)
class EmailContext:
    candidate_name: str
    vacancy_title: str
    company: str = ""
    link: str = ""
    expires_at: str = ""
    comment: str = ""
    sender_name: str = ""


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str


@dataclass(frozen=True)
class EmailRefs:
    """What an e-mail is about, for the log (all optional: an admin's test mail has none)."""

    candidate_id: int | None = None
    application_id: int | None = None
    invite_link_id: int | None = None
    reminder_link_id: int | None = None
    sent_by: Any = None  # the person who clicked; None = the system


# A bare engine: no template loaders, so an edited e-mail cannot {% include %} or
# {% extends %} other templates of the site; plain text, so no HTML escaping.
_ENGINE = Engine(autoescape=False)


def email_render(*, kind: EmailKind, language: str, context: EmailContext) -> RenderedEmail:
    # get_or_create: a deleted or never-seeded template falls back to the default text.
    template, _ = EmailTemplate.objects.get_or_create(kind=kind, defaults=DEFAULTS[kind])
    english = language == "en"
    subject_text = template.subject_en if english else template.subject_ru
    body_text = template.body_en if english else template.body_ru
    ctx = Context(asdict(context), autoescape=False)
    subject = " ".join(_ENGINE.from_string(subject_text).render(ctx).split())  # headers are one line
    return RenderedEmail(subject=subject, body=_ENGINE.from_string(body_text).render(ctx).strip() + "\n")


def email_send(
    *,
    kind: EmailKind,
    to: str,
    language: str,
    context: EmailContext,
    refs: EmailRefs | None = None,
    rendered: RenderedEmail | None = None,
) -> EmailLog:
    """Render now (so template errors surface to the person who clicked), record, send
    after commit. ``rendered`` is a text the person has already seen and edited."""
    if rendered is None:
        rendered = email_render(kind=kind, language=language, context=context)
    refs = refs or EmailRefs()
    # Invite links are stored only as hashes so that a database leak opens nothing; the
    # log keeps the letter with the link masked, the real text goes only to the backend.
    stored_body = rendered.body.replace(context.link, LINK_MASK) if context.link else rendered.body
    log = EmailLog.objects.create(
        kind=kind,
        to=to,
        language="en" if language == "en" else "ru",
        subject=" ".join(rendered.subject.split())[:300],  # a header is one line
        body=stored_body,
        candidate_id=refs.candidate_id,
        application_id=refs.application_id,
        invite_link_id=refs.invite_link_id,
        reminder_link_id=refs.reminder_link_id,
        sent_by=refs.sent_by,
    )
    body = rendered.body
    transaction.on_commit(lambda: email_deliver(log_id=log.pk, body=body))
    return log


def email_deliver(*, log_id: int, body: str | None = None) -> EmailLog:
    """Hand one recorded e-mail to the mail backend and store the outcome. A refused or
    unreachable SMTP server is logged and marked on the record (the candidate page shows
    it), not raised: the decision or invitation it belongs to is already saved."""
    log = EmailLog.objects.get(pk=log_id)
    if log.status == EmailStatus.SENT:
        return log
    message = EmailMessage(
        subject=log.subject, body=body or log.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[log.to]
    )
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        logger.exception("E-mail %s (%s) to %s was not sent", log.pk, log.kind, log.to)
        log.status, log.error = EmailStatus.FAILED, f"{type(error).__name__}: {error}"[:2000]
        log.save(update_fields=["status", "error"])
        return log
    log.status, log.sent_at, log.error = EmailStatus.SENT, timezone.now(), ""
    log.save(update_fields=["status", "sent_at", "error"])
    return log


# Scheme and host of the request being answered (set by RequestOriginMiddleware).
request_origin: ContextVar[str] = ContextVar("request_origin", default="")


def absolute_url(path: str) -> str:
    """``SITE_URL`` when set; else the address of the page being answered; else (a
    background task without a configured address) the local development address."""
    base = settings.SITE_URL or request_origin.get() or settings.LOCAL_SITE_URL
    return base.rstrip("/") + path


def email_check(text: str, context: EmailContext) -> str:
    """Render ``text`` once with a sample context; raises TemplateSyntaxError if broken."""
    return _ENGINE.from_string(text).render(Context(asdict(context), autoescape=False))
