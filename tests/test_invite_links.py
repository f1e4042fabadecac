"""Invite links: tokens, expiry, revocation, purpose, rate limit, landing and self-apply."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from candidates.models import Application, Candidate, ConsentRecord, Resume
from interviews.access import LinkExpired, LinkRevoked, LinkThrottled, LinkUnknown, interview_for_token
from interviews.models import Interview
from tests import factories as f
from tests.conftest import CORPUS
from vacancies import links
from vacancies.models import InviteLink, LinkAttempt


@pytest.fixture
def personal(db: None) -> links.IssuedLink:
    app = f.application(cand=f.candidate(full_name="Ольга Смирнова"), vac=f.vacancy(title="Аналитик данных"))
    return links.link_create_for_application(application=app, actor=None)


def test_only_the_hash_of_a_long_random_token_is_stored(personal: links.IssuedLink) -> None:
    assert len(personal.token) >= 32  # 24 random bytes = 192 bits
    stored = InviteLink.objects.get(pk=personal.link.pk)
    assert stored.token_hash == links.token_hash(personal.token) and personal.token not in stored.token_hash
    other = links.link_create_for_application(application=personal.link.application, actor=None)
    assert other.token != personal.token


def test_the_token_opens_one_interview_created_on_first_use(personal: links.IssuedLink) -> None:
    first = interview_for_token(personal.token)
    again = interview_for_token(personal.token)
    assert first.pk == again.pk and first.application_id == personal.link.application_id
    assert Interview.objects.count() == 1


def test_expired_revoked_unknown_and_wrong_purpose_tokens_raise_typed_errors(personal: links.IssuedLink) -> None:
    with pytest.raises(LinkUnknown):
        interview_for_token("x" * 32)
    open_link = links.link_create_for_vacancy(vacancy=personal.link.vacancy, actor=None)
    with pytest.raises(LinkUnknown):
        interview_for_token(open_link.token)  # an open link never opens an interview
    InviteLink.objects.filter(pk=personal.link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(LinkExpired):
        interview_for_token(personal.token)
    InviteLink.objects.filter(pk=personal.link.pk).update(expires_at=timezone.now() + timedelta(days=1))
    links.link_revoke(link=InviteLink.objects.get(pk=personal.link.pk))
    with pytest.raises(LinkRevoked):
        interview_for_token(personal.token)


def test_bad_links_show_the_same_page_that_leaks_nothing(client: Client, personal: links.IssuedLink) -> None:
    unknown = client.get(reverse("invite:landing", args=["y" * 32]))
    links.link_revoke(link=personal.link)
    revoked = client.get(reverse("invite:landing", args=[personal.token]))
    assert unknown.status_code == revoked.status_code == 404
    for response in (unknown, revoked):
        html = response.content.decode()
        assert "Ссылка недействительна" in html
        assert "Аналитик данных" not in html and "Ольга" not in html


def test_guessing_is_rate_limited_per_address(client: Client, personal: links.IssuedLink) -> None:
    for n in range(links.ATTEMPT_LIMIT):
        assert client.get(reverse("invite:landing", args=[f"guess{n:030d}"])).status_code == 404
    response = client.get(reverse("invite:landing", args=["guess" + "x" * 30]))
    assert response.status_code == 429 and "Слишком много попыток" in response.content.decode()
    with pytest.raises(LinkThrottled):
        interview_for_token("guess" + "y" * 30, client_ip="127.0.0.1")
    # another address is not affected, and old failures age out
    other = client.get(reverse("invite:landing", args=["guess" + "z" * 30]), REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 404
    LinkAttempt.objects.update(created_at=timezone.now() - links.ATTEMPT_WINDOW - timedelta(seconds=1))
    assert client.get(reverse("invite:landing", args=["guess" + "x" * 30])).status_code == 404


def test_a_valid_link_is_never_refused_because_of_others_failures(client: Client, personal: links.IssuedLink) -> None:
    """Candidates behind one office NAT share an address: someone's guesses (or typos)
    from it must not stop another candidate's interview."""
    for n in range(links.ATTEMPT_LIMIT + 5):
        client.get(reverse("invite:landing", args=[f"guess{n:030d}"]))
    assert client.get(reverse("invite:landing", args=["guess" + "x" * 30])).status_code == 429
    assert client.get(reverse("invite:landing", args=[personal.token])).status_code == 200
    assert interview_for_token(personal.token, client_ip="127.0.0.1").application_id == personal.link.application_id


def test_the_landing_page_asks_for_consent_then_opens_the_room(client: Client, personal: links.IssuedLink) -> None:
    url = reverse("invite:landing", args=[personal.token])
    html = client.get(url).content.decode()
    assert "Аналитик данных" in html and "152-ФЗ" in html and "Начать интервью" in html
    room = reverse("interviews:room", args=[personal.token])
    assert client.get(room).url == url  # no consent yet: back to the landing page
    response = client.post(url, {})
    assert "нужно согласие" in response.content.decode()
    response = client.post(url, {"consent": "on"}, HTTP_USER_AGENT="pytest-browser")
    assert response.url == room
    consent = ConsentRecord.objects.get(candidate=personal.link.application.candidate)
    assert "152-ФЗ" in consent.text and consent.text_version and consent.user_agent == "pytest-browser"
    assert consent.ip_address == "127.0.0.1"
    page = client.get(room)
    assert page.status_code == 200 and "/ws/interview/" in page.content.decode()
    assert 'href="' + room in client.get(url).content.decode()  # consent remembered


