"""Start-up checks of the configured speech engines (``manage.py check``, runserver,
``make`` targets): a misconfigured engine is reported when the server starts, naming
the setting, instead of when the first candidate turns voice mode on. Cheap checks
only: no model is loaded here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from interviews.speech.base import SpeechError


@checks.register("speech")
def check_speech_engines(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from interviews.speech import registry

    problems: list[checks.CheckMessage] = []
    stt, tts = settings.SPEECH_STT, settings.SPEECH_TTS
    if stt not in registry._STT:
        problems.append(
            checks.Error(f"SPEECH_STT={stt!r} is unknown; one of {sorted(registry._STT)}", id="speech.E001")
        )
    if tts not in registry._TTS:
        problems.append(
            checks.Error(f"SPEECH_TTS={tts!r} is unknown; one of {sorted(registry._TTS)}", id="speech.E002")
        )
    fallback = settings.SPEECH_STT_FALLBACK
    level = checks.Warning if fallback and fallback != stt else checks.Error
    hint = f"SPEECH_STT_FALLBACK={fallback!r} is used meanwhile" if level is checks.Warning else None
    code = "W" if level is checks.Warning else "E"
    if stt == "vosk":
        from interviews.speech.stt_vosk import check_model_path

        try:
            check_model_path()
        except SpeechError as exc:
            problems.append(level(str(exc), hint=hint, id=f"speech.{code}003"))
    if "speechkit" in (stt, tts):
        from interviews.speech.speechkit_grpc import metadata

        try:
            metadata()
        except SpeechError as exc:
            problems.append(level(str(exc), hint=hint, id=f"speech.{code}004"))
    if stt == "speechkit-rest" and not settings.YANDEX_SPEECHKIT_API_KEY:
        problems.append(
            level("SPEECH_STT=speechkit-rest needs YANDEX_SPEECHKIT_API_KEY", hint=hint, id=f"speech.{code}005")
        )
    return problems
