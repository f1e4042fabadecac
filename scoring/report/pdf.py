"""The interview evaluation as a PDF (ReportLab), with the DejaVu fonts shipped in
``static/fonts`` so Cyrillic renders the same on every machine (no system font paths).

``ReportData`` is everything the report shows, gathered once; ``render_evaluation_pdf``
lays it out: header with the recommendation badge, a bar chart of the five criteria,
the summary, each criterion's rationale with its quotes, the must-have table, red flags,
strengths and gaps, the resume match (kept apart from interview scores), interview facts
and the AI notice (provider, model, prompt version; the decision is a person's).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from interviews.integrity import SignalView, signal_views
from interviews.models import IntegritySignal
from scoring.evaluation.schema import CRITERIA, EvaluationResult, Polarity, RequirementStatus

if TYPE_CHECKING:
    from scoring.models import Evaluation

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
INK = colors.HexColor("#18181b")
MUTED = colors.HexColor("#71717a")
BORDER = colors.HexColor("#e4e4e7")
SOFT = colors.HexColor("#f4f4f5")
GREEN, GREEN_BG = colors.HexColor("#15803d"), colors.HexColor("#dcfce7")
BLUE, BLUE_BG = colors.HexColor("#2563eb"), colors.HexColor("#dbeafe")
AMBER, AMBER_BG = colors.HexColor("#b45309"), colors.HexColor("#fef3c7")
RED, RED_BG = colors.HexColor("#dc2626"), colors.HexColor("#fee2e2")
HUMAN = colors.HexColor("#2563eb")  # a person's value beside the AI's
PAGE_W, PAGE_H = A4
MARGIN = 16 * mm
CONTENT_W = PAGE_W - 2 * MARGIN


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont("DejaVu", str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu-Oblique", str(FONT_DIR / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(
        "DejaVu", normal="DejaVu", bold="DejaVu-Bold", italic="DejaVu-Oblique", boldItalic="DejaVu-Bold"
    )


def criterion_labels() -> dict[str, str]:
    return {
        "technical_skills": _("Технические навыки"),
        "experience_relevance": _("Релевантность опыта"),
        "communication": _("Коммуникация"),
        "problem_solving": _("Решение задач"),
        "cultural_fit": _("Культурное соответствие"),
    }


def recommendation_label(value: str) -> str:
    return {
        "strongly_recommend": _("Настоятельно рекомендовать"),
        "recommend": _("Рекомендовать"),
        "consider": _("Рассмотреть"),
        "reject": _("Отказать"),
    }[value]


def status_label(value: str) -> str:
    return {
        "confirmed": _("Подтверждено"),
        "partly": _("Частично"),
        "not_confirmed": _("Не подтверждено"),
        "not_assessed": _("Не проверялось"),
    }[value]


def flag_label(value: str) -> str:
    return {
        "manipulation": _("Манипуляция"),
        "prompt_injection": _("Инъекция промпта"),
        "contradiction_with_resume": _("Расхождение с резюме"),
        "wrong_technical_statement": _("Техническая ошибка"),
        "evasiveness": _("Уклончивость"),
        "keyword_stuffing": _("Слова вакансии без содержания"),
        "self_contradiction": _("Противоречие в ответах"),
    }[value]


_PROVIDER_NAMES = {"yandexgpt": "YandexGPT", "gigachat": "GigaChat", "local": "локальная модель"}


def provenance_text(result: EvaluationResult) -> str:
    """Who prepared the evaluation, in plain words for staff (the engine and prompt codes
    stay in the database and the AI audit log)."""
    p = result.provenance
    if p.provider == "offline":
        return str(_("Оценку подготовили встроенные правила оценки интервью, без языковой модели."))
    name = _PROVIDER_NAMES.get(p.provider, p.provider)
    return str(
        _("Оценку подготовила языковая модель %(name)s (%(model)s), прогонов: %(runs)s.")
        % {"name": name, "model": p.model, "runs": result.runs}
    )


def score_colors(score: int) -> tuple[colors.Color, colors.Color]:
    if score >= 75:
        return GREEN, GREEN_BG
    if score >= 60:
        return BLUE, BLUE_BG
    if score >= 40:
        return AMBER, AMBER_BG
    return RED, RED_BG


RECOMMENDATION_COLORS = {
    "strongly_recommend": (GREEN, GREEN_BG),
    "recommend": (GREEN, GREEN_BG),
    "consider": (AMBER, AMBER_BG),
    "reject": (RED, RED_BG),
}
STATUS_COLORS = {
    RequirementStatus.CONFIRMED: GREEN,
    RequirementStatus.PARTLY: AMBER,
    RequirementStatus.NOT_CONFIRMED: RED,
    RequirementStatus.NOT_ASSESSED: MUTED,
}


@dataclass(frozen=True)
class ReportOverride:
    """A person's value beside the AI's (the latest ``ScoreOverride`` per criterion)."""

    criterion: str  # a criterion name or "recommendation"
    ai_value: str
    value: str
    note: str
    by: str
    at: datetime


@dataclass(frozen=True)
class CombinedQuote:
    interview: str  # "general" or "continuation"
    at: datetime
    quote: str


@dataclass(frozen=True)
class CombinedRow:
    requirement: str
    status: str  # a RequirementStatus value
    source: str  # the interview that decided it: "general", "continuation" or ""
    quotes: tuple[CombinedQuote, ...]


@dataclass(frozen=True)
class CombinedSection:
    """A pool candidate's general interview read together with this one (built by
    ``pool.combined``; the report only lays it out)."""

    family: str
    general_at: datetime
    continuation_at: datetime
    general_stale: bool
    rows: tuple[CombinedRow, ...]


@dataclass(frozen=True)
class ReportData:
    candidate_name: str
    vacancy_title: str
    interview_date: datetime | None
    duration_minutes: float | None
    mode: str
    result: EvaluationResult
    match_score: int | None = None
    evaluated_at: datetime | None = None
    overrides: dict[str, ReportOverride] = field(default_factory=dict)
    combined: CombinedSection | None = None
    # The room's integrity signals (explained when the report is drawn, in its language).
    integrity_signals: tuple[IntegritySignal, ...] = ()

    @classmethod
    def from_evaluation(cls, evaluation: Evaluation) -> ReportData:
        interview = evaluation.interview
        application = evaluation.application
        duration = None
        if interview.started_at and interview.finished_at:
            duration = round((interview.finished_at - interview.started_at).total_seconds() / 60, 1)
        return cls(
            candidate_name=application.candidate.full_name,
            vacancy_title=application.vacancy.title,
            interview_date=interview.finished_at or interview.started_at or interview.created_at,
            duration_minutes=duration,
            mode=interview.get_mode_display(),
            result=evaluation.parsed,
            match_score=application.match_score,
            evaluated_at=evaluation.created_at,
            overrides=_latest_overrides(evaluation),
            integrity_signals=tuple(IntegritySignal.objects.filter(interview=interview)),
        )


def _latest_overrides(evaluation: Evaluation) -> dict[str, ReportOverride]:
    found: dict[str, ReportOverride] = {}
    for row in evaluation.overrides.select_related("overridden_by").order_by("-overridden_at", "-pk"):
        if row.criterion not in found:
            user = row.overridden_by
            found[row.criterion] = ReportOverride(
                criterion=row.criterion,
                ai_value=row.ai_value,
                value=row.value,
                note=row.note,
                by=user.get_full_name() or user.get_username(),
                at=row.overridden_at,
            )
    return found


class _Styles:
    def __init__(self) -> None:
        base = ParagraphStyle("base", fontName="DejaVu", fontSize=9.2, leading=13, textColor=INK)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=7.8, leading=10.5, textColor=MUTED)
        self.title = ParagraphStyle("title", parent=base, fontName="DejaVu-Bold", fontSize=18, leading=22)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=14, textColor=MUTED)
        self.h2 = ParagraphStyle(
            "h2", parent=base, fontName="DejaVu-Bold", fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=5
        )
        self.h3 = ParagraphStyle("h3", parent=base, fontName="DejaVu-Bold", fontSize=9.8, leading=13, spaceAfter=2)
        self.quote = ParagraphStyle(
            "quote", parent=base, fontName="DejaVu-Oblique", fontSize=8.6, leading=11.8, leftIndent=10, textColor=INK
        )
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.4, leading=11.2)
        self.cell_bold = ParagraphStyle("cellb", parent=self.cell, fontName="DejaVu-Bold")
        self.right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _badge(text: str, fg: colors.Color, bg: colors.Color, width: float, height: float = 26) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, rx=height / 2, ry=height / 2, fillColor=bg, strokeColor=fg, strokeWidth=0.8))
    drawing.add(
        String(
            width / 2, height / 2 - 4, text, fontName="DejaVu-Bold", fontSize=10.5, fillColor=fg, textAnchor="middle"
        )
    )
    return drawing


def _bar_chart(result: EvaluationResult) -> Drawing:
    """Five horizontal bars on a 0-100 scale with band guides; with several LLM runs a
    whisker shows each criterion's min-max spread."""
    labels = criterion_labels()
    row, label_w, value_w = 21, 150, 34
    bar_w = CONTENT_W - label_w - value_w
    height = row * len(CRITERIA) + 18
    drawing = Drawing(CONTENT_W, height)
    top = height - 4
    for tick in (0, 25, 50, 75, 100):
        x = label_w + bar_w * tick / 100
        drawing.add(Line(x, 14, x, top, strokeColor=BORDER, strokeWidth=0.5))
        drawing.add(String(x, 3, str(tick), fontName="DejaVu", fontSize=6.5, fillColor=MUTED, textAnchor="middle"))
    for position, name in enumerate(CRITERIA):
        score = getattr(result.criteria, name).score
        y = top - (position + 1) * row + 5
        fg, bg = score_colors(score)
        drawing.add(String(0, y + 4, labels[name], fontName="DejaVu", fontSize=8.6, fillColor=INK))
        drawing.add(Rect(label_w, y, bar_w, 11, fillColor=SOFT, strokeColor=None, rx=2, ry=2))
        drawing.add(Rect(label_w, y, max(2, bar_w * score / 100), 11, fillColor=fg, strokeColor=None, rx=2, ry=2))
        spread = result.spread.get(name)
        if spread and spread.max > spread.min:
            x1, x2 = label_w + bar_w * spread.min / 100, label_w + bar_w * spread.max / 100
            drawing.add(Line(x1, y + 5.5, x2, y + 5.5, strokeColor=INK, strokeWidth=1))
            drawing.add(Line(x1, y + 2, x1, y + 9, strokeColor=INK, strokeWidth=1))
            drawing.add(Line(x2, y + 2, x2, y + 9, strokeColor=INK, strokeWidth=1))
        drawing.add(
            String(CONTENT_W, y + 2, str(score), fontName="DejaVu-Bold", fontSize=10, fillColor=fg, textAnchor="end")
        )
    return drawing


