"""The tables shown under the charts, built once from a Report: the page renders them
and the CSV export writes the very same rows, so the two never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from scoring.models import Outcome

from .selectors import Report

# Table -> the report part it is built from (see selectors.report).
TABLE_PARTS = {
    "funnel": "reached",
    "stage_time": "stage_times",
    "sources": "reached",
    "interviews": "interviews",
    "drop_off": "drop_off",
    "agreement": "agreement",
    "rejections": "rejections",
}
TABLE_NAMES = tuple(TABLE_PARTS)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list[object]]


def _outcome(value: str) -> str:
    return str(Outcome(value).label) if value in Outcome.values else _("нет / «рассмотреть»")


def _reason(name: str, name_en: str) -> str:
    if not name:
        return _("без категории")
    return name_en if get_language() == "en" and name_en else name


def build(report: Report, only: str | None = None) -> dict[str, Table]:
    i = report.interviews
    a = report.agreement
    tables = {
        "funnel": Table(
            "funnel",
            _("Воронка"),
            [_("Этап"), _("Дошли"), _("Конверсия из предыдущего, %")],
            [[r.label, r.reached, r.conversion] for r in report.funnel]
            + [[_("Отказано (на любом этапе)"), report.rejected, None]],
        ),
        "stage_time": Table(
            "stage_time",
            _("Время на этапе"),
            [_("Этап"), _("Завершённых пребываний"), _("Медиана, ч"), _("90-й перцентиль, ч")],
            [[r.label, r.count, r.median_hours, r.p90_hours] for r in report.stage_times],
        ),
        "sources": Table(
            "sources",
            _("Источники"),
            [_("Источник"), _("Откликов"), _("Прошли собеседование"), _("Приняты"), _("Приняты, %")],
            [[r.label, r.applications, r.interviewed, r.accepted, r.accepted_pct] for r in report.sources],
        ),
        "interviews": Table(
            "interviews",
            _("Собеседования"),
            [_("Показатель"), _("Значение")],
            [
                [_("Всего назначено"), i.total],
                [_("Начато"), i.started],
                [_("Завершено"), i.completed],
                [_("Прервано"), i.abandoned],
                [_("Сбой"), i.failed],
                [_("Идёт сейчас"), i.in_progress],
                [_("Попросили живого интервьюера"), i.human_requested],
                [_("Средняя длительность завершённых, мин"), i.avg_minutes],
            ],
        ),
        "drop_off": Table(
            "drop_off",
            _("Где прерывают собеседование"),
            [_("Тема последней реплики"), _("Прерванных собеседований")],
            [[r.topic or _("без темы"), r.count] for r in report.drop_off],
        ),
        "agreement": Table(
            "agreement",
            _("Решения менеджера и рекомендация ИИ"),
            [_("Рекомендация ИИ"), _("Решение менеджера"), _("Решений")],
            [[_outcome(r.ai_recommendation), _outcome(r.outcome), r.count] for r in a.rows]
            + [
                [_("Совпало с ИИ"), "", a.agreed],
                [_("Не совпало с ИИ"), "", a.disagreed],
                [_("Ни то ни другое"), "", a.neither],
            ],
        ),
        "rejections": Table(
            "rejections",
            _("Причины отказа"),
            [_("Причина"), _("Отказов")],
            [[_reason(r.reason, r.reason_en), r.count] for r in report.rejections],
        ),
    }
    return {only: tables[only]} if only else tables
