"""The embedded server: starts, is shared, survives a crashed postmaster, refuses a
data folder of another major version, starts only when a connection needs it. Uses its own data folder, not the suite's."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from hrcrm import embedded_db

ROOT = Path(__file__).resolve().parent.parent


def _query(server: embedded_db.EmbeddedServer, sql: str) -> object:
    with psycopg.connect(f"host={server.socket_dir} user={server.user} dbname=hrcrm") as conn:
        cursor = conn.execute(sql)
        return cursor.fetchone()[0] if cursor.description else None


@pytest.fixture(scope="module")
def pgdata() -> Path:
    # Under the checkout's var/, not pytest's temporary folder: that one is private to
    # root (the server runs as its own user) and another pytest run on the machine may
    # prune it while this server is still using it.
    root = ROOT / "var" / "test-embedded"
    shutil.rmtree(root, ignore_errors=True)
    path = root / "pgdata"
    yield path
    embedded_db.stop(path)
    shutil.rmtree(root, ignore_errors=True)


def test_it_starts_with_pgvector_and_is_shared(pgdata: Path) -> None:
    first = embedded_db.ensure_running(pgdata)
    second = embedded_db.ensure_running(pgdata)  # a second start attaches to the same server
    assert first.socket_dir == second.socket_dir
    _query(first, "CREATE EXTENSION IF NOT EXISTS vector")
    assert _query(first, "SELECT '[1,0]'::vector <=> '[0,1]'::vector") == pytest.approx(1.0)
    assert str(_query(first, "SHOW server_version")).startswith("18")


def test_it_recovers_after_a_crash(pgdata: Path) -> None:
    server = embedded_db.ensure_running(pgdata)
    pid = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
    os.kill(pid, signal.SIGKILL)
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    assert (pgdata / "postmaster.pid").exists()  # stale lock left behind
    server = embedded_db.ensure_running(pgdata)
    assert _query(server, "SELECT 1") == 1


def test_it_refuses_a_data_folder_of_another_version(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "PG_VERSION").write_text("15\n")
    with pytest.raises(embedded_db.EmbeddedDatabaseError, match="PostgreSQL 15"):
        embedded_db.ensure_running(folder)


def _manage(pgdata: Path, *args: str) -> str:
    env = {**os.environ, "EMBEDDED_PGDATA": str(pgdata), "DATABASE_URL": ""}
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_reading_the_settings_starts_nothing_and_a_stopped_server_stays_stopped() -> None:
    root = ROOT / "var" / "test-embedded-lazy"
    shutil.rmtree(root, ignore_errors=True)
    pgdata = root / "pgdata"
    try:
        # A command that needs no connection does not create or start anything.
        assert _manage(pgdata, "embedded_db", "status").startswith("stopped")
        _manage(pgdata, "check")
        assert not pgdata.exists()
        # One that connects starts it; stop stops it, and the next command leaves it stopped.
        assert "?host=" in _manage(pgdata, "embedded_db", "uri")
        assert embedded_db.is_running(pgdata)
        assert _manage(pgdata, "embedded_db", "stop").strip() == "stopped"
        _manage(pgdata, "check")
        assert _manage(pgdata, "embedded_db", "status").startswith("stopped")
        assert not embedded_db.is_running(pgdata)
    finally:
        embedded_db.stop(pgdata)
        shutil.rmtree(root, ignore_errors=True)