def _date(value: datetime | None) -> str:
    if value is None:
        return "—"
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _header(data: ReportData, st: _Styles) -> Table:
    result = data.result
    fg, bg = RECOMMENDATION_COLORS[result.recommendation.value]
    left = [
        _p(_("Отчёт об интервью"), st.small),
        _p(data.candidate_name, st.title),
        _p(data.vacancy_title, st.subtitle),
        _p(_("Интервью: %(date)s") % {"date": _date(data.interview_date)}, st.small),
    ]
    right = [
        _p(_("Рекомендация ИИ"), ParagraphStyle("r", parent=st.small, alignment=TA_RIGHT)),
        Spacer(1, 3),
        _badge(recommendation_label(result.recommendation.value), fg, bg, 62 * mm),
        Spacer(1, 4),
        Paragraph(
            _("Итог: <b>%(score)s</b> / 100") % {"score": result.overall_score},
            ParagraphStyle("rs", parent=st.body, alignment=TA_RIGHT),
        ),
    ]
    table = Table([[left, right]], colWidths=[CONTENT_W - 66 * mm, 66 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, INK),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ]
        )
    )
    return table


def _evidence_lines(result: EvaluationResult, name: str, st: _Styles) -> list[Paragraph]:
    lines = []
    for item in getattr(result.criteria, name).evidence:
        sign, color = ("+", "#15803d") if item.polarity == Polarity.POSITIVE else ("−", "#dc2626")
        if item.polarity is None:
            sign, color = "•", "#71717a"
        lines.append(
            Paragraph(
                f'<font name="DejaVu-Bold" color="{color}">{sign}</font> «{escape(item.quote)}» '
                f'<font name="DejaVu" color="#71717a" size="7.5">{escape(_("реплика №%(n)s") % {"n": item.turn_index})}'
                "</font>",
                st.quote,
            )
        )
    return lines


