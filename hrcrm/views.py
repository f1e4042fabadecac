from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from hrcrm import pages
from hrcrm.roles import staff_required


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "home.html", pages.dashboard(user=request.user))


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the process answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors: the database may be what failed.
    return HttpResponse(loader.render_to_string("errors/500.html"), status=500)
