"""Yandex SpeechKit STT through its REST ``recognize`` API (v1, synchronous, up to
30 s / 1 MB of audio per request, which a single interview turn fits): raw LPCM 16 kHz
in the body, ``{"result": "..."}`` back. Used when the offline model is not wanted or
too slow; the URL is configurable so tests use a local fake server."""

from __future__ import annotations

import httpx
from django.conf import settings

from interviews.speech.base import SAMPLE_RATE, SpeechError, Transcript

LANGS = {"ru": "ru-RU", "en": "en-US"}
MAX_BYTES = 1024 * 1024


class SpeechKitSTT:
    name = "speechkit"

    def transcribe(self, pcm: bytes, *, language: str) -> Transcript:
        if not settings.YANDEX_SPEECHKIT_API_KEY:
            raise SpeechError("YANDEX_SPEECHKIT_API_KEY is not set")
        params = {
            "lang": LANGS.get(language, "ru-RU"),
            "format": "lpcm",
            "sampleRateHertz": str(SAMPLE_RATE),
            "topic": "general",
        }
        if settings.YANDEX_FOLDER_ID:
            params["folderId"] = settings.YANDEX_FOLDER_ID
        # A turn longer than the API limit keeps its last part: the end of an answer
        # matters more than its start for the next question.
        body = pcm[-MAX_BYTES:]
        try:
            response = httpx.post(
                settings.YANDEX_SPEECHKIT_STT_URL,
                params=params,
                content=body,
                headers={"Authorization": f"Api-Key {settings.YANDEX_SPEECHKIT_API_KEY}"},
                timeout=settings.SPEECH_REMOTE_TIMEOUT,
            )
        except httpx.HTTPError as exc:
            raise SpeechError(f"SpeechKit STT request failed: {exc}") from exc
        if response.status_code != 200:
            raise SpeechError(f"SpeechKit STT answered {response.status_code}: {response.text[:200]}")
        data = response.json()
        if "result" not in data:
            raise SpeechError(f"SpeechKit STT: no result in {data!r:.200}")
        return Transcript(text=str(data["result"]).strip(), language=language)