def _table(rows: list[list[object]], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, BORDER),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), SOFT), ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED)]
    table.setStyle(TableStyle(style))
    return table


def _requirements(result: EvaluationResult, st: _Styles) -> list[object]:
    if not result.requirements:
        return [_p(_("У вакансии нет обязательных требований."), st.small)]
    rows: list[list[object]] = [
        [_p(_("Требование"), st.cell_bold), _p(_("Статус"), st.cell_bold), _p(_("Обоснование и цитаты"), st.cell_bold)]
    ]
    for req in result.requirements:
        color = STATUS_COLORS[req.status].hexval().replace("0x", "#")
        quotes = "".join(
            f'<br/><font name="DejaVu-Oblique" color="#3f3f46">«{escape(e.quote)}»</font>'
            f'<font color="#71717a" size="7"> №{e.turn_index}</font>'
            for e in req.evidence[:2]
        )
        rows.append(
            [
                _p(req.requirement, st.cell),
                Paragraph(
                    f'<font name="DejaVu-Bold" color="{color}">{escape(status_label(req.status))}</font>', st.cell
                ),
                Paragraph(escape(req.note) + quotes, st.cell),
            ]
        )
    # The status column fits «Подтверждено» in bold on one line (28.9 mm with padding), so
    # no status breaks inside a word; «Не подтверждено» wraps at its space.
    return [_table(rows, [0.3 * CONTENT_W, 0.18 * CONTENT_W, 0.52 * CONTENT_W])]


