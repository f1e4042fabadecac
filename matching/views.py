from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.models import Candidate
from hrcrm.roles import staff_required
from matching import services
from matching.selectors import recommended_candidates
from vacancies.selectors import vacancy_get_for_user


@staff_required
@require_POST
def recommended_add(request: HttpRequest, pk: int, candidate_id: int) -> HttpResponse:
    """One click on a recommended candidate: into the vacancy's pipeline as «Рекомендован
    системой». HTMX gets the panel back without him; a plain form goes back to the page."""
    vacancy = vacancy_get_for_user(request.user, pk, write=True)
    candidate = get_object_or_404(Candidate, pk=candidate_id)
    if not vacancy.is_open:
        raise PermissionDenied
    services.recommended_candidate_add(vacancy=vacancy, candidate=candidate, actor=request.user)
    if getattr(request, "htmx", False):
        return TemplateResponse(
            request,
            "matching/recommended_candidates.html#panel",
            {"vacancy": vacancy, "recommended": recommended_candidates(vacancy.pk), "added": candidate},
        )
    messages.success(request, _("Кандидат добавлен в воронку."))
    return redirect("vacancies:detail", pk=vacancy.pk)
