"""Signals the vacancies app sends, after the transaction commits
(``hrcrm.events.send_after_commit``); see ARCHITECTURE.md."""

from __future__ import annotations

from django.dispatch import Signal

# A personal link was revoked. Keyword arguments: ``link_id``, ``application_id``
# (None for an open vacancy link). Interviews closes the sockets opened through it.
link_revoked = Signal()
