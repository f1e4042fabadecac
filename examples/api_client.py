"""The whole screening loop from another system, against a running server (README, «Screening
API»): create a vacancy, add a candidate with a resume, get his interview link, then
receive and verify the webhooks until the decision (or Ctrl-C).

    pip install httpx
    HRCRM_URL=http://127.0.0.1:8000 HRCRM_KEY=hrk_... HRCRM_WEBHOOK_SECRET=... \\
        python examples/api_client.py resume.pdf [e-mail]

The integration's webhook URL must point at this script's listener
(``http://127.0.0.1:8765/hooks`` by default, ``HOOK_PORT`` to change)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx

BASE = os.environ.get("HRCRM_URL", "http://127.0.0.1:8000").rstrip("/") + "/api/v1"
KEY = os.environ["HRCRM_KEY"]
SECRET = os.environ["HRCRM_WEBHOOK_SECRET"].encode()
PORT = int(os.environ.get("HOOK_PORT", "8765"))
api = httpx.Client(base_url=BASE, headers={"Authorization": f"Bearer {KEY}"}, timeout=30)


def create(path: str, **kwargs: object) -> dict:
    """A create with an Idempotency-Key: safe to repeat after a timeout."""
    response = api.post(path, headers={"Idempotency-Key": str(uuid.uuid4())}, **kwargs)
    if response.status_code >= 400:
        sys.exit(f"{path}: {response.status_code} {response.text}")
    return response.json()


def verified(headers: dict[str, str], body: bytes) -> bool:
    timestamp = headers.get("X-Hrcrm-Timestamp", "0")
    expected = "sha256=" + hmac.new(SECRET, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    fresh = abs(time.time() - int(timestamp)) < 300
    return fresh and hmac.compare_digest(expected, headers.get("X-Hrcrm-Signature", ""))


class Hooks(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if not verified(dict(self.headers), body):
            self.send_response(401)
            self.end_headers()
            return
        event = json.loads(body)
        print("webhook:", event["event"], event["data"])
        self.send_response(200)
        self.end_headers()
        if event["event"] == "evaluation.ready":
            app_id = event["data"]["application_id"]
            evaluation = api.get(f"/applications/{app_id}/evaluation").json()
            print("recommendation:", evaluation["recommendation"], evaluation["overall_score"])
            Path(f"report-{app_id}.pdf").write_bytes(api.get(f"/applications/{app_id}/report.pdf").content)
        if event["event"] == "decision.made":
            raise KeyboardInterrupt

    def log_message(self, *args: object) -> None:
        pass


def main(resume: Path, email: str) -> None:
    vacancy = create(
        "/vacancies",
        json={"title": "Python-разработчик", "city": "Москва", "must_have": ["Python", ["Django", "FastAPI"], "SQL"]},
    )
    with resume.open("rb") as fh:
        candidate = create("/candidates", data={"full_name": "Иван Петров", "email": email}, files={"resume": fh})
    link = create(f"/vacancies/{vacancy['id']}/invitations", json={"candidate_id": candidate["id"], "days": 7})
    print("vacancy", vacancy["id"], "candidate", candidate["id"], "application", link["application_id"])
    print("interview link for the candidate:", link["url"])
    try:
        HTTPServer(("127.0.0.1", PORT), Hooks).serve_forever()
    except KeyboardInterrupt:
        print("status:", api.get(f"/applications/{link['application_id']}").json())


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "ivan.petrov@example.com")
