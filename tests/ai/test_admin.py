"""The audit log and the provider status page in the Django admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrcrm.ai import AIUnavailableError, ChatMessage, get_provider


@pytest.fixture
def admin_client_logged(client, admin_user):
    client.force_login(admin_user)
    return client


def test_it_lists_and_filters_the_audit_log(admin_client_logged) -> None:
    with pytest.raises(AIUnavailableError):
        get_provider(purpose="scoring").chat(messages=[ChatMessage("user", "x")], prompt_name="scoring.evaluate")
    url = reverse("admin:hrcrm_aiauditlog_changelist")
    page = admin_client_logged.get(url)
    assert page.status_code == 200
    assert "scoring.evaluate" in page.content.decode() and reverse("admin:hrcrm_ai_status") in page.content.decode()
    filtered = admin_client_logged.get(url, {"purpose": "parsing"})
    cell = '<td class="field-prompt_name">scoring.evaluate</td>'
    assert cell in page.content.decode() and cell not in filtered.content.decode()


def test_the_status_page_shows_providers_per_purpose(admin_client_logged, gigachat) -> None:
    # gigachat fixture: AI_PROVIDER=gigachat pointed at the local fake.
    page = admin_client_logged.get(reverse("admin:hrcrm_ai_status"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-provider="gigachat"' in html and "GigaChat-Pro" in html and "отвечает; моделей: 4" in html
    assert "локальные эмбеддинги работают" in html  # offline still serves embeddings


def test_staff_without_admin_rights_cannot_see_it(client, recruiter) -> None:
    client.force_login(recruiter)
    page = client.get(reverse("admin:hrcrm_ai_status"))
    assert page.status_code == 302 and "/admin/login/" in page["Location"]
