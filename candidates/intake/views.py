"""Upload, batch progress (HTMX polling), parsed resume with flags, merge of duplicates."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.intake import services
from candidates.selectors import candidate_get_for_user
from hrcrm.roles import staff_required

PARTIALS = "candidates/intake/partials.html"


def _batch_context(batch) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {"batch": batch, "resumes": services.batch_resumes(batch), "progress": services.batch_progress(batch)}


def _progress_partial(request: HttpRequest, context: dict) -> HttpResponse:  # type: ignore[type-arg]
    """The batch progress fragment. Once nothing is pending it also fires the
    ``intake-batch-done`` event, so the page around it (the candidates table, the
    candidate's resume block) reloads what the batch changed."""
    response = TemplateResponse(request, f"{PARTIALS}#batch_progress", context)
    if context["progress"].finished:
        response["HX-Trigger"] = "intake-batch-done"
    return response


@staff_required
def upload(request: HttpRequest) -> HttpResponse:
    """GET: the standalone upload page. POST: many files at once → one batch."""
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, _("Выберите хотя бы один файл."))
            return redirect("intake:upload")
        batch = services.upload_batch_create(files=files, actor=request.user)
        if request.htmx:
            return _progress_partial(request, _batch_context(batch))
        return redirect("intake:batch", pk=batch.pk)
    return TemplateResponse(
        request,
        "candidates/intake/upload.html",
        {"recent": services.batches_recent(user=request.user), "section": "candidates"},
    )


@staff_required
@require_POST
def candidate_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or replace the resume of one candidate (the candidate page's widget)."""
    candidate = candidate_get_for_user(request.user, pk, write=True)
    files = request.FILES.getlist("files")[:1]
    if not files:
        messages.error(request, _("Выберите файл."))
        return redirect("candidates:detail", pk=candidate.pk)
    batch = services.upload_batch_create(files=files, actor=request.user, candidate=candidate)
    if request.htmx:
        return _progress_partial(request, _batch_context(batch))
    return redirect("intake:batch", pk=batch.pk)


@staff_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = services.batch_get_for_user(request.user, pk)
    context = {**_batch_context(batch), "section": "candidates"}
    if request.htmx:
        return _progress_partial(request, context)
    return TemplateResponse(request, "candidates/intake/batch.html", context)


@staff_required
def resume_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resume = services.resume_get_for_user(request.user, pk)
    duplicates = services.resume_duplicates(resume)
    return TemplateResponse(
        request,
        "candidates/intake/resume.html",
        {"resume": resume, "duplicates": duplicates, "section": "candidates"},
    )


@staff_required
def merge(request: HttpRequest, keep_pk: int, merge_pk: int) -> HttpResponse:
    keep = candidate_get_for_user(request.user, keep_pk, write=True)
    other = candidate_get_for_user(request.user, merge_pk, write=True)
    if request.method == "POST":
        kept = services.candidate_merge(keep=keep, merge=other, actor=request.user)
        messages.success(request, _("Кандидаты объединены."))
        return redirect("candidates:detail", pk=kept.pk)
    return TemplateResponse(
        request, "candidates/intake/merge.html", {"keep": keep, "other": other, "section": "candidates"}
    )
