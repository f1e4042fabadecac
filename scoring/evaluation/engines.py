"""Choosing an evaluation engine by name or by the scoring provider setting."""

from __future__ import annotations

from typing import Any

from hrcrm.ai.config import provider_name_for
from scoring.evaluation.evaluate import Engine, EngineFailed, OfflineEngine


class EngineUnavailable(Exception):
    """The LLM engine was asked for but no cloud provider is configured for scoring."""


def get_engine(name: str | None = None, *, refs: dict[str, Any] | None = None) -> Engine:
    """``offline``, ``llm``, or None for the configured default: the LLM when a cloud
    provider serves scoring (``AI_PROVIDER_SCORING``, else ``AI_PROVIDER``), else offline.
    ``refs`` (e.g. ``{"interview_id": 5}``) go to the AI audit log of the LLM's calls."""
    name = name or ("offline" if provider_name_for("scoring") == "offline" else "llm")
    if name == "offline":
        return OfflineEngine()
    from scoring.evaluation.llm import LLMEngine

    try:
        return LLMEngine(refs=refs)
    except EngineFailed as exc:
        raise EngineUnavailable(str(exc))
