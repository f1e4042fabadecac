"""Analytics numbers against a small hand-made history with hand-computed answers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from analytics import selectors
from candidates.models import Application, CandidateSource, StageChange
from candidates.pipeline import Stage
from interviews.models import Interview, InterviewStatus, Turn
from scoring.models import Decision
from tests import factories as f

NOW = timezone.now().replace(microsecond=0)


def _history(app: Application, created: dt.datetime, steps: list[tuple[str, float]]) -> None:
    """Replace the application's history: it is created at ``created`` and enters each
    stage ``hours`` after the previous step."""
    StageChange.objects.filter(application=app).delete()
    at = created
    rows = [StageChange(application=app, from_stage="", to_stage=Stage.INVITED)]
    times = [at]
    prev = Stage.INVITED
    for stage, hours in steps:
        at = at + dt.timedelta(hours=hours)
        rows.append(StageChange(application=app, from_stage=prev, to_stage=stage))
        times.append(at)
        prev = stage
    for row, when in zip(StageChange.objects.bulk_create(rows), times, strict=True):
        StageChange.objects.filter(pk=row.pk).update(created_at=when)
    Application.objects.filter(pk=app.pk).update(stage=prev, created_at=created)


@pytest.fixture
def world(manager):
    """Vacancy A: five applications 10 days ago; vacancy B: one; one too old to count.

    a1 hh:       invited -(2h)-> interviewing -(1h)-> evaluating -(3h)-> awaiting -(5h)-> accepted
    a2 hh:       invited -(4h)-> interviewing -(1h)-> evaluating -(5h)-> awaiting -(1h)-> rejected
    a3 referral: invited -(6h)-> interviewing -(2h)-> rejected
    a4 upload:   invited -(8h)-> rejected
    a5 upload:   invited (still)
    b1 referral (vacancy B): invited -(10h)-> interviewing
    old upload (200 days ago): invited -(1h)-> interviewing
    """
    vac_a, vac_b = f.vacancy(title="A"), f.vacancy(title="B")
    created = NOW - dt.timedelta(days=10)

    def app(vac, source, steps, when=created):
        a = f.application(cand=f.candidate(source=source), vac=vac)
        _history(a, when, steps)
        return a

    a1 = app(
        vac_a,
        CandidateSource.HH,
        [(Stage.INTERVIEWING, 2), (Stage.EVALUATING, 1), (Stage.AWAITING_DECISION, 3), (Stage.ACCEPTED, 5)],
    )
    a2 = app(
        vac_a,
        CandidateSource.HH,
        [(Stage.INTERVIEWING, 4), (Stage.EVALUATING, 1), (Stage.AWAITING_DECISION, 5), (Stage.REJECTED, 1)],
    )
    a3 = app(vac_a, CandidateSource.REFERRAL, [(Stage.INTERVIEWING, 6), (Stage.REJECTED, 2)])
    app(vac_a, CandidateSource.UPLOAD, [(Stage.REJECTED, 8)])
    app(vac_a, CandidateSource.UPLOAD, [])
    b1 = app(vac_b, CandidateSource.REFERRAL, [(Stage.INTERVIEWING, 10)])
    old = app(vac_a, CandidateSource.UPLOAD, [(Stage.INTERVIEWING, 1)], when=NOW - dt.timedelta(days=200))

    def interview(a, status, minutes=None, topics=(), human=False):
        start = created + dt.timedelta(hours=3)
        iv = Interview.objects.create(
            application=a,
            status=status,
            started_at=start if status != InterviewStatus.PENDING else None,
            finished_at=start + dt.timedelta(minutes=minutes) if minutes is not None else None,
            human_requested_at=start if human else None,
        )
        for i, topic in enumerate(topics):
            Turn.objects.create(interview=iv, index=i, speaker="interviewer", text="?", topic=topic)
        return iv

    interview(a1, InterviewStatus.COMPLETED, minutes=20, topics=["intro", "python"])
    interview(a2, InterviewStatus.COMPLETED, minutes=30, topics=["intro"])
    interview(a3, InterviewStatus.ABANDONED, topics=["intro", "sql", "salary"], human=True)
    interview(a3, InterviewStatus.ABANDONED, topics=["intro", "salary"])
    interview(b1, InterviewStatus.ABANDONED, topics=["sql"])
    interview(b1, InterviewStatus.IN_PROGRESS, topics=["intro"])
    interview(old, InterviewStatus.ABANDONED, topics=["python"])

    def decide(a, outcome, ai, agreed):
        return Decision.objects.create(
            application=a, outcome=outcome, ai_recommendation=ai, agreed_with_ai=agreed, decided_by=manager
        )

    first = decide(a1, "reject", "accept", False)  # re-decided later: only the latest counts
    Decision.objects.filter(pk=first.pk).update(decided_at=NOW - dt.timedelta(days=2))
    decide(a1, "accept", "accept", True)
    decide(a2, "reject", None, None)  # the AI said «consider»
    decide(a3, "reject", "accept", False)
    decide(old, "accept", "accept", True)
    return {"a": vac_a, "b": vac_b}


def _last_90() -> selectors.Period:
    return selectors.default_period()


@pytest.mark.django_db
def test_funnel_counts_stages_reached_and_conversion(world) -> None:
    report = selectors.report(_last_90())
    assert report.applications == 6
    assert [(r.stage, r.reached, r.conversion) for r in report.funnel] == [
        ("invited", 6, None),
        ("interviewing", 4, 66.7),
        ("evaluating", 2, 50.0),
        ("awaiting_decision", 2, 100.0),
        ("accepted", 1, 50.0),
    ]
    assert report.rejected == 3


@pytest.mark.django_db
def test_time_in_stage_median_and_p90_of_finished_stays(world) -> None:
    times = {r.stage: (r.count, r.median_hours, r.p90_hours) for r in selectors.report(_last_90()).stage_times}
    # invited: 2, 4, 6, 8, 10 h -> median 6, p90 = 8 + 0.6 * 2 = 9.2 (linear interpolation)
    assert times["invited"] == (5, 6.0, 9.2)
    # interviewing: 1, 1, 2 -> median 1, p90 = 1 + 0.8 * 1 = 1.8 (b1 is still there: not counted)
    assert times["interviewing"] == (3, 1.0, 1.8)
    assert times["evaluating"] == (2, 4.0, 4.8)  # 3, 5
    assert times["awaiting_decision"] == (2, 3.0, 4.6)  # 5, 1


@pytest.mark.django_db
def test_sources(world) -> None:
    rows = {r.source: (r.applications, r.interviewed, r.accepted) for r in selectors.report(_last_90()).sources}
    assert rows == {"upload": (2, 0, 0), "hh": (2, 2, 1), "referral": (2, 2, 0)}


@pytest.mark.django_db
def test_interview_statistics_and_drop_off(world) -> None:
    report = selectors.report(_last_90())
    i = report.interviews
    assert (i.total, i.started, i.completed, i.abandoned, i.in_progress, i.human_requested) == (6, 6, 2, 3, 1, 1)
    assert i.avg_minutes == 25.0
    assert [(r.topic, r.count) for r in report.drop_off] == [("salary", 2), ("sql", 1)]


@pytest.mark.django_db
def test_agreement_uses_latest_decision_and_consider_is_neither(world) -> None:
    a = selectors.report(_last_90()).agreement
    assert (a.agreed, a.disagreed, a.neither, a.agreed_pct) == (1, 1, 1, 50.0)
    assert [(r.ai_recommendation, r.outcome, r.count) for r in a.rows] == [
        ("accept", "accept", 1),
        ("accept", "reject", 1),
        ("", "reject", 1),
    ]


@pytest.mark.django_db
def test_vacancy_and_date_filters(world) -> None:
    today = timezone.localdate()
    only_b = selectors.report(
        selectors.Period(start=today - dt.timedelta(days=89), end=today, vacancy_id=world["b"].pk)
    )
    assert only_b.applications == 1
    assert [r.reached for r in only_b.funnel] == [1, 1, 0, 0, 0]
    assert only_b.interviews.abandoned == 1 and only_b.agreement.total == 0
    a_year = selectors.report(selectors.default_period(days=365))
    assert a_year.applications == 7 and a_year.agreement.agreed == 2
    assert [(r.topic, r.count) for r in a_year.drop_off] == [("salary", 2), ("python", 1), ("sql", 1)]
    empty = selectors.report(selectors.Period(start=today - dt.timedelta(days=5), end=today))
    assert empty.applications == 0 and [r.reached for r in empty.funnel] == [0, 0, 0, 0, 0]
    assert all(r.conversion is None for r in empty.funnel) and empty.interviews.avg_minutes is None


@pytest.mark.django_db
def test_page_filters_from_the_query_string(recruiter_client: Client, world) -> None:
    url = reverse("analytics:index")
    assert recruiter_client.get(url).context["report"].applications == 6
    assert recruiter_client.get(url, {"days": 365}).context["report"].applications == 7
    assert recruiter_client.get(url, {"vacancy": world["b"].pk}).context["report"].applications == 1
    start = (timezone.localdate() - dt.timedelta(days=300)).isoformat()
    end = (timezone.localdate() - dt.timedelta(days=100)).isoformat()
    assert recruiter_client.get(url, {"start": start, "end": end}).context["report"].applications == 1
    body = recruiter_client.get(url, {"start": end, "end": end}).content.decode()
    assert "За этот период откликов нет" in body


@pytest.mark.django_db
def test_csv_export_has_the_table_rows(recruiter_client: Client, world) -> None:
    response = recruiter_client.get(reverse("analytics:export", args=["funnel"]), {"vacancy": world["a"].pk})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Этап", "Дошли", "Конверсия из предыдущего, %"],
        ["Ждём ответа", "5", ""],
        ["На собеседовании", "3", "60.0"],
        ["Оценка", "2", "66.7"],
        ["Ожидание решения менеджера", "2", "100.0"],
        ["Принято", "1", "50.0"],
        ["Отказано (на любом этапе)", "3", ""],
    ]
    sources = recruiter_client.get(reverse("analytics:export", args=["sources"])).content.decode("utf-8-sig")
    assert "Выгрузка hh.ru,2,2,1,50.0" in sources
    assert recruiter_client.get(reverse("analytics:export", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_query_count_does_not_grow_with_data(recruiter_client: Client, world) -> None:
    url = reverse("analytics:index")
    recruiter_client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert recruiter_client.get(url, {"vacancy": world["a"].pk}).status_code == 200
    for _ in range(5):
        extra = f.application(cand=f.candidate(source=CandidateSource.HH), vac=world["a"], stage=Stage.EVALUATING)
        Interview.objects.create(application=extra, status=InterviewStatus.ABANDONED)
    with CaptureQueriesContext(connection) as big:
        assert recruiter_client.get(url, {"vacancy": world["a"].pk}).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries) <= 12


@pytest.mark.django_db
def test_only_staff(client: Client, outsider, manager, world) -> None:
    urls = [reverse("analytics:index"), reverse("analytics:export", args=["agreement"])]
    for url in urls:
        assert client.get(url).status_code in (302, 403)
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 403
    client.force_login(manager)
    for url in urls:
        assert client.get(url).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_charts_draw_and_fit_the_screen(live_server, browser, recruiter, world, language, width) -> None:
    context = browser.new_context(locale="ru-RU", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/login/")
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", "pw-alice")
        page.click(".auth-card button[type=submit]")
        page.wait_for_selector("nav.mainnav, .topbar")
        if language == "en":
            page.click(".lang-switch button[value=en]")
            page.wait_for_load_state()
        page.goto(live_server.url + "/analytics/?days=30")
        page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length === 5")
        drawn = page.evaluate(
            "[...document.querySelectorAll('canvas[data-chart]')].filter(c => Chart.getChart(c)).length"
        )
        assert drawn == 5
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert ("Funnel" if language == "en" else "Воронка") in page.inner_text("main")
        shots = os.environ.get("ANALYTICS_SHOTS")
        if shots:  # for looking at the page by eye
            page.screenshot(path=f"{shots}/analytics-{language}-{width}.png", full_page=True)
    finally:
        context.close()
