from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from hrcrm import selectors
from hrcrm.roles import staff_required


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    stages = selectors.stage_counts()
    return TemplateResponse(
        request,
        "analytics/index.html",
        {"stages": stages, "total": sum(s["count"] for s in stages), "section": "analytics"},
    )
