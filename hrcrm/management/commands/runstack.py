"""Run the whole product in one terminal: daphne (HTTP + WebSockets), the django-q2
cluster and, with a Telegram token and no webhook, the bot's long polling. Ctrl-C stops both; if either dies, the other is stopped too, so a half-running
system is never left behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from hrcrm import embedded_db
from hrcrm.management.commands.seed_demo import DEMO_USERS


class Command(BaseCommand):
    help = "Start the ASGI server and the task worker together."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, host: str, port: int, **options: Any) -> None:
        python = sys.executable
        if not settings.DATABASE_URL:
            # Start the embedded database here, once, rather than in whichever child
            # connects first: a start that fails is reported before anything else runs.
            embedded_db.attach(settings.EMBEDDED_PGDATA)
        procs = [
            subprocess.Popen([python, "-m", "daphne", "-b", host, "-p", str(port), "hrcrm.asgi:application"]),
            subprocess.Popen([python, "manage.py", "qcluster"]),
        ]
        if settings.TELEGRAM_BOT_TOKEN and not settings.TELEGRAM_WEBHOOK_SECRET:
            # A bot without a webhook takes its updates by long polling.
            procs.append(subprocess.Popen([python, "manage.py", "telegram_bot"]))
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        # The address is printed only once the server answers: daphne needs several
        # seconds to import the project, and a link printed earlier leads to an error.
        probe = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        if server_answers(f"http://{probe}:{port}/health/", procs[0], should_stop=lambda: stopping):
            self.stdout.write(self.style.SUCCESS(f"\nHR CRM: http://{host}:{port}/"))
            self.stdout.write("Демо-входы / demo logins:")
            for spec in DEMO_USERS:
                self.stdout.write(f"  {spec['role'].value:15} {spec['username']} / {spec['password']}")
            self.stdout.write("Ctrl-C — остановить / stop.\n")
        elif not stopping and procs[0].poll() is None:
            self.stderr.write(f"Сервер не ответил по адресу http://{host}:{port}/ — смотрите журнал выше.")
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.5)
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 15
        for p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
        self.stdout.write("Остановлено.")


def server_answers(url: str, server: subprocess.Popen[bytes], *, should_stop: Any, timeout: float = 180.0) -> bool:
    """Poll ``url`` until it answers with any HTTP status (a 503 from the health check
    still means the server listens); False if the server process died, we are told to
    stop, or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None and not should_stop():
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.3)
    return False
