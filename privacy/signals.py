"""Signals the privacy app sends. Sent after the transaction commits."""

from __future__ import annotations

from django.dispatch import Signal

# A candidate withdrew a consent. Keyword arguments: ``candidate_id``, ``purpose``.
# Interviews stops the candidate's running interviews on a withdrawal of processing.
consent_withdrawn = Signal()
