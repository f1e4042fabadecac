"""Actions on many candidates at once, from the candidates table: move to a stage,
reject with a reason category, invite to a vacancy, tag, export CSV; and saved filters.
The Kanban board ticks cards, which are applications: ``board_selection`` turns them
into the same candidates-per-vacancy calls.

Every stage change goes through ``services.application_move_to_stage`` (the one place
that checks the transition table and writes the history), one application at a time in
its own transaction: one candidate who cannot move (no application to that vacancy, a
move the pipeline forbids) is reported and the others still move.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from candidates import services
from candidates.models import Application, Candidate, RejectionReason, SavedFilter, Tag
from candidates.pipeline import Stage
from candidates.selectors import CandidateFilters

MAX_SELECTED = 500


class BulkError(Exception):
    """The whole action cannot run (shown to the person as is)."""


@dataclass
class BulkOutcome:
    done: int = 0
    problems: list[str] = field(default_factory=list)  # «Name: why», one per skipped candidate


def _candidates(ids: Iterable[int]) -> list[Candidate]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise BulkError(_("Отметьте хотя бы одного кандидата."))
    if len(ids) > MAX_SELECTED:
        raise BulkError(_("За один раз можно обработать не больше %(n)s кандидатов.") % {"n": MAX_SELECTED})
    return list(Candidate.objects.filter(pk__in=ids).order_by("full_name", "pk"))


def _applications(candidates: list[Candidate], vacancy_id: int | None) -> dict[int, Application]:
    if vacancy_id is None:
        raise BulkError(_("Выберите вакансию: этап меняется у отклика на конкретную вакансию."))
    rows = Application.objects.filter(candidate__in=candidates, vacancy_id=vacancy_id)
    return {a.candidate_id: a for a in rows}


def bulk_move(
    *, candidate_ids: Iterable[int], vacancy_id: int | None, to_stage: str, actor: AbstractBaseUser
) -> BulkOutcome:
    """Move each selected candidate's application to ``vacancy_id`` into ``to_stage``."""
    if to_stage not in Stage.values or to_stage == Stage.REJECTED:
        raise BulkError(_("Выберите этап (для отказа — действие «Отказать»)."))
    candidates = _candidates(candidate_ids)
    applications = _applications(candidates, vacancy_id)
    outcome = BulkOutcome()
    for candidate in candidates:
        application = applications.get(candidate.pk)
        if application is None:
            outcome.problems.append(_("%(name)s: нет отклика на эту вакансию") % {"name": candidate.full_name})
            continue
        try:
            services.application_move_to_stage(application_id=application.pk, to_stage=to_stage, actor=actor)
        except services.PipelineError as error:
            outcome.problems.append(f"{candidate.full_name}: {error}")
            continue
        outcome.done += 1
    return outcome


def bulk_reject(
    *,
    candidate_ids: Iterable[int],
    vacancy_id: int | None,
    reason_id: int | None,
    comment: str,
    actor: AbstractBaseUser,
) -> BulkOutcome:
    """Reject each selected candidate on ``vacancy_id`` with a reason category (and an
    optional comment); the category is kept on the application for analytics."""
    reason = RejectionReason.objects.filter(pk=reason_id, is_active=True).first() if reason_id else None
    if reason is None:
        raise BulkError(_("Выберите причину отказа."))
    candidates = _candidates(candidate_ids)
    applications = _applications(candidates, vacancy_id)
    text = f"{reason.name}. {comment.strip()}" if comment.strip() else reason.name
    outcome = BulkOutcome()
    for candidate in candidates:
        application = applications.get(candidate.pk)
        if application is None:
            outcome.problems.append(_("%(name)s: нет отклика на эту вакансию") % {"name": candidate.full_name})
            continue
        try:
            with transaction.atomic():
                services.application_move_to_stage(
                    application_id=application.pk, to_stage=Stage.REJECTED, actor=actor, comment=text
                )
                Application.objects.filter(pk=application.pk).update(rejection_category=reason)
        except services.PipelineError as error:
            outcome.problems.append(f"{candidate.full_name}: {error}")
            continue
        outcome.done += 1
    return outcome


