from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from hrcrm.roles import staff_required

from . import selectors, tables
from .forms import PeriodForm


def _charts(report: selectors.Report) -> dict[str, object]:
    """Only numbers and labels the script needs; the tables carry the rest."""
    a = report.agreement
    return {
        "funnel": {"labels": [r.label for r in report.funnel], "values": [r.reached for r in report.funnel]},
        "stage_time": {
            "labels": [r.label for r in report.stage_times],
            "median": [r.median_hours for r in report.stage_times],
            "p90": [r.p90_hours for r in report.stage_times],
        },
        "sources": {
            "labels": [r.label for r in report.sources],
            "applications": [r.applications for r in report.sources],
            "interviewed": [r.interviewed for r in report.sources],
            "accepted": [r.accepted for r in report.sources],
        },
        "drop_off": {
            "labels": [r.topic or _("без темы") for r in report.drop_off],
            "values": [r.count for r in report.drop_off],
        },
        "agreement": {
            "labels": [_("Совпало с ИИ"), _("Не совпало с ИИ"), _("Ни то ни другое")],
            "values": [a.agreed, a.disagreed, a.neither],
        },
        "i18n": {
            "reached": _("Дошли"),
            "median": _("Медиана, ч"),
            "p90": _("90-й перцентиль, ч"),
            "applications": _("Откликов"),
            "interviewed": _("Прошли собеседование"),
            "accepted": _("Приняты"),
            "abandoned": _("Прервано"),
        },
    }


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    period = form.period()
    report = selectors.report(period)
    query = request.GET.urlencode()
    return TemplateResponse(
        request,
        "analytics/index.html",
        {
            "section": "analytics",
            "form": form,
            "period": period,
            "presets": selectors.PRESETS,
            "report": report,
            "tables": tables.build(report),
            "charts": _charts(report),
            "query": query,
            "has": {
                "stage_time": any(r.count for r in report.stage_times),
                "interviews": report.interviews.total > 0,
                "drop_off": bool(report.drop_off),
                "agreement": report.agreement.total > 0,
                "rejections": bool(report.rejections),
            },
        },
    )


@staff_required
def export_csv(request: HttpRequest, table: str) -> HttpResponse:
    if table not in tables.TABLE_NAMES:
        raise Http404
    period = PeriodForm(request.GET or None).period()
    report = selectors.report(period, parts=frozenset({tables.TABLE_PARTS[table]}))
    data = tables.build(report, only=table)[table]
    filename = f"analytics-{table}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    if period.vacancy_id:
        filename += f"-vacancy{period.vacancy_id}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # BOM: Excel (the usual reader of these files in Russian offices) then reads UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(data.headers)
    writer.writerows([["" if v is None else v for v in row] for row in data.rows])
    return response
