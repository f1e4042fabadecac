"""Consent documents (versioned texts) and each candidate's consents to them.

Every page that asks for consent shows ``current_document(purpose)`` and records the
answer with ``consent_give``; ``consent_is_active`` is the one check of "may we process".
A withdrawal is appended as a ``ConsentRecord`` with ``granted=False``, so the history
stays complete (152-ФЗ art. 9: the operator proves consent was given). Rows are written
by ``candidates.services.consent_record`` only (the CRM core's self-registration records
the texts a page shows it, ``consent_shown``, without importing this app).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from candidates.models import Candidate, ConsentRecord
from candidates.services import ConsentShown, consent_record
from interviews.live import interviews_stop_for_candidate
from privacy.models import ConsentDocument, ConsentPurpose

# Built-in texts: what the first migration publishes, and what is shown if the table was
# emptied (a consent is still recorded with its text and version, so nothing is lost).
DEFAULT_VERSION = "2026-11"
DEFAULT_TEXTS: dict[str, tuple[str, str]] = {
    ConsentPurpose.PROCESSING: (
        "Я даю согласие на обработку моих персональных данных (ФИО, контакты, резюме, запись и "
        "расшифровка интервью) в целях рассмотрения моей кандидатуры на вакансии в соответствии "
        "с Федеральным законом № 152-ФЗ «О персональных данных». Данные хранятся не дольше, чем "
        "нужно для подбора, и не передаются третьим лицам. Согласие можно отозвать, написав "
        "рекрутеру. Интервью проводит ИИ-ассистент, окончательное решение принимает человек.",
        "I consent to the processing of my personal data (full name, contacts, resume, interview "
        "recording and transcript) for the purpose of considering my application for vacancies, in "
        'accordance with Russian Federal Law No. 152-FZ "On Personal Data". The data are kept no '
        "longer than recruiting requires and are not passed to third parties. I can withdraw consent "
        "by writing to the recruiter. The interview is conducted by an AI assistant; the final "
        "decision is made by a person.",
    ),
    ConsentPurpose.TALENT_POOL: (
        "Я согласен(на), чтобы мои персональные данные (ФИО, контакты, резюме, результаты интервью) "
        "хранились в кадровом резерве после окончания подбора на эту вакансию, чтобы мне могли "
        "предложить другие вакансии. Согласие действует до его отзыва; отозвать его можно в любой "
        "момент по ссылке из приглашения.",
        "I agree that my personal data (full name, contacts, resume, interview results) are kept in "
        "the talent pool after recruiting for this vacancy ends, so that I can be offered other "
        "vacancies. The consent is valid until withdrawn; I can withdraw it at any time using the "
        "link from the invitation.",
    ),
}


def current_document(purpose: str) -> ConsentDocument:
    """The newest published version for ``purpose`` (an unsaved built-in one if none)."""
    document = (
        ConsentDocument.objects.filter(purpose=purpose, published_at__lte=timezone.now())
        .order_by("-published_at", "-pk")
        .first()
    )
    if document is not None:
        return document
    text_ru, text_en = DEFAULT_TEXTS[purpose]
    return ConsentDocument(purpose=purpose, version=DEFAULT_VERSION, text_ru=text_ru, text_en=text_en)


def current_text(purpose: str) -> str:
    return current_document(purpose).text_for(get_language())


def consent_shown(purpose: str) -> ConsentShown:
    """The current version of ``purpose`` as a page shows it (in the active language)."""
    document = current_document(purpose)
    return ConsentShown(purpose=purpose, text=document.text_for(get_language()), version=document.version)


def consent_give(
    *, candidate: Candidate, purpose: str, ip_address: str | None, user_agent: str, source: str
) -> ConsentRecord:
    """Record consent to the current version of ``purpose``, with the text as shown."""
    return consent_record(
        candidate=candidate, shown=consent_shown(purpose), ip_address=ip_address, user_agent=user_agent, source=source
    )


def consent_withdraw(
    *, candidate: Candidate, purpose: str, ip_address: str | None, user_agent: str, source: str
) -> ConsentRecord | None:
    """Append a withdrawal of ``purpose``; None when there was nothing active to withdraw."""
    last = _latest(candidate.pk, purpose)
    if last is None or not last.granted:
        return None
    if purpose == ConsentPurpose.PROCESSING:
        # Processing stops at once: once committed, the candidate's running interviews
        # stop and their open sockets close (privacy sits above interviews: a direct call).
        candidate_id = candidate.pk
        transaction.on_commit(lambda: interviews_stop_for_candidate(candidate_id=candidate_id))
    return consent_record(
        candidate=candidate,
        shown=ConsentShown(purpose=purpose, text=last.text, version=last.text_version),
        granted=False,
        ip_address=ip_address,
        user_agent=user_agent,
        source=source,
    )


def _latest(candidate_id: int, purpose: str) -> ConsentRecord | None:
    return (
        ConsentRecord.objects.filter(candidate_id=candidate_id, purpose=purpose).order_by("-created_at", "-pk").first()
    )


def consent_is_active(candidate_id: int, purpose: str, *, current_version: bool = True) -> bool:
    """The candidate's latest answer for ``purpose`` is a consent (to the current version
    of the text, unless ``current_version=False``: the talent pool keeps a person whose
    consent was given to an older wording until he withdraws it)."""
    last = _latest(candidate_id, purpose)
    if last is None or not last.granted:
        return False
    return not current_version or last.text_version == current_document(purpose).version


# --- the talent pool's term -------------------------------------------------------------------

# ``ConsentRecord.source`` of the record the retention run appends when the term ran out.
TERM_EXPIRED = "term_expired"


def talent_pool_term() -> timedelta:
    """How long a talent-pool consent counts from when it was given."""
    return timedelta(days=settings.TALENT_POOL_CONSENT_DAYS)


def talent_pool_in_force(candidate_id: int, *, now: datetime | None = None) -> bool:
    """The latest talent-pool answer is a consent (to any wording) given within the term."""
    last = _latest(candidate_id, ConsentPurpose.TALENT_POOL)
    return last is not None and last.granted and last.created_at >= (now or timezone.now()) - talent_pool_term()


def talent_pool_expired_ids(*, now: datetime | None = None) -> list[int]:
    """Candidates whose latest talent-pool answer is a consent older than the term."""
    latest = ConsentRecord.objects.filter(candidate=OuterRef("pk"), purpose=ConsentPurpose.TALENT_POOL).order_by(
        "-created_at", "-pk"
    )
    return list(
        Candidate.objects.annotate(
            pool_granted=Subquery(latest.values("granted")[:1]), pool_given_at=Subquery(latest.values("created_at")[:1])
        )
        .filter(pool_granted=True, pool_given_at__lt=(now or timezone.now()) - talent_pool_term())
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def talent_pool_expire(*, now: datetime | None = None) -> list[int]:
    """Record the end of every talent-pool consent past its term (a record like a
    withdrawal, ``source=TERM_EXPIRED``, so the history says why it ended); returns whose.
    A second run finds nothing: the latest answer is no longer a consent."""
    expired = []
    for candidate in Candidate.objects.filter(pk__in=talent_pool_expired_ids(now=now)).order_by("pk"):
        if consent_withdraw(
            candidate=candidate, purpose=ConsentPurpose.TALENT_POOL, ip_address=None, user_agent="", source=TERM_EXPIRED
        ):
            expired.append(candidate.pk)
    return expired


def talent_pool_recently_expired(*, days: int = 30) -> list[ConsentRecord]:
    """Expiry records of the last ``days`` whose person has not consented again since,
    newest first (the pool page tells the recruiter who left)."""
    records = (
        ConsentRecord.objects.filter(
            purpose=ConsentPurpose.TALENT_POOL,
            source=TERM_EXPIRED,
            granted=False,
            created_at__gte=timezone.now() - timedelta(days=days),
        )
        .select_related("candidate")
        .order_by("-created_at", "-pk")
    )
    return [
        r for r in records if not consent_is_active(r.candidate_id, ConsentPurpose.TALENT_POOL, current_version=False)
    ]
