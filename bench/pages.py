"""Server time of the main staff pages on the demo data: p50/p95 over N requests, and
the query count of each page. Run: .venv/bin/python bench/pages.py [N]"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = ["/", "/candidates/", "/vacancies/", "/interviews/", "/decisions/", "/analytics/"]


def main(n: int = 30) -> None:
    settings.ALLOWED_HOSTS.append("testserver")
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    client = Client()
    client.force_login(User.objects.get(username="recruiter"))
    print(f"{'page':<16}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for path in PAGES:
        times = []
        for _ in range(n):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(f"{path:<16}{statistics.median(times):>9.1f}{p95:>9.1f}{len(ctx.captured_queries):>9}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