def test_an_open_link_registers_a_candidate_with_resume_and_goes_to_the_interview(client: Client, db: None) -> None:
    vacancy = f.vacancy(title="Python-разработчик")
    issued = links.link_create_for_vacancy(vacancy=vacancy, actor=None)
    url = reverse("invite:apply", args=[issued.token])
    assert "Python-разработчик" in client.get(url).content.decode()
    resume_path = CORPUS / "resumes" / "morozov_devops.txt"
    with resume_path.open("rb") as fh:
        response = client.post(url, {"full_name": "Морозов Тест", "email": "m@example.com", "phone": "8 912 345-67-89"})
        assert "Обязательное поле" in response.content.decode() or response.status_code == 200  # no consent
        fh.seek(0)
        response = client.post(
            url,
            {
                "full_name": "Морозов Тест",
                "email": "M@Example.com",
                "phone": "8 912 345-67-89",
                "city": "Пермь",
                "resume": fh,
                "consent": "on",
            },
        )
    assert response.status_code == 302 and response.url.startswith("/i/")
    candidate = Candidate.objects.get(email="m@example.com")
    assert candidate.source == "self_applied" and candidate.phone == "+79123456789"
    application = Application.objects.get(candidate=candidate, vacancy=vacancy)
    assert application.origin == "self_applied"
    resume = Resume.objects.get(candidate=candidate)
    assert resume.status == "queued" and resume.original_name == "morozov_devops.txt"
    assert resume.size == resume_path.stat().st_size
    assert ConsentRecord.objects.filter(candidate=candidate, source="open_link").exists()
    landing = client.get(response.url)
    assert "Начать интервью" in landing.content.decode() and "Python-разработчик" in landing.content.decode()
    # the open link cannot be used as an interview link, nor a personal one as an open link
    assert client.get(reverse("invite:landing", args=[issued.token])).status_code == 404
    assert client.get(reverse("invite:apply", args=[response.url.split("/")[2]])).status_code == 404


def test_an_open_link_refuses_unexpected_files(client: Client, db: None) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    issued = links.link_create_for_vacancy(vacancy=f.vacancy(), actor=None)
    response = client.post(
        reverse("invite:apply", args=[issued.token]),
        {
            "full_name": "Тест",
            "email": "t@example.com",
            "consent": "on",
            "resume": SimpleUploadedFile("run.exe", b"MZ"),
        },
    )
    assert response.status_code == 200 and "PDF, DOCX" in response.content.decode()
    assert not Candidate.objects.filter(email="t@example.com").exists()


def test_an_open_link_never_touches_an_existing_candidates_record(client: Client, recruiter_client: Client) -> None:
    existing = f.candidate(full_name="Настоящий Владелец", email="owner@example.com")
    issued = links.link_create_for_vacancy(vacancy=f.vacancy(), actor=None)
    client.post(
        reverse("invite:apply", args=[issued.token]),
        {"full_name": "Самозванец", "email": "owner@example.com", "consent": "on"},
    )
    assert not existing.applications.exists() and not existing.resumes.exists()
    newcomer = Candidate.objects.get(full_name="Самозванец")
    html = recruiter_client.get(reverse("candidates:detail", args=[newcomer.pk])).content.decode()
    assert "Возможные дубликаты" in html and "Настоящий Владелец" in html


def test_one_address_cannot_register_candidates_in_bulk(client: Client, db: None) -> None:
    issued = links.link_create_for_vacancy(vacancy=f.vacancy(), actor=None)
    url = reverse("invite:apply", args=[issued.token])
    for n in range(links.ATTEMPT_LIMIT):
        client.post(url, {"full_name": f"Бот {n}", "email": f"bot{n}@example.com", "consent": "on"})
    assert client.post(url, {"full_name": "Ещё", "email": "x@example.com", "consent": "on"}).status_code == 429
    assert Candidate.objects.count() == links.ATTEMPT_LIMIT


def test_self_registrations_are_limited_apart_from_failed_links(client: Client, db: None) -> None:
    """Others' failed links from a shared address do not stop a self-registration; one
    address registering candidates in bulk is stopped."""
    issued = links.link_create_for_vacancy(vacancy=f.vacancy(title="Кассир"), actor=None)
    url = reverse("invite:apply", args=[issued.token])
    for n in range(links.ATTEMPT_LIMIT):
        client.get(reverse("invite:landing", args=[f"guess{n:030d}"]))
    form = {"full_name": "Сидорова Анна", "email": "a@example.com", "phone": "8 912 000-00-01", "consent": "on"}
    with (CORPUS / "resumes" / "morozov_devops.txt").open("rb") as fh:
        response = client.post(url, {**form, "resume": fh})
    assert response.status_code == 302
    for _ in range(links.ATTEMPT_LIMIT):
        links.record_attempt("127.0.0.1", "registration")
    with (CORPUS / "resumes" / "morozov_devops.txt").open("rb") as fh:
        refused = client.post(url, {**form, "email": "b@example.com", "resume": fh})
    assert refused.status_code == 429 and not Candidate.objects.filter(email="b@example.com").exists()
    assert client.get(url).status_code == 200  # the link itself still opens
