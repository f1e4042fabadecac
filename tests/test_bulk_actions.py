"""Bulk actions from the candidates table through the HTTP client (move, reject with a
reason category shown in analytics, invite with one link each, tag, export CSV, saved
filters), and once in Chromium."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from candidates.models import Application, RejectionReason, SavedFilter, StageChange
from candidates.pipeline import Stage
from hrcrm.models import EmailLog
from tests import factories as f

BULK = "candidates:bulk"


def _three(vacancy_title: str = "Бэкенд"):
    vac = f.vacancy(title=vacancy_title)
    people = [
        f.candidate(full_name=n, email=e)
        for n, e in (
            ("Первый Отмеченный", "one@example.com"),
            ("Второй Отмеченный", "two@example.com"),
            ("Третий Отмеченный", ""),
        )
    ]
    apps = [f.application(cand=p, vac=vac) for p in people[:2]]
    return vac, people, apps


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_bulk_move_goes_through_the_pipeline_and_reports_who_could_not(recruiter_client: Client, recruiter) -> None:
    vac, people, apps = _three()
    response = recruiter_client.post(
        reverse(BULK),
        {
            "action": "move",
            "vacancy": vac.pk,
            "stage": Stage.INTERVIEWING,
            "ids": [p.pk for p in people],
            "filters": f"vacancy={vac.pk}",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("candidates:list") + f"?vacancy={vac.pk}"
    said = _messages(response)
    assert "Перемещено: 2." in said and any("Третий Отмеченный: нет отклика" in m for m in said)
    for app in apps:
        app.refresh_from_db()
        assert app.stage == Stage.INTERVIEWING
        assert StageChange.objects.get(application=app, to_stage=Stage.INTERVIEWING).actor == recruiter
    # A move the pipeline forbids is refused per candidate, with its reason.
    response = recruiter_client.post(
        reverse(BULK),
        {"action": "move", "vacancy": vac.pk, "stage": Stage.ACCEPTED, "ids": [people[0].pk]},
        follow=True,
    )
    assert any("Первый Отмеченный: Нельзя перевести" in m for m in _messages(response))
    assert Application.objects.get(pk=apps[0].pk).stage == Stage.INTERVIEWING


@pytest.mark.django_db
def test_bulk_reject_keeps_the_category_and_analytics_counts_it(recruiter_client: Client) -> None:
    vac, people, apps = _three()
    # One of the starting list (a data migration); a transactional test run earlier in the
    # session empties the table, so it is made again here when missing.
    reason, _ = RejectionReason.objects.get_or_create(
        name="Зарплатные ожидания", defaults={"name_en": "Salary expectations"}
    )
    response = recruiter_client.post(
        reverse(BULK), {"action": "reject", "vacancy": vac.pk, "ids": [p.pk for p in people[:2]]}, follow=True
    )
    assert "Выберите причину отказа." in _messages(response)
    assert not Application.objects.filter(stage=Stage.REJECTED).exists()
    recruiter_client.post(
        reverse(BULK),
        {
            "action": "reject",
            "vacancy": vac.pk,
            "reason": reason.pk,
            "comment": "просят вдвое больше",
            "ids": [p.pk for p in people[:2]],
        },
    )
    for app in apps:
        app.refresh_from_db()
        assert app.stage == Stage.REJECTED and app.rejection_category == reason
        assert app.rejection_reason == "Зарплатные ожидания. просят вдвое больше"
    html = recruiter_client.get(reverse("analytics:index")).content.decode()
    assert "Причины отказа" in html and "Зарплатные ожидания" in html


@pytest.mark.django_db
def test_bulk_invite_issues_one_link_each_and_emails_those_with_an_address(recruiter_client: Client) -> None:
    vac, people, _ = _three()
    response = recruiter_client.post(
        reverse(BULK), {"action": "invite", "vacancy": vac.pk, "ids": [p.pk for p in people]}, follow=True
    )
    said = _messages(response)
    assert "Приглашено: 3." in said and any(
        "Третий Отмеченный: ссылка создана, но письмо не отправлено" in m for m in said
    )
    assert Application.objects.filter(vacancy=vac).count() == 3
    assert sorted(EmailLog.objects.values_list("to", flat=True)) == ["one@example.com", "two@example.com"]
    assert EmailLog.objects.values("invite_link").distinct().count() == 2


@pytest.mark.django_db
def test_tags_saved_filters_and_csv_export(recruiter_client: Client, recruiter) -> None:
    vac, people, _ = _three()
    recruiter_client.post(
        reverse(BULK), {"action": "tag", "tag": "сильный английский", "ids": [people[0].pk, people[2].pk]}
    )
    html = recruiter_client.get(reverse("candidates:list"), {"tag": "сильный английский"}).content.decode()
    assert "Первый Отмеченный" in html and "Третий Отмеченный" in html and "Второй Отмеченный" not in html
    recruiter_client.post(
        reverse("candidates:saved_filter_save"), {"name": "Англичане", "filters": "tag=сильный английский"}
    )
    saved = SavedFilter.objects.get(user=recruiter)
    html = recruiter_client.get(reverse("candidates:list")).content.decode()
    assert "Англичане" in html and "tag=%D1%81" in html
    recruiter_client.post(reverse("candidates:saved_filter_delete", args=[saved.pk]))
    assert not SavedFilter.objects.exists()

    response = recruiter_client.post(reverse(BULK), {"action": "export", "ids": [people[0].pk, people[1].pk]})
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "ФИО" and [r[0] for r in rows[1:]] == ["Второй Отмеченный", "Первый Отмеченный"]
    assert rows[2][6] == "сильный английский" and rows[2][7] == f"{vac.title} — {Stage.INVITED.label}"


@pytest.mark.django_db
def test_nothing_selected_is_a_clear_message(recruiter_client: Client) -> None:
    response = recruiter_client.post(reverse(BULK), {"action": "tag", "tag": "x"}, follow=True)
    assert "Отметьте хотя бы одного кандидата." in _messages(response)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_bulk_move_in_the_browser(live_server, page, recruiter) -> None:
    from tests.test_crm_browser import _login

    vac, people, apps = _three()
    _login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/candidates/?vacancy={vac.pk}")
    for p in people[:2]:
        page.check(f'input[data-bulk-row][value="{p.pk}"]')
    assert page.inner_text("[data-bulk-count] strong") == "2"
    page.select_option("[data-bulk-action]", "move")
    assert page.locator("#bulk-form select[name=reason]").is_hidden()
    page.select_option("#bulk-form select[name=stage]", Stage.INTERVIEWING)
    page.click("#bulk-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "Перемещено: 2." in page.inner_text(".alert-success")
    assert {a.stage for a in Application.objects.filter(pk__in=[a.pk for a in apps])} == {Stage.INTERVIEWING}
