"""Resume intake speed with the offline engine: p50/p95 per resume (one process) and
throughput over the corpus repeated to N files on W worker processes (default 1,000 on 2).
Also times the isolated path (forked child under limits) used by the queue task.
Run: .venv/bin/python bench/intake_speed.py [N] [W]"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")
os.environ.setdefault("INTAKE_AS_OF", "2026-11")
# One BLAS thread per process: natasha's numpy otherwise oversubscribes the cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import django

django.setup()

from candidates.intake.names import warm_up  # noqa: E402
from candidates.intake.process import parse_bytes_isolated, parse_resume_bytes  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"


def corpus_files() -> list[tuple[str, bytes]]:
    paths = sorted((CORPUS / "resumes").glob("*.*")) + sorted((CORPUS / "pools" / "resumes").glob("*/*.*"))
    return [(p.name, p.read_bytes()) for p in paths if p.suffix in {".pdf", ".docx", ".txt"}]


def _one(item: tuple[str, bytes]) -> float:
    start = time.perf_counter()
    parse_resume_bytes(item[1], item[0])
    return time.perf_counter() - start


def main(n: int = 1000, workers: int = 2) -> None:
    files = corpus_files()
    warm_up()  # natasha loads once, before forking, like the worker does
    latencies = [_one(item) for _ in range(5) for item in files]
    latencies.sort()
    p95 = latencies[int(0.95 * len(latencies)) - 1]
    print(f"Files in the corpus: {len(files)}; single-process latency over {len(latencies)} parses:")
    print(
        f"  p50 {statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
    )

    batch = [files[i % len(files)] for i in range(n)]
    ctx = multiprocessing.get_context("fork")
    start = time.perf_counter()
    with ctx.Pool(workers) as pool:
        pool.map(_one, batch, chunksize=8)
    elapsed = time.perf_counter() - start
    print(f"Throughput: {n} resumes on {workers} processes in {elapsed:.1f} s = {n / elapsed:.1f} resumes/s")

    isolated = []
    for name, data in files:
        t = time.perf_counter()
        parse_bytes_isolated(data, name)
        isolated.append(time.perf_counter() - t)
    isolated.sort()
    print(
        f"Isolated (fork + RLIMIT_AS + timeout) per resume: p50 {statistics.median(isolated) * 1000:.1f} ms, "
        f"max {isolated[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
