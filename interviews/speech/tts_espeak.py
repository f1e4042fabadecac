"""Offline TTS: espeak-ng (Debian package), Russian and English voices. Sentence by
sentence, so the first audio leaves as soon as the first sentence is synthesised."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

from django.conf import settings

from interviews.speech.base import AudioChunk, SpeechError

VOICES = {"ru": "ru", "en": "en-us"}
ESPEAK_RATE = 22050  # espeak-ng's native output rate
WAV_HEADER = 44
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


class EspeakTTS:
    name = "espeak"

    def synthesize(self, text: str, *, language: str) -> Iterator[AudioChunk]:
        chunk_bytes = int(ESPEAK_RATE * 2 * settings.SPEECH_TTS_CHUNK_S)
        for sentence in sentences(text):
            pcm = self._speak(sentence, language)
            for offset in range(0, len(pcm), chunk_bytes):
                yield AudioChunk(
                    pcm=pcm[offset : offset + chunk_bytes],
                    sample_rate=ESPEAK_RATE,
                    text=sentence if offset == 0 else "",
                )

    def _speak(self, sentence: str, language: str) -> bytes:
        cmd = [
            settings.SPEECH_ESPEAK_BINARY,
            "-v",
            VOICES.get(language, "ru"),
            "-s",
            str(settings.SPEECH_TTS_WPM),
            "--stdout",
            sentence,
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=30, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechError(f"espeak-ng failed: {exc}") from exc
        wav = done.stdout
        # espeak-ng writes a streaming WAV (sizes unknown) with the canonical 44-byte header.
        if wav[:4] != b"RIFF" or len(wav) <= WAV_HEADER:
            raise SpeechError("espeak-ng produced no audio")
        pcm = wav[WAV_HEADER:]
        return pcm[: len(pcm) - len(pcm) % 2]
