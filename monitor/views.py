from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_q.models import Failure

from hrcrm.roles import Role, role_required

from . import selectors, services

admin_required = role_required(Role.ADMIN)


@admin_required
def index(request: HttpRequest) -> HttpResponse:
    context = selectors.monitor(check_providers=request.GET.get("providers") != "0")
    return TemplateResponse(request, "monitor/index.html", {**context, "section": "monitor"})


@admin_required
@require_POST
def failed_retry(request: HttpRequest, task_id: str) -> HttpResponse:
    try:
        services.failed_task_retry(task_id=task_id)
    except Failure.DoesNotExist:
        messages.warning(request, _("Задача уже удалена или перезапущена."))
    else:
        messages.success(request, _("Задача поставлена в очередь снова."))
    return redirect("monitor:index")


@admin_required
@require_POST
def failed_delete(request: HttpRequest, task_id: str) -> HttpResponse:
    services.failed_task_delete(task_id=task_id)
    messages.success(request, _("Задача удалена."))
    return redirect("monitor:index")


@admin_required
@require_POST
def queued_delete(request: HttpRequest, queued_id: int) -> HttpResponse:
    services.queued_task_delete(queued_id=queued_id)
    messages.success(request, _("Задача удалена из очереди."))
    return redirect("monitor:index")
