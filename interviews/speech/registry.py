"""Speech engines by name, chosen by settings (``SPEECH_STT``, ``SPEECH_TTS``); a
vendor dependency is imported only when its engine is configured."""

from __future__ import annotations

import logging
from importlib import import_module

from django.conf import settings

from interviews.speech.base import SpeechError, SpeechToText, TextToSpeech, VoiceActivityModel
from interviews.speech.turns import TurnConfig

_VAD = {"silero": ("interviews.speech.vad", "SileroVAD")}
_STT = {
    "whisper": ("interviews.speech.stt_whisper", "WhisperSTT"),
    "speechkit": ("interviews.speech.stt_speechkit", "SpeechKitSTT"),  # v3 gRPC, streaming
    "speechkit-rest": ("interviews.speech.stt_speechkit", "SpeechKitRestSTT"),  # v1 REST, per turn
    "vosk": ("interviews.speech.stt_vosk", "VoskSTT"),
}
_TTS = {
    "espeak": ("interviews.speech.tts_espeak", "EspeakTTS"),
    "speechkit": ("interviews.speech.tts_speechkit", "SpeechKitTTS"),
}
log = logging.getLogger(__name__)


def _load(table: dict[str, tuple[str, str]], name: str, kind: str):  # type: ignore[no-untyped-def]
    if name not in table:
        raise ValueError(f"unknown {kind} engine {name!r}; expected one of {sorted(table)}")
    module, attr = table[name]
    return getattr(import_module(module), attr)


def get_vad(name: str | None = None) -> VoiceActivityModel:
    """A new VAD stream (each has its own recurrent state)."""
    return _load(_VAD, name or settings.SPEECH_VAD, "VAD")()


def get_stt(name: str | None = None) -> SpeechToText:
    """The configured STT engine; one that cannot start (e.g. Vosk without its model)
    is replaced by ``SPEECH_STT_FALLBACK`` when that is set, with the reason logged,
    else its ``SpeechError`` (which names the setting to fix) goes up."""
    name = name or settings.SPEECH_STT
    try:
        return _load(_STT, name, "STT")()
    except SpeechError as exc:
        fallback = settings.SPEECH_STT_FALLBACK
        if not fallback or fallback == name:
            raise
        log.warning("STT engine %r cannot start (%s); using %r instead", name, exc, fallback)
        return _load(_STT, fallback, "STT")()


def get_tts(name: str | None = None) -> TextToSpeech:
    return _load(_TTS, name or settings.SPEECH_TTS, "TTS")()


def turn_config() -> TurnConfig:
    return TurnConfig(
        end_silence_s=settings.SPEECH_TURN_END_SILENCE_S,
        hold_silence_s=settings.SPEECH_TURN_HOLD_SILENCE_S,
    )


def asks_for_time(text: str) -> bool:
    """ "Дайте подумать" / "let me think" in a partial transcript: wait longer."""
    low = text.lower().replace("ё", "е")
    return any(phrase in low for phrase in settings.SPEECH_THINK_PHRASES)
