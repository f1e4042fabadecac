"""The link rate limiter under attack: while one client hammers the candidate pages with
guessed tokens, candidates keep opening their own links, from other addresses and from
the attacker's own address (an office NAT). Runs the real ASGI server (daphne) behind a
simulated load balancer (TRUSTED_PROXY_HOPS=1, X-Forwarded-For written as a balancer
would, the attacker also forging a first entry) for a bounded time, then prints the
answers each side got. Valid links must never be refused.

Throw-away database (``hrcrm_bench_limiter``), dropped at the end.
Run: .venv/bin/python bench/link_limiter.py [SECONDS] [CANDIDATE_THREADS]
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")
os.environ.setdefault("HRCRM_TESTING", "1")  # static files from finders, no manifest needed
os.environ["TRUSTED_PROXY_HOPS"] = "1"

import django

django.setup()

import httpx  # noqa: E402
from django.db import connections  # noqa: E402
from timing import throwaway_database  # noqa: E402  (bench/timing.py, beside this script)

ATTACKER = "198.51.100.66"


def _serve() -> str:
    from daphne.endpoints import build_endpoint_description_strings
    from daphne.server import Server

    from hrcrm.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Server(
        application=application,
        endpoints=build_endpoint_description_strings(host="127.0.0.1", port=port),
        signal_handlers=False,
        verbosity=0,
    )
    threading.Thread(target=server.run, name="daphne", daemon=True).start()
    for _ in range(200):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


def _tokens(n: int) -> list[str]:
    from tests import factories as f
    from vacancies import links

    vacancy = f.vacancy(title="Аналитик")
    return [
        links.link_create_for_application(
            application=f.application(cand=f.candidate(full_name=f"Кандидат {i}"), vac=vacancy), actor=None
        ).token
        for i in range(n)
    ]


def main(seconds: float, threads: int) -> None:
    with throwaway_database("hrcrm_bench_limiter"):
        tokens = _tokens(threads)
        connections.close_all()
        base = _serve()
        stop = time.monotonic() + seconds
        attacker: Counter[int] = Counter()
        candidates: Counter[tuple[str, int]] = Counter()

        def attack() -> None:
            with httpx.Client(base_url=base, timeout=10) as http:
                n = 0
                while time.monotonic() < stop:
                    n += 1
                    # A forged first entry, then what the balancer appended: his address.
                    headers = {"X-Forwarded-For": f"10.{n % 250}.0.1, {ATTACKER}"}
                    attacker[http.get(f"/i/guess{n:027d}/", headers=headers).status_code] += 1
                connections.close_all()

        def candidate(i: int) -> None:
            # Even-numbered candidates sit behind the attacker's address (same NAT).
            address = ATTACKER if i % 2 == 0 else f"203.0.113.{10 + i}"
            where = "same address" if i % 2 == 0 else "other address"
            with httpx.Client(base_url=base, timeout=10) as http:
                while time.monotonic() < stop:
                    status = http.get(f"/i/{tokens[i]}/", headers={"X-Forwarded-For": address}).status_code
                    candidates[(where, status)] += 1
                    time.sleep(0.2)  # a person, not a script
            connections.close_all()

        workers = [threading.Thread(target=attack)] + [
            threading.Thread(target=candidate, args=(i,)) for i in range(threads)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        total = sum(attacker.values())
        print(f"{seconds:.0f} s, 1 attacker, {threads} candidates ({(threads + 1) // 2} behind the attacker's address)")
        print(
            f"attacker: {total} requests ({total / seconds:.0f}/s): "
            + ", ".join(f"{k}: {v}" for k, v in sorted(attacker.items()))
        )
        for where in ("same address", "other address"):
            got = {status: n for (w, status), n in candidates.items() if w == where}
            print(f"candidates, {where}: " + ", ".join(f"{k}: {v}" for k, v in sorted(got.items())))
        refused = sum(n for (_, status), n in candidates.items() if status != 200)
        print(f"valid links refused: {refused}")
        connections.close_all()


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 8.0, int(sys.argv[2]) if len(sys.argv) > 2 else 4)
