from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from candidates.models import Application
from hrcrm.roles import staff_required
from vacancies import selectors


@staff_required
def vacancy_list(request: HttpRequest) -> HttpResponse:
    include_closed = request.GET.get("closed") == "1"
    return TemplateResponse(
        request,
        "vacancies/list.html",
        {
            "vacancies": selectors.vacancy_list(include_closed=include_closed),
            "include_closed": include_closed,
            "section": "vacancies",
        },
    )


@staff_required
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(request.user, pk)
    applications = Application.objects.filter(vacancy=vacancy).select_related("candidate").order_by("stage")
    return TemplateResponse(
        request,
        "vacancies/detail.html",
        {"vacancy": vacancy, "applications": applications, "section": "vacancies"},
    )
