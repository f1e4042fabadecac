"""The first run: links point where the page was opened, and ``runstack`` announces
its address only once the server answers."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client
from django.urls import reverse

from hrcrm.management.commands.runstack import server_answers
from tests import factories as f


def _open_link(client: Client, host: str) -> str:
    vac = f.vacancy(title="Аналитик")
    response = client.post(reverse("vacancies:open_link", args=[vac.pk]), {"days": 7}, HTTP_HOST=host)
    assert response.status_code == 200
    return response.context["open_url"]


@pytest.mark.django_db
def test_links_follow_the_request_without_site_url(recruiter_client: Client, settings) -> None:
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["hr.office.lan"]
    assert _open_link(recruiter_client, "hr.office.lan:8443").startswith("http://hr.office.lan:8443/")


@pytest.mark.django_db
def test_site_url_wins_when_set(recruiter_client: Client, settings) -> None:
    settings.SITE_URL = "https://hr.example.ru"
    settings.ALLOWED_HOSTS = ["hr.office.lan"]
    assert _open_link(recruiter_client, "hr.office.lan").startswith("https://hr.example.ru/")


def test_a_background_link_without_site_url_uses_the_local_address(settings) -> None:
    from hrcrm.emails import absolute_url

    settings.SITE_URL = ""
    assert absolute_url("/x/") == settings.LOCAL_SITE_URL + "/x/"


class _Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(503)  # an unhealthy server still listens
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_runstack_waits_for_an_answer_and_gives_up_on_a_dead_server() -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    server = HTTPServer(("127.0.0.1", 0), _Answer)
    port = server.server_address[1]
    try:
        # The server starts answering only after a while: the probe waits for it.
        timer = threading.Timer(0.8, server.serve_forever)
        timer.start()
        assert server_answers(f"http://127.0.0.1:{port}/health/", sleeper, should_stop=lambda: False, timeout=20)
    finally:
        server.shutdown()
        server.server_close()
        sleeper.kill()
        sleeper.wait()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    assert not server_answers(f"http://127.0.0.1:{port}/health/", dead, should_stop=lambda: False, timeout=20)
