"""The device check's practice question over HTTP: the interviewer's voice asks it, a
short recording of the answer is recognised and read back, nothing is stored, and only
the candidate's own token (with consent) may use it."""

from __future__ import annotations

import io
import subprocess
import wave

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from interviews.models import Interview, Recording, SpokenAudio
from tests.test_interview_consumer import _setup
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


def _wav(samples: np.ndarray, rate: int = 16000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.astype("<i2").tobytes())
    return out.getvalue()


def _post(client: Client, token: str, data: bytes) -> tuple[int, dict]:
    response = client.post(reverse("interviews:practice", args=[token]), data=data, content_type="audio/wav")
    return response.status_code, response.json()


def test_the_practice_answer_is_read_back_and_silence_is_told_apart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = _setup()
    Vacancy.objects.filter(applications=ctx["application"]).update(language="en")
    client = Client()
    question = client.get(reverse("interviews:practice_question", args=[ctx["token"]]))
    assert question.status_code == 200 and question["Content-Type"] == "audio/wav"
    with wave.open(io.BytesIO(question.content)) as wav:
        assert wav.getnframes() / wav.getframerate() > 1.5  # a spoken sentence
    raw = tmp_path / "ready.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), "I am ready to start."], check=True)
    with wave.open(str(raw)) as wav:
        rate, said = wav.getframerate(), np.frombuffer(wav.readframes(wav.getnframes()), "<i2")
    status, heard = _post(client, ctx["token"], _wav(said, rate))
    assert status == 200 and "ready" in heard["text"].lower(), heard
    status, quiet = _post(client, ctx["token"], _wav(np.zeros(16000 * 3)))
    assert status == 200 and quiet["text"] == "" and quiet["level_dbfs"] < -50
    status, broken = _post(client, ctx["token"], b"RIFF this is no audio")
    assert status == 400 and broken["message"]
    too_long = _wav(np.sin(np.arange(16000 * 20) / 5) * 8000)
    assert _post(client, ctx["token"], too_long)[0] == 400
    # Nothing of the practice is kept.
    interview = Interview.objects.get(application=ctx["application"])
    assert not Recording.objects.filter(interview=interview).exists()
    assert not SpokenAudio.objects.filter(interview=interview).exists()
    assert interview.turns.count() == 0


def test_only_the_candidates_own_consented_link_reaches_it() -> None:
    without_consent = _setup(consent=False, name="Без Согласия")
    assert _post(Client(), without_consent["token"], _wav(np.zeros(1600)))[0] == 403
    assert _post(Client(), "no-such-token", _wav(np.zeros(1600)))[0] == 403
    room = Client().get(reverse("interviews:room", args=[_setup(name="Другой Кандидат")["token"]]))
    html = room.content.decode()
    assert 'id="check"' in html and "Начать интервью голосом" in html and "Пройти в текстовом чате" in html
