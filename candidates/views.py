from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from candidates import selectors
from hrcrm.roles import staff_required


@staff_required
def candidate_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.candidate_search(query=query), 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "candidates/list.html", {"page": page, "query": query, "section": "candidates"})


@staff_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get_for_user(request.user, pk)
    return TemplateResponse(request, "candidates/detail.html", {"candidate": candidate, "section": "candidates"})
