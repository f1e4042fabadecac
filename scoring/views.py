from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from candidates.models import Application
from candidates.pipeline import Stage
from hrcrm.roles import is_admin, staff_required


@staff_required
def decisions(request: HttpRequest) -> HttpResponse:
    """Applications awaiting the hiring manager's decision: his vacancies (all for admins)."""
    qs = Application.objects.filter(stage=Stage.AWAITING_DECISION).select_related("candidate", "vacancy")
    if not is_admin(request.user):
        qs = qs.filter(vacancy__hiring_manager=request.user)
    return TemplateResponse(request, "scoring/decisions.html", {"applications": qs, "section": "decisions"})
