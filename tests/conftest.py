"""Shared fixtures: personas (recruiter, hiring manager, admin, outsider), demo-like
objects, and one Chromium for the whole session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from hrcrm.roles import Role

# The AI fakes' fixtures (gigachat, yandex, fast_retries, closed circuits) for every test.
pytest_plugins = ["tests.fakes.fixtures"]

# The test data travels with the repository (tests/corpus/README.md describes it).
CORPUS = Path(__file__).resolve().parent / "corpus"
CHROMIUM = "/usr/bin/chromium"


def _user(username: str, role: Role | None, **extra: object) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username, **extra)
    if role is not None:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


@pytest.fixture
def recruiter(db: None) -> User:
    return _user("alice", Role.RECRUITER, first_name="Алиса", last_name="Рекрутер")


@pytest.fixture
def manager(db: None) -> User:
    return _user("bob", Role.HIRING_MANAGER, first_name="Борис", last_name="Менеджер")


@pytest.fixture
def admin_user(db: None) -> User:
    return _user("carol", None, is_superuser=True, is_staff=True)


@pytest.fixture
def outsider(db: None) -> User:
    """Logged in, but holds no role: must see no staff page."""
    return _user("mallory", None)


@pytest.fixture
def recruiter_client(client, recruiter):
    client.force_login(recruiter)
    return client


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in the main
    thread for the rest of the session, which async (Channels) tests cannot share."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _russian_by_default() -> Iterator[None]:
    """Requests activate their language in the thread; start every test in Russian."""
    from django.utils import translation

    with translation.override("ru"):
        yield


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The real ASGI stack (daphne: HTTP + WebSockets) on a free port, in a thread of
    this process so it sees the test database. Twisted's reactor runs once per process,
    hence session scope; use it from tests marked ``django_db(transaction=True)``."""
    import socket
    import threading
    import time

    from daphne.endpoints import build_endpoint_description_strings
    from daphne.server import Server

    from hrcrm.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Server(
        application=application,
        endpoints=build_endpoint_description_strings(host="127.0.0.1", port=port),
        signal_handlers=False,
        verbosity=0,
    )
    threading.Thread(target=server.run, name="daphne", daemon=True).start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"


@pytest.fixture(autouse=True)
def _no_matching_refresh(settings) -> None:
    """Matching re-embeds in a task on every resume/vacancy change; embedding takes
    seconds, so tests switch it off unless they test it (they set it back to True)."""
    settings.MATCHING_REFRESH_ON_CHANGE = False