def bulk_invite(*, candidate_ids: Iterable[int], vacancy_id: int | None, actor: AbstractBaseUser) -> BulkOutcome:
    """Invite each selected candidate to the vacancy: one personal link each, e-mailed
    when the candidate has an address (the others are listed to be sent by hand)."""
    from vacancies import services as vacancy_services
    from vacancies.models import Vacancy, VacancyStatus

    vacancy = Vacancy.objects.filter(pk=vacancy_id, status=VacancyStatus.OPEN).first() if vacancy_id else None
    if vacancy is None:
        raise BulkError(_("Выберите открытую вакансию для приглашения."))
    outcome = BulkOutcome()
    for candidate in _candidates(candidate_ids):
        # An existing application to the vacancy is kept; the link is new.
        invitation = vacancy_services.application_invite(
            candidate=candidate, vacancy=vacancy, actor=actor, send_email=True
        )
        outcome.done += 1
        if not invitation.emailed:
            outcome.problems.append(
                _("%(name)s: ссылка создана, но письмо не отправлено — нет e-mail") % {"name": candidate.full_name}
            )
    return outcome


@dataclass(frozen=True)
class BoardSelection:
    """Ticked board cards (applications) as the table's actions take them."""

    by_vacancy: dict[int, list[int]]  # vacancy id -> candidate ids

    @property
    def candidate_ids(self) -> list[int]:
        return list(dict.fromkeys(pk for ids in self.by_vacancy.values() for pk in ids))


def board_selection(*, application_ids: Iterable[int], actor: AbstractBaseUser) -> BoardSelection:
    """The ticked cards the person may act on, grouped by vacancy."""
    from candidates.scope import applications_visible

    ids = list(dict.fromkeys(application_ids))
    if not ids:
        raise BulkError(_("Отметьте хотя бы одного кандидата."))
    if len(ids) > MAX_SELECTED:
        raise BulkError(_("За один раз можно обработать не больше %(n)s кандидатов.") % {"n": MAX_SELECTED})
    rows = applications_visible(actor, Application.objects.filter(pk__in=ids)).values_list("vacancy_id", "candidate_id")
    by_vacancy: dict[int, list[int]] = {}
    for vacancy_id, candidate_id in rows.order_by("vacancy_id", "pk"):
        by_vacancy.setdefault(vacancy_id, []).append(candidate_id)
    if not by_vacancy:
        raise BulkError(_("Отметьте хотя бы одного кандидата."))
    return BoardSelection(by_vacancy=by_vacancy)


def for_each_vacancy(selection: BoardSelection, action: Callable[[list[int], int], BulkOutcome]) -> BulkOutcome:
    """Run a per-vacancy action (move, reject) on each vacancy's ticked cards; one outcome."""
    total = BulkOutcome()
    for vacancy_id, candidate_ids in selection.by_vacancy.items():
        outcome = action(candidate_ids, vacancy_id)
        total.done += outcome.done
        total.problems += outcome.problems
    return total


def bulk_tag(*, candidate_ids: Iterable[int], name: str) -> BulkOutcome:
    name = " ".join(name.split())[:60]
    if not name:
        raise BulkError(_("Введите метку."))
    candidates = _candidates(candidate_ids)
    tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
    tag.candidates.add(*candidates)
    return BulkOutcome(done=len(candidates))


CSV_COLUMNS = ("ФИО", "E-mail", "Телефон", "Город", "Желаемая должность", "Навыки", "Метки", "Вакансии и этапы")


def export_csv(*, candidate_ids: Iterable[int]) -> str:
    """The selected candidates as CSV (UTF-8 with BOM, «;»: Excel in Russia opens it
    as is)."""
    candidates = _candidates(candidate_ids)
    rows = (
        Candidate.objects.filter(pk__in=[c.pk for c in candidates])
        .prefetch_related("tags", "applications__vacancy")
        .order_by("full_name", "pk")
    )
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for c in rows:
        writer.writerow(
            [
                c.full_name,
                c.email,
                c.phone,
                c.city,
                c.desired_position,
                ", ".join(c.skills),
                ", ".join(t.name for t in c.tags.all()),
                "; ".join(f"{a.vacancy.title} — {a.get_stage_display()}" for a in c.applications.all()),
            ]
        )
    return out.getvalue()


def saved_filter_save(*, user: AbstractBaseUser, name: str, query: str) -> SavedFilter:
    name = " ".join(name.split())[:80]
    if not name:
        raise BulkError(_("Назовите фильтр."))
    # Kept as the table's own query string, re-encoded (only its parameters survive).
    filters = CandidateFilters.from_query(QueryDict(query[:1000]))
    if not filters.active:
        raise BulkError(_("Сначала задайте фильтры."))
    saved, _created = SavedFilter.objects.update_or_create(
        user=user, name=name, defaults={"query": filters.query_string()}
    )
    return saved


def saved_filter_delete(*, user: AbstractBaseUser, pk: int) -> None:
    SavedFilter.objects.filter(user=user, pk=pk).delete()
