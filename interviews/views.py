from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from hrcrm.roles import staff_required
from interviews.models import Interview


@staff_required
def interview_list(request: HttpRequest) -> HttpResponse:
    qs = Interview.objects.select_related("application__candidate", "application__vacancy")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "interviews/list.html", {"page": page, "section": "interviews"})
