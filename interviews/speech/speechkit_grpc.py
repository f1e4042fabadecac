"""What the SpeechKit v3 gRPC engines share: the channel, the auth metadata and the
translation of gRPC errors into ``SpeechError`` with a message an operator can act on.

Stubs come from the ``yandexcloud`` package (``yandex.cloud.ai.{stt,tts}.v3``). The
endpoints are settings, so tests point them at a local plaintext server speaking the
same protocol (``tests/fakes/speechkit_grpc.py``)."""

from __future__ import annotations

import threading

import grpc
from django.conf import settings

from interviews.speech.base import SpeechError

_channels: dict[tuple[str, bool], grpc.Channel] = {}
_lock = threading.Lock()

AUTH_HINT = "check YANDEX_SPEECHKIT_API_KEY (or YANDEX_API_KEY / YANDEX_IAM_TOKEN) and YANDEX_FOLDER_ID"


def channel(endpoint: str) -> grpc.Channel:
    """One channel per endpoint and process: gRPC channels are thread-safe and carry
    many calls, and a new TLS handshake per utterance would cost a round trip or two."""
    key = (endpoint, bool(settings.SPEECHKIT_GRPC_PLAINTEXT))
    with _lock:
        if key not in _channels:
            if key[1]:
                _channels[key] = grpc.insecure_channel(endpoint)
            else:
                _channels[key] = grpc.secure_channel(endpoint, grpc.ssl_channel_credentials())
        return _channels[key]


def metadata() -> list[tuple[str, str]]:
    api_key = settings.YANDEX_SPEECHKIT_API_KEY or settings.YANDEX_API_KEY
    if api_key:
        auth = f"Api-Key {api_key}"
    elif settings.YANDEX_IAM_TOKEN:
        auth = f"Bearer {settings.YANDEX_IAM_TOKEN}"
    else:
        raise SpeechError(f"SpeechKit: no credentials; {AUTH_HINT}")
    pairs = [("authorization", auth)]
    if settings.YANDEX_FOLDER_ID:
        pairs.append(("x-folder-id", settings.YANDEX_FOLDER_ID))
    return pairs


def rpc_error(exc: grpc.RpcError, what: str) -> SpeechError:
    code = exc.code() if hasattr(exc, "code") else None
    details = exc.details() if hasattr(exc, "details") else str(exc)
    if code in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED):
        return SpeechError(f"SpeechKit {what}: authentication failed ({details}); {AUTH_HINT}")
    name = code.name if code is not None else "ERROR"
    return SpeechError(f"SpeechKit {what} failed: {name}: {details}")
