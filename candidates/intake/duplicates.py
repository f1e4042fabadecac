"""The same person uploaded again: found when a resume is stored, before a second
candidate is made (``upload_match``), by what identifies a person with little doubt —
the same e-mail, the same phone, the same name with the same birth date, or nearly the
same resume text. Weaker likenesses (a close name and a shared city) stay suggestions
for a person to merge (``services.candidate_find_duplicates``)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from django.db.models import Q

from candidates.models import Candidate, MergeReason, Resume, ResumeStatus

# Nearly the same text: a re-export of one resume, a fixed typo, a changed date line.
TEXT_SIMILARITY = 0.95
# Resumes compared by text besides those of same-named people: the latest ones of a
# similar length (a resume re-uploaded under a name the parser read differently).
TEXT_NEIGHBOURS = 200

_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_BIRTH_LABEL = r"(?:дата\s+рождения|родил(?:ся|ась)|д\.\s*р\.|date\s+of\s+birth|born|birth\s*date)"
_NUMERIC = re.compile(_BIRTH_LABEL + r"\s*[:\-–]?\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})", re.IGNORECASE)
_WORDS = re.compile(_BIRTH_LABEL + r"\s*[:\-–]?\s*(\d{1,2})\s+([а-яё]+)\s+(\d{4})", re.IGNORECASE)


def birth_date(text: str) -> dt.date | None:
    """The birth date a resume states next to its label («Дата рождения: 12.03.1990»,
    «родился 12 марта 1990», «Date of birth: 12/03/1990»). Used only to tell two
    same-named people apart; never stored and never scored."""
    head = text[:4000]
    match = _NUMERIC.search(head)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _WORDS.search(head)
        if not match:
            return None
        word = match.group(2).lower()
        month = next((n for stem, n in sorted(_MONTHS.items(), key=lambda kv: -len(kv[0])) if word.startswith(stem)), 0)
        day, year = int(match.group(1)), int(match.group(3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("ё", "е"))


def _name_key(name: str) -> str:
    return " ".join(sorted(_words(name)))


def text_similarity(a: str, b: str) -> float:
    """Word-level likeness of two resume texts, 0–1 (cheap bounds first)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    if matcher.real_quick_ratio() < TEXT_SIMILARITY or matcher.quick_ratio() < TEXT_SIMILARITY:
        return 0.0
    return matcher.ratio()


@dataclass(frozen=True)
class UploadMatch:
    candidate: Candidate
    reason: str  # MergeReason


def _same_name(full_name: str) -> list[Candidate]:
    key = _name_key(full_name)
    words = [w for w in key.split() if len(w) > 2]
    if len(words) < 2:  # one word (or a file name) says too little about a person
        return []
    query = Q()
    for word in words:
        query &= Q(full_name__icontains=word)
    return [c for c in Candidate.objects.filter(query)[:50] if _name_key(c.full_name) == key]


def _current_text(candidate_ids: list[int]) -> dict[int, str]:
    rows = Resume.objects.filter(candidate_id__in=candidate_ids, status=ResumeStatus.DONE).order_by(
        "candidate_id", "-is_current", "-processed_at"
    )
    texts: dict[int, str] = {}
    for candidate_id, text in rows.values_list("candidate_id", "extracted_text"):
        texts.setdefault(candidate_id, text)
    return texts


def upload_match(*, email: str, phone: str, full_name: str, text: str, sha256: str = "") -> UploadMatch | None:
    """The existing candidate this newly parsed resume belongs to, and why; None for a
    new person. The oldest candidate wins when several match (the one people know)."""
    if email:
        found = Candidate.objects.filter(email__iexact=email.strip()).order_by("pk").first()
        if found:
            return UploadMatch(found, MergeReason.EMAIL)
    if phone:
        found = Candidate.objects.filter(phone=phone.strip()).order_by("pk").first()
        if found:
            return UploadMatch(found, MergeReason.PHONE)
    namesakes = _same_name(full_name) if full_name else []
    born = birth_date(text)
    texts = _current_text([c.pk for c in namesakes])
    if born is not None:
        for candidate in sorted(namesakes, key=lambda c: c.pk):
            if birth_date(texts.get(candidate.pk, "")) == born:
                return UploadMatch(candidate, MergeReason.NAME_BIRTH)
    if not text.strip():
        return None
    size = len(text)
    others = Resume.objects.filter(status=ResumeStatus.DONE, candidate__isnull=False)
    rows = list(others.order_by("-processed_at").values_list("candidate_id", "extracted_text")[:TEXT_NEIGHBOURS])
    if sha256:  # the very same file, however old
        rows += list(others.filter(sha256=sha256).values_list("candidate_id", "extracted_text")[:5])
    pool: dict[int, str] = dict(texts)
    for candidate_id, other in rows:
        if other and abs(len(other) - size) <= size * (1 - TEXT_SIMILARITY) + 20:
            pool.setdefault(candidate_id, other)
    for candidate_id in sorted(pool):
        if text_similarity(text, pool[candidate_id]) >= TEXT_SIMILARITY:
            found = Candidate.objects.filter(pk=candidate_id).first()
            if found is not None:
                return UploadMatch(found, MergeReason.TEXT)
    return None
