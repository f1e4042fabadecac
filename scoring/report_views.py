"""Download of the evaluation's PDF report (staff only)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.http import FileResponse, HttpRequest, HttpResponse

from hrcrm.roles import staff_required
from pool.combined import combined_report_pdf
from privacy.access import access_record
from privacy.models import AccessAction
from scoring.selectors import evaluation_get_for_user
from scoring.services import evaluation_report_generate


@staff_required
def evaluation_report(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = evaluation_get_for_user(request.user, pk)
    if not evaluation.report:
        # The task normally renders it right after the evaluation; rendering takes well
        # under a second, so a missing file (task not run yet) is made on the spot.
        evaluation = evaluation_report_generate(evaluation_id=evaluation.pk)
    name = evaluation.application.candidate.full_name
    access_record(
        request,
        candidate_id=evaluation.application.candidate_id,
        action=AccessAction.REPORT,
        object_ref=f"evaluation:{evaluation.pk}",
    )
    # A pool candidate's continuation: the report read together with his general interview,
    # rendered on request (the stored file is this interview's own report).
    combined = combined_report_pdf(evaluation)
    return FileResponse(
        ContentFile(combined) if combined is not None else evaluation.report.open("rb"),
        as_attachment=True,
        filename=f"Отчёт — {name}.pdf",
        content_type="application/pdf",
    )
