"""A local Yandex SpeechKit STT (REST v1 ``/speech/v1/stt:recognize``): raw audio in
the body, the format in the query, ``Authorization: Api-Key`` or ``Bearer``; answers
``{"result": text}`` or the API's error shape."""

from __future__ import annotations

from tests.fakes.server import FakeServer, Recorded, Response

API_KEY = "fake-speechkit-key"
PATH = "/speech/v1/stt:recognize"


class FakeSpeechKit(FakeServer):
    @property
    def stt_url(self) -> str:
        return f"{self.url}{PATH}"

    def route(self, request: Recorded) -> Response:
        if request.method != "POST" or request.path != PATH:
            return Response(404, {"error_code": "NOT_FOUND", "error_message": "unknown method"})
        if request.headers.get("authorization") != f"Api-Key {API_KEY}":
            return Response(401, {"error_code": "UNAUTHORIZED", "error_message": "The token is invalid"})
        query = {k: v[0] for k, v in request.query.items()}
        if query.get("format") != "lpcm" or query.get("sampleRateHertz") not in {"8000", "16000", "48000"}:
            return Response(400, {"error_code": "BAD_REQUEST", "error_message": "audio format"})
        if not request.body or len(request.body) > 1024 * 1024 or len(request.body) % 2:
            return Response(400, {"error_code": "BAD_REQUEST", "error_message": "audio size"})
        return Response(200, {"result": self.next_reply("")})
