"""Server time of the screening API's main calls (p50/p95 over N requests, and the query
count of each), and the webhook signing/delivery to a local receiver; so a change that
adds queries per request shows. Runs in its own throw-away database.
Run: .venv/bin/python bench/api.py [N]
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")
os.environ.setdefault("HRCRM_TESTING", "1")

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.test import Client  # noqa: E402
from timing import measure, throwaway_database  # noqa: E402


class _Ok(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def main(n: int) -> None:
    from hrcrm.roles import Role
    from integrations import webhooks
    from integrations.keys import api_key_create
    from integrations.models import ALL_SCOPES, Integration, WebhookDelivery

    user = User.objects.create_user("bench-ats")
    user.groups.add(Group.objects.get_or_create(name=Role.RECRUITER.value)[0])
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    integration = Integration.objects.create(
        name="bench", acting_user=user, webhook_url=f"http://127.0.0.1:{server.server_address[1]}/"
    )
    key = api_key_create(integration=integration, name="bench", scopes=ALL_SCOPES, rate_limit_per_minute=10**6).raw
    client = Client(headers={"Authorization": f"Bearer {key}"})
    body = json.dumps({"title": "Python-разработчик", "must_have": ["Python", ["Django", "FastAPI"], "SQL"]})
    vacancy = client.post("/api/v1/vacancies", body, content_type="application/json").json()
    keys = count()
    candidate = client.post("/api/v1/candidates", {"full_name": "Иван Петров"}).json()
    app = client.post(
        f"/api/v1/vacancies/{vacancy['id']}/invitations",
        json.dumps({"candidate_id": candidate["id"]}),
        content_type="application/json",
    ).json()
    print(f"{'call':<34}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    measure(
        "POST /vacancies (new key each)",
        lambda: client.post(
            "/api/v1/vacancies", body, content_type="application/json", headers={"Idempotency-Key": f"k{next(keys)}"}
        ),
        n,
        ok=(201,),
    )
    measure(
        "POST /vacancies (replayed key)",
        lambda: client.post(
            "/api/v1/vacancies", body, content_type="application/json", headers={"Idempotency-Key": "same"}
        ),
        n,
        ok=(201,),
    )
    measure("GET /vacancies/{id}", lambda: client.get(f"/api/v1/vacancies/{vacancy['id']}"), n)
    measure("GET /applications/{id}", lambda: client.get(f"/api/v1/applications/{app['application_id']}"), n)
    anonymous = Client()
    measure("GET without a key (401)", lambda: anonymous.get(f"/api/v1/vacancies/{vacancy['id']}"), n, ok=(401,))
    delivery = WebhookDelivery.objects.create(
        integration=integration, event="interview.started", url=integration.webhook_url, payload={"application_id": 1}
    )
    times = []
    for _ in range(n):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status="pending")
        start = time.perf_counter()
        webhooks.delivery_attempt(delivery.pk)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"{'webhook: sign + POST + log':<34}{times[len(times) // 2]:>9.1f}{times[int(len(times) * 0.95) - 1]:>9.1f}")
    server.shutdown()


if __name__ == "__main__":
    with throwaway_database("hrcrm_bench_api"):
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
