"""Signals the vacancies app sends. Sent after the transaction commits."""

from __future__ import annotations

from django.dispatch import Signal

# A personal link was revoked. Keyword arguments: ``link_id``, ``application_id``
# (None for an open vacancy link). Interviews closes the sockets opened through it.
link_revoked = Signal()
