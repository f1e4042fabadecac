from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from hrcrm.roles import staff_required
from interviews.access import LinkError, interview_for_token
from interviews.models import Interview


@staff_required
def interview_list(request: HttpRequest) -> HttpResponse:
    qs = Interview.objects.select_related("application__candidate", "application__vacancy")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return TemplateResponse(request, "interviews/list.html", {"page": page, "section": "interviews"})


@login_not_required
@never_cache
def room(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's interview room. Until the interview engine lands this page only
    says the room is being prepared; it already checks the token and the consent."""
    from vacancies.public_views import client_ip, has_consent, link_error_response

    try:
        interview = interview_for_token(token, client_ip=client_ip(request))
    except LinkError as error:
        return link_error_response(request, error)
    if not has_consent(interview.application.candidate_id):
        return redirect("invite:landing", token=token)
    return TemplateResponse(
        request, "interviews/room.html", {"interview": interview, "vacancy": interview.application.vacancy}
    )
