"""Yandex SpeechKit TTS, v3 ``Synthesizer.UtteranceSynthesis`` over gRPC
(``SPEECH_TTS=speechkit``).

Sentence by sentence like espeak-ng, and within a sentence the server streams audio as
it synthesises, so the first chunk reaches the browser well before the sentence is done.
Raw LINEAR16 PCM mono at ``SPEECHKIT_TTS_SAMPLE_RATE``: the browser plays PCM16 at the
rate announced in the "speaking" event, so no container has to be parsed."""

from __future__ import annotations

from collections.abc import Iterator

import grpc
from django.conf import settings

from interviews.speech import speechkit_grpc
from interviews.speech.base import AudioChunk, SpeechError
from interviews.speech.tts_espeak import sentences


def _voice(language: str) -> str:
    return settings.SPEECHKIT_TTS_VOICE_EN if language == "en" else settings.SPEECHKIT_TTS_VOICE


class SpeechKitTTS:
    name = "speechkit"

    def synthesize(self, text: str, *, language: str) -> Iterator[AudioChunk]:
        from yandex.cloud.ai.tts.v3 import tts_pb2, tts_service_pb2_grpc

        metadata = speechkit_grpc.metadata()
        stub = tts_service_pb2_grpc.SynthesizerStub(speechkit_grpc.channel(settings.SPEECHKIT_TTS_ENDPOINT))
        rate = settings.SPEECHKIT_TTS_SAMPLE_RATE
        for sentence in sentences(text):
            request = tts_pb2.UtteranceSynthesisRequest(
                text=sentence,
                hints=[tts_pb2.Hints(voice=_voice(language))],
                output_audio_spec=tts_pb2.AudioFormatOptions(
                    raw_audio=tts_pb2.RawAudio(audio_encoding=tts_pb2.RawAudio.LINEAR16_PCM, sample_rate_hertz=rate)
                ),
                loudness_normalization_type=tts_pb2.UtteranceSynthesisRequest.LUFS,
            )
            first = True
            carry = b""  # PCM16 samples must not be split between chunks
            try:
                responses = stub.UtteranceSynthesis(request, metadata=metadata, timeout=settings.SPEECH_REMOTE_TIMEOUT)
                for response in responses:
                    data = carry + response.audio_chunk.data
                    even = len(data) - len(data) % 2
                    carry = data[even:]
                    if not even:
                        continue
                    yield AudioChunk(pcm=data[:even], sample_rate=rate, text=sentence if first else "")
                    first = False
            except grpc.RpcError as exc:
                raise speechkit_grpc.rpc_error(exc, "TTS") from exc
            if first:
                raise SpeechError(f"SpeechKit TTS returned no audio for {sentence[:60]!r}")
