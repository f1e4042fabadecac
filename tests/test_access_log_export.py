"""The access log as CSV: the page's filters, admins only, every row (streamed in
chunks), cells that would run as spreadsheet formulas written as text."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from privacy import selectors
from privacy.models import AccessAction, AccessLogEntry

pytestmark = pytest.mark.django_db

URL = "privacy:access_log_export"


def _rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_admins_download_the_filtered_log(client, admin_user, recruiter, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(selectors, "ACCESS_LOG_CSV_CHUNK", 2)  # several chunks from a few rows
    for _n in range(5):
        AccessLogEntry.objects.create(user=recruiter, candidate_ref=7, action=AccessAction.VIEW, ip_address="10.0.0.1")
    AccessLogEntry.objects.create(
        user=recruiter, candidate_ref=8, action=AccessAction.REPORT, object_ref="=HYPERLINK(1)"
    )
    AccessLogEntry.objects.create(user=admin_user, candidate_ref=7, action=AccessAction.RESUME)
    client.force_login(admin_user)

    rows = _rows(client.get(reverse(URL)))
    assert rows[0] == ["Когда", "Сотрудник (логин)", "Сотрудник", "Действие", "№ кандидата", "Объект", "IP-адрес"]
    assert len(rows) == 1 + 7
    assert rows[1][1] == admin_user.username and rows[1][3] == "Скачал резюме"  # newest first
    assert ["'=HYPERLINK(1)"] == [r[5] for r in rows if r[4] == "8"]  # text, not a formula

    response = client.get(reverse(URL), {"candidate": 7, "user": recruiter.username, "action": "view"})
    assert response["Content-Disposition"].startswith('attachment; filename="access-log-')
    rows = _rows(response)
    assert len(rows) == 1 + 5
    assert {(r[1], r[2], r[3], r[4], r[6]) for r in rows[1:]} == {
        (recruiter.username, "Алиса Рекрутер", "Открыл карточку", "7", "10.0.0.1")
    }


def test_the_export_speaks_the_page_language(client, admin_user) -> None:  # type: ignore[no-untyped-def]
    AccessLogEntry.objects.create(user=admin_user, candidate_ref=3, action=AccessAction.EXPORT)
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    rows = _rows(client.get(reverse(URL)))
    assert rows[0][0] == "When" and rows[1][3] == "Exported all data"


def test_only_admins_get_it(client, recruiter) -> None:  # type: ignore[no-untyped-def]
    client.force_login(recruiter)
    assert client.get(reverse(URL)).status_code == 403


def test_the_page_links_the_export_with_its_filters(client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    html = client.get(reverse("privacy:access_log"), {"candidate": 7, "action": "view"}).content.decode()
    assert f'href="{reverse(URL)}?candidate=7&amp;user=&amp;action=view"' in html
