"""E-mails to candidates from the admin-editable ``EmailTemplate``s.

Rendering uses Django's template engine on the stored text with autoescape off (plain
text mail) and a fixed, typed context, so an edited template cannot reach anything
but these values. Sending happens after the surrounding transaction commits.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context, Engine

from hrcrm.email_defaults import DEFAULTS
from hrcrm.models import EmailKind, EmailTemplate


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


def email_send(*, kind: EmailKind, to: str, language: str, context: EmailContext) -> RenderedEmail:
    """Render now (so template errors surface to the person who clicked), send after commit."""
    rendered = email_render(kind=kind, language=language, context=context)
    message = EmailMessage(
        subject=rendered.subject, body=rendered.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
    transaction.on_commit(lambda: message.send(fail_silently=False))
    return rendered


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def email_check(text: str, context: EmailContext) -> str:
    """Render ``text`` once with a sample context; raises TemplateSyntaxError if broken."""
    return _ENGINE.from_string(text).render(Context(asdict(context), autoescape=False))
