"""The first run: links point where the page was opened, and ``runstack`` announces
its address only once the server answers."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import numpy as np
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


def _demo_application() -> Any:
    vacancy = f.vacancy(title="Python-разработчик", must_have=["Python", "PostgreSQL"], interview_minutes=20)
    candidate = f.candidate(full_name="Смирнов Алексей Викторович", skills=["Python", "PostgreSQL", "Kafka"])
    return f.application(cand=candidate, vac=vacancy)


_SCRIPT = [
    "Я ведущий backend-разработчик в платёжном сервисе. Основной стек: Python, PostgreSQL и Kafka.",
    "Идемпотентность делаем ключом в заголовке запроса. Повтор получает сохранённый ответ.",
]


@pytest.mark.django_db(transaction=True)
def test_the_demo_voice_interview_goes_through_the_voice_path_and_is_recorded(manager) -> None:  # type: ignore[no-untyped-def]
    """Synthesized answers streamed through the consumer are recognised and saved as
    spoken turns; the joined recording holds both sides and is a playable audio/webm."""
    import io

    import av

    from hrcrm.management.commands.seed_demo import Command, DemoStep
    from interviews.models import InterviewMode, InterviewStatus, Recording, Speaker, SpokenAudio
    from interviews.recording_join import recording_join
    from scoring.models import Evaluation

    application = _demo_application()
    out = io.StringIO()
    command = Command(stdout=out)
    command._interview(application, _SCRIPT, DemoStep.AWAITING, manager=manager, voice=True)
    assert "Голосовое демо-интервью:" in out.getvalue()
    interview = application.interviews.get()
    assert interview.status == InterviewStatus.COMPLETED and interview.mode == InterviewMode.VOICE
    answers = list(interview.turns.filter(speaker=Speaker.CANDIDATE))
    assert len(answers) == len(_SCRIPT) and all(t.client_msg_id.startswith("voice-") for t in answers)
    # espeak's Russian is hard to recognise: each answer is heard as itself, roughly.
    for said, turn in zip(_SCRIPT, answers, strict=True):
        stems = {w[:4] for w in re.findall(r"\w{5,}", said.lower())}
        assert stems & {w[:4] for w in re.findall(r"\w{4,}", turn.text.lower())}, turn.text
    assert Evaluation.objects.filter(application=application, is_current=True).exclude(report="").exists()
    # The room's recording (the candidate's microphone) and the interviewer's speech,
    # joined into the one file a reviewer plays.
    recording = Recording.objects.get(interview=interview)
    assert recording.mime_type == "audio/webm" and recording.chunks >= len(_SCRIPT)
    assert SpokenAudio.objects.filter(interview=interview).count() >= len(_SCRIPT) + 1
    joined = recording_join(interview_id=interview.pk)
    assert joined is not None and joined.mime_type == "audio/webm"
    with joined.file.open("rb") as fh, av.open(fh) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        audio = np.concatenate([frame.to_ndarray().reshape(-1) for frame in container.decode(stream)])
    spoken = list(SpokenAudio.objects.filter(interview=interview))
    zero = min([recording.started_at, *(piece.started_at for piece in spoken)])

    def loudness(start: float, seconds: float) -> float:
        window = audio[int(start * rate) : int((start + seconds) * rate)].astype(np.float64)
        return float(np.sqrt(np.mean(window**2))) if len(window) else 0.0

    # The interviewer is heard where he spoke, the candidate after him, not silence.
    for piece in spoken:
        assert loudness((piece.started_at - zero).total_seconds(), piece.duration_ms / 1000) > 0.01
    assert len(audio) / rate >= sum(len(t.split()) for t in _SCRIPT) / 2.3 + sum(p.duration_ms for p in spoken) / 1000


@pytest.mark.django_db(transaction=True)
def test_without_a_speech_engine_the_demo_says_so_and_interviews_in_the_chat(settings, manager) -> None:  # type: ignore[no-untyped-def]
    import io

    from hrcrm.management.commands.seed_demo import Command, DemoStep
    from interviews.models import InterviewMode, InterviewStatus, Recording

    settings.SPEECH_ESPEAK_BINARY = "espeak-ng-not-installed"
    application = _demo_application()
    out = io.StringIO()
    Command(stdout=out)._interview(application, _SCRIPT, DemoStep.AWAITING, manager=manager, voice=True)
    assert "Голосовое демо-интервью пропущено" in out.getvalue() and "espeak-ng-not-installed" in out.getvalue()
    interview = application.interviews.get()
    assert interview.status == InterviewStatus.COMPLETED and interview.mode == InterviewMode.CHAT
    assert not Recording.objects.filter(interview=interview).exists()
