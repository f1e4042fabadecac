"""Choosing an evaluation engine by name or by the ``AI_PROVIDER`` setting."""

from __future__ import annotations

from django.conf import settings

from scoring.evaluation.pipeline import Engine, EngineFailed, OfflineEngine


class EngineUnavailable(Exception):
    """The LLM engine was asked for but the AI layer cannot be used here."""


def get_engine(name: str | None = None) -> Engine:
    """``offline``, ``llm``, or None for the configured default (LLM when a cloud
    provider is configured, else offline)."""
    name = name or ("offline" if getattr(settings, "AI_PROVIDER", "offline") == "offline" else "llm")
    if name == "offline":
        return OfflineEngine()
    from scoring.evaluation.llm import LLMEngine

    try:
        return LLMEngine()
    except ImportError as exc:  # the AI provider layer (hrcrm.ai) is not part of this build
        raise EngineUnavailable(f"The LLM engine needs the AI provider layer (hrcrm.ai): {exc}")
    except EngineFailed as exc:
        raise EngineUnavailable(str(exc))
