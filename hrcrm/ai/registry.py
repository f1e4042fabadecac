"""Providers by name, loaded lazily: a vendor SDK is imported only when its provider is
configured for some purpose, so an offline installation never pays for (or depends on)
gigachat or yandex-ai-studio-sdk at import time."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver

from hrcrm.ai.base import Provider
from hrcrm.ai.config import PROVIDER_NAMES, provider_name_for
from hrcrm.ai.types import PURPOSES, HealthStatus

_CLASSES = {
    "offline": ("hrcrm.ai.offline", "OfflineProvider"),
    "yandexgpt": ("hrcrm.ai.yandexgpt", "YandexGPTProvider"),
    "gigachat": ("hrcrm.ai.gigachat", "GigaChatProvider"),
    "local": ("hrcrm.ai.local", "LocalLLMProvider"),
}


def provider_class(name: str) -> type[Provider]:
    if name not in _CLASSES:
        raise ValueError(f"unknown AI provider {name!r}; expected one of {PROVIDER_NAMES}")
    module, attr = _CLASSES[name]
    cls: type[Provider] = getattr(import_module(module), attr)
    return cls


def get_provider(purpose: str = "parsing", *, name: str | None = None) -> Provider:
    """The provider configured for ``purpose`` (or the one called ``name``).

    Cheap to call per use: instances are light; vendor clients (tokens, connection
    pools) are cached inside the adapters.
    """
    return provider_class(name or provider_name_for(purpose))(purpose=purpose)


def active_providers() -> dict[str, str]:
    """purpose → provider name, as configured now."""
    return {purpose: provider_name_for(purpose) for purpose in PURPOSES}


def health_report(*, timeout: float = 5.0) -> list[dict[str, Any]]:
    """One health check per distinct configured provider, plus which purposes use it."""
    by_provider: dict[str, list[str]] = {}
    for purpose, name in active_providers().items():
        by_provider.setdefault(name, []).append(purpose)
    rows = []
    for name in PROVIDER_NAMES:
        purposes = by_provider.get(name, [])
        if not purposes and name != "offline":
            status: HealthStatus | None = None
        else:
            status = get_provider(purposes[0] if purposes else "embeddings", name=name).health(timeout=timeout)
        rows.append({"name": name, "purposes": purposes, "status": status})
    return rows


@receiver(setting_changed)
def _reset_on_settings_change(*, setting: str, **_: Any) -> None:
    """Tests (and override_settings) change keys/URLs: drop cached vendor clients."""
    if setting.startswith(("GIGACHAT_", "AI_")):
        import sys

        if "hrcrm.ai.gigachat" in sys.modules:
            sys.modules["hrcrm.ai.gigachat"].reset_clients()
    if setting.startswith(("YANDEX_", "AI_")):
        import sys

        if "hrcrm.ai.yandexgpt" in sys.modules:
            sys.modules["hrcrm.ai.yandexgpt"].reset_clients()
    if setting.startswith(("LOCAL_LLM_", "AI_")):
        import sys

        if "hrcrm.ai.local" in sys.modules:
            sys.modules["hrcrm.ai.local"].reset_clients()
