"""The PostgreSQL backend for the embedded server: starts it on the first connection.

Settings only describe the server (``EMBEDDED_PGDATA`` in the DATABASES entry); reading
them starts nothing, so ``manage.py embedded_db stop`` followed by any command that needs
no database leaves it stopped. The first connection a process opens (a request, a task,
``migrate``, the test session creating its database) starts the server or attaches to
the running one, then fills in the socket folder and user the wheel chose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db.backends.postgresql import base

from hrcrm import embedded_db


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        if not self.settings_dict.get("HOST"):
            server = embedded_db.attach(Path(self.settings_dict["EMBEDDED_PGDATA"]))
            # The settings dict is shared by every connection of this alias in the
            # process (threads, the test database's copies), so filling it once is enough.
            self.settings_dict["HOST"] = server.socket_dir
            self.settings_dict["USER"] = server.user
        return super().get_connection_params()