def _short_date(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def _interview_label(kind: str) -> str:
    return _("общее интервью") if kind == "general" else _("продолжение") if kind == "continuation" else "—"


def _combined(section: CombinedSection, st: _Styles) -> list[object]:
    note = _(
        "Общее интервью «%(family)s» от %(general)s и продолжение по вакансии от %(continuation)s. Где продолжение "
        "требование не проверяло, статус взят из общего интервью; у каждой цитаты — интервью и дата."
    ) % {
        "family": section.family,
        "general": _short_date(section.general_at),
        "continuation": _short_date(section.continuation_at),
    }
    if section.general_stale:
        note += " " + _("Общее интервью старше срока давности: его статусы не засчитаны.")
    rows: list[list[object]] = [
        [_p(_("Требование"), st.cell_bold), _p(_("Итог"), st.cell_bold), _p(_("Цитаты по датам"), st.cell_bold)]
    ]
    for row in section.rows:
        color = STATUS_COLORS[RequirementStatus(row.status)].hexval().replace("0x", "#")
        source = (
            f'<br/><font color="#71717a" size="7">{escape(_interview_label(row.source))}</font>' if row.source else ""
        )
        quotes = "<br/>".join(
            f'<font color="#71717a" size="7">{escape(_interview_label(q.interview))}, {_short_date(q.at)}:</font> '
            f'<font name="DejaVu-Oblique" color="#3f3f46">«{escape(q.quote)}»</font>'
            for q in row.quotes
        )
        rows.append(
            [
                _p(row.requirement, st.cell),
                Paragraph(
                    f'<font name="DejaVu-Bold" color="{color}">{escape(status_label(row.status))}</font>{source}',
                    st.cell,
                ),
                Paragraph(quotes or "—", st.cell),
            ]
        )
    return [_p(note, st.small), Spacer(1, 3), _table(rows, [0.28 * CONTENT_W, 0.17 * CONTENT_W, 0.55 * CONTENT_W])]


def _red_flags(result: EvaluationResult, st: _Styles) -> list[object]:
    if not result.red_flags:
        return [_p(_("Красных флагов не обнаружено."), st.body)]
    rows: list[list[object]] = [[_p(_("Тип"), st.cell_bold), _p(_("Что замечено"), st.cell_bold)]]
    for flag in result.red_flags:
        quotes = "".join(
            f'<br/><font name="DejaVu-Oblique" color="#3f3f46">«{escape(e.quote)}»</font>'
            f'<font color="#71717a" size="7"> №{e.turn_index}</font>'
            for e in flag.evidence[:3]
        )
        color = "#dc2626" if flag.severity == "high" else ("#b45309" if flag.severity == "medium" else "#71717a")
        rows.append(
            [
                Paragraph(f'<font name="DejaVu-Bold" color="{color}">{escape(flag_label(flag.type))}</font>', st.cell),
                Paragraph(escape(flag.description) + quotes, st.cell),
            ]
        )
    return [_table(rows, [0.22 * CONTENT_W, 0.78 * CONTENT_W])]


def _integrity_signals(signals: list[SignalView], st: _Styles) -> list[object]:
    """What the room measured, with the minute of the interview: for a reviewer, not a score."""
    rows: list[list[object]] = [
        [_p(_("Время"), st.cell_bold), _p(_("Сигнал"), st.cell_bold), _p(_("Что измерено"), st.cell_bold)]
    ]
    for signal in signals:
        rows.append([_p(signal.clock, st.cell), _p(signal.label, st.cell), _p(signal.explanation, st.cell)])
    note = _p(
        _(
            "Это наблюдения, а не выводы: оценку ИИ и этап они не меняют. Сверьте с записью и расшифровкой в указанное время."
        ),
        st.small,
    )
    return [note, Spacer(1, 3), _table(rows, [0.1 * CONTENT_W, 0.24 * CONTENT_W, 0.66 * CONTENT_W])]


def _strengths_gaps(result: EvaluationResult, st: _Styles) -> Table:
    def bullets(items: list[str], sign: str, color: str) -> list[Paragraph]:
        if not items:
            return [_p("—", st.cell)]
        return [
            Paragraph(f'<font color="{color}" name="DejaVu-Bold">{sign}</font> {escape(i)}', st.cell) for i in items
        ]

    rows = [
        [_p(_("Сильные стороны"), st.cell_bold), _p(_("Пробелы и риски"), st.cell_bold)],
        [bullets(result.strengths, "+", "#15803d"), bullets(result.gaps, "−", "#dc2626")],
    ]
    table = Table(rows, colWidths=[CONTENT_W / 2, CONTENT_W / 2])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0fdf4")),
                ("BACKGROUND", (1, 0), (1, -1), colors.HexColor("#fef2f2")),
                ("BOX", (0, 0), (0, -1), 0.5, BORDER),
                ("BOX", (1, 0), (1, -1), 0.5, BORDER),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _facts(data: ReportData, st: _Styles) -> Table:
    result = data.result
    duration = _("%(n)s мин") % {"n": f"{data.duration_minutes:g}"} if data.duration_minutes is not None else "—"
    match = f"{data.match_score} / 100" if data.match_score is not None else _("нет данных")
    rows = [
        [
            _p(_("Дата интервью"), st.cell),
            _p(_date(data.interview_date), st.cell),
            _p(_("Длительность"), st.cell),
            _p(duration, st.cell),
        ],
        [
            _p(_("Реплик всего"), st.cell),
            _p(str(result.turn_count), st.cell),
            _p(_("Ответов кандидата"), st.cell),
            _p(str(result.candidate_turn_count), st.cell),
        ],
        [
            _p(_("Формат"), st.cell),
            _p(data.mode, st.cell),
            _p(_("Язык интервью"), st.cell),
            _p(result.language.upper(), st.cell),
        ],
        [
            _p(_("Соответствие резюме вакансии"), st.cell),
            _p(match, st.cell_bold),
            _p(_("Оценка сформирована"), st.cell),
            _p(_date(data.evaluated_at), st.cell),
        ],
    ]
    table = Table(rows, colWidths=[0.25 * CONTENT_W, 0.25 * CONTENT_W, 0.25 * CONTENT_W, 0.25 * CONTENT_W])
    table.setStyle(
        TableStyle(
            [
                ("TEXTCOLOR", (0, 0), (-1, -1), MUTED),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, BORDER),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _ai_notice(result: EvaluationResult, st: _Styles) -> Table:
    text = (
        provenance_text(result)
        + " "
        + _(
            "Каждая цитата проверена по расшифровке интервью; непроверенные цитаты отброшены (%(dropped)s). "
            "Рекомендация ИИ — совещательная: решение о кандидате принимает человек."
        )
        % {"dropped": len(result.dropped_quotes)}
    )
    table = Table([[_p(text, st.small)]], colWidths=[CONTENT_W])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, BORDER),
                ("BACKGROUND", (0, 0), (-1, -1), SOFT),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def _story(data: ReportData) -> list[object]:
    st = _Styles()
    result = data.result
    labels = criterion_labels()
    story: list[object] = [_header(data, st), Spacer(1, 8)]
    human = data.overrides.get("recommendation")
    if human is not None:
        text = _("Рекомендация человека: «%(value)s» (ИИ: «%(ai)s»). %(note)s — %(by)s, %(date)s") % {
            "value": recommendation_label(human.value),
            "ai": recommendation_label(human.ai_value),
            "note": human.note,
            "by": human.by,
            "date": _date(human.at),
        }
        story += [_human_box(text, st), Spacer(1, 6)]
    story += [_p(_("Оценка по критериям"), st.h2), _bar_chart(result), Spacer(1, 6)]
    if result.spread:
        story.append(
            _p(
                _("Устойчивость оценки: отрезки показывают разброс баллов между %(runs)s прогонами модели.")
                % {"runs": result.runs},
                st.small,
            )
        )
    story += [_p(_("Итог"), st.h2), _p(result.summary, st.body)]
    if result.integrity.status == "violation":
        story += [Spacer(1, 5), _flag_box(_("Добросовестность: ") + result.integrity.note, st)]
    story += [_p(_("Критерии подробно"), st.h2)]
    for name in CRITERIA:
        criterion = getattr(result.criteria, name)
        fg, _bg = score_colors(criterion.score)
        title = Paragraph(
            f'{escape(labels[name])} <font color="{fg.hexval().replace("0x", "#")}">— {criterion.score}/100</font>',
            st.h3,
        )
        human_line: list[object] = []
        if name in data.overrides:
            o = data.overrides[name]
            human_line = [
                _human_box(
                    _("Человек: %(value)s вместо %(ai)s у ИИ. %(note)s — %(by)s, %(date)s")
                    % {"value": o.value, "ai": o.ai_value, "note": o.note, "by": o.by, "date": _date(o.at)},
                    st,
                ),
                Spacer(1, 3),
            ]
        story.append(
            KeepTogether(
                [
                    title,
                    *human_line,
                    _p(criterion.rationale, st.body),
                    *_evidence_lines(result, name, st),
                    Spacer(1, 7),
                ]
            )
        )
    story += [CondPageBreak(60 * mm), _p(_("Обязательные требования"), st.h2), *_requirements(result, st)]
    if data.combined is not None:
        story += [CondPageBreak(60 * mm), _p(_("Два интервью вместе"), st.h2), *_combined(data.combined, st)]
    story += [CondPageBreak(40 * mm), _p(_("Красные флаги"), st.h2), *_red_flags(result, st)]
    signals = signal_views(list(data.integrity_signals))
    if signals:
        story += [CondPageBreak(40 * mm), _p(_("Сигналы добросовестности"), st.h2), *_integrity_signals(signals, st)]
    story += [CondPageBreak(50 * mm), _p(_("Сильные стороны и пробелы"), st.h2), _strengths_gaps(result, st)]
    story += [
        CondPageBreak(45 * mm),
        _p(_("Факты интервью"), st.h2),
        _p(_("Соответствие резюме считается отдельно от оценки интервью и в неё не входит."), st.small),
        Spacer(1, 3),
        _facts(data, st),
        Spacer(1, 10),
        _ai_notice(result, st),
    ]
    return story


def _human_box(text: str, st: _Styles) -> Table:
    """A person's value beside the AI's: a blue-ruled box, apart from the AI's text."""
    table = Table([[_p(text, ParagraphStyle("hb", parent=st.body, textColor=INK))]], colWidths=[CONTENT_W])
    table.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, HUMAN),
                ("BACKGROUND", (0, 0), (-1, -1), SOFT),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _flag_box(text: str, st: _Styles) -> Table:
    table = Table([[_p(text, ParagraphStyle("fb", parent=st.body, textColor=RED))]], colWidths=[CONTENT_W])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, RED),
                ("BACKGROUND", (0, 0), (-1, -1), RED_BG),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def render_evaluation_pdf(data: ReportData, *, language: str | None = None) -> bytes:
    """The report as PDF bytes; labels in ``language`` (default: the site language)."""
    register_fonts()
    buffer = io.BytesIO()
    footer = _("HR CRM · отчёт об интервью · %(name)s") % {"name": data.candidate_name}

    def on_page(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("DejaVu", 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 9 * mm, footer)
        canvas.drawRightString(PAGE_W - MARGIN, 9 * mm, _("стр. %(n)s") % {"n": doc.page})
        canvas.restoreState()

    with translation.override(language or settings.LANGUAGE_CODE):
        footer = _("HR CRM · отчёт об интервью · %(name)s") % {"name": data.candidate_name}
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=14 * mm,
            bottomMargin=16 * mm,
            title=_("Отчёт об интервью — %(name)s") % {"name": data.candidate_name},
            author="HR CRM",
        )
        doc.build(_story(data), onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
