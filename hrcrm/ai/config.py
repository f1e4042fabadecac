"""Which provider serves which purpose, and the resilience knobs, read from settings.

Keys come from the environment only (hrcrm/settings.py reads them); nothing here has a
default secret. Per-purpose overrides (``AI_PROVIDER_PARSING`` …) win over ``AI_PROVIDER``.
Embeddings are special: they default to the offline model whatever ``AI_PROVIDER`` says,
because stored vectors must stay in one space; only ``AI_PROVIDER_EMBEDDINGS`` moves them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from hrcrm.ai.types import PURPOSES

PROVIDER_NAMES = ("offline", "yandexgpt", "gigachat", "local")


@dataclass(frozen=True)
class ResilienceConfig:
    timeout: float
    max_retries: int
    backoff_base: float
    backoff_max: float
    max_concurrency: int
    circuit_failures: int
    circuit_cooldown: float


def resilience() -> ResilienceConfig:
    return ResilienceConfig(
        timeout=float(getattr(settings, "AI_TIMEOUT", 30.0)),
        max_retries=int(getattr(settings, "AI_MAX_RETRIES", 2)),
        backoff_base=float(getattr(settings, "AI_RETRY_BACKOFF", 0.5)),
        backoff_max=float(getattr(settings, "AI_RETRY_BACKOFF_MAX", 8.0)),
        max_concurrency=int(getattr(settings, "AI_MAX_CONCURRENCY", 4)),
        circuit_failures=int(getattr(settings, "AI_CIRCUIT_FAILURES", 3)),
        circuit_cooldown=float(getattr(settings, "AI_CIRCUIT_COOLDOWN", 30.0)),
    )


def provider_name_for(purpose: str) -> str:
    """The configured provider name of ``purpose`` (validated)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown AI purpose {purpose!r}; expected one of {PURPOSES}")
    override = str(getattr(settings, f"AI_PROVIDER_{purpose.upper()}", "") or "").strip().lower()
    if override:
        name = override
    elif purpose == "embeddings":
        name = "offline"
    else:
        name = str(getattr(settings, "AI_PROVIDER", "offline") or "offline").strip().lower()
    if name not in PROVIDER_NAMES:
        raise ValueError(f"unknown AI provider {name!r} for {purpose}; expected one of {PROVIDER_NAMES}")
    return name


@dataclass(frozen=True)
class GigaChatConfig:
    credentials: str
    access_token: str
    scope: str
    model: str
    embedding_model: str
    base_url: str
    auth_url: str
    verify_ssl: bool
    ca_bundle_file: str

    @property
    def configured(self) -> bool:
        return bool(self.credentials or self.access_token)


def gigachat_config() -> GigaChatConfig:
    return GigaChatConfig(
        credentials=settings.GIGACHAT_CREDENTIALS,
        access_token=getattr(settings, "GIGACHAT_ACCESS_TOKEN", ""),
        scope=settings.GIGACHAT_SCOPE,
        model=settings.GIGACHAT_MODEL,
        embedding_model=getattr(settings, "GIGACHAT_EMBEDDING_MODEL", "Embeddings"),
        base_url=getattr(settings, "GIGACHAT_BASE_URL", ""),
        auth_url=getattr(settings, "GIGACHAT_AUTH_URL", ""),
        verify_ssl=settings.GIGACHAT_VERIFY_SSL,
        ca_bundle_file=getattr(settings, "GIGACHAT_CA_BUNDLE", ""),
    )


@dataclass(frozen=True)
class YandexConfig:
    api_key: str
    iam_token: str
    folder_id: str
    model: str
    doc_embedding_model: str
    query_embedding_model: str
    llm_url: str
    verify_ssl: bool

    @property
    def configured(self) -> bool:
        return bool((self.api_key or self.iam_token) and self.folder_id)


def yandex_config() -> YandexConfig:
    return YandexConfig(
        api_key=settings.YANDEX_API_KEY,
        iam_token=settings.YANDEX_IAM_TOKEN,
        folder_id=settings.YANDEX_FOLDER_ID,
        model=settings.YANDEX_GPT_MODEL,
        doc_embedding_model=getattr(settings, "YANDEX_EMBEDDING_DOC_MODEL", "text-search-doc"),
        query_embedding_model=getattr(settings, "YANDEX_EMBEDDING_QUERY_MODEL", "text-search-query"),
        llm_url=getattr(settings, "YANDEX_LLM_URL", ""),
        verify_ssl=getattr(settings, "YANDEX_VERIFY_SSL", True),
    )


@dataclass(frozen=True)
class LocalLLMConfig:
    """A self-hosted OpenAI-compatible server (vLLM, Ollama, llama.cpp, LM Studio)."""

    url: str
    model: str
    api_key: str
    verify_ssl: bool
    embedding_model: str

    @property
    def configured(self) -> bool:
        return bool(self.url and self.model)


def local_llm_config() -> LocalLLMConfig:
    return LocalLLMConfig(
        url=str(getattr(settings, "LOCAL_LLM_URL", "") or "").rstrip("/"),
        model=str(getattr(settings, "LOCAL_LLM_MODEL", "") or ""),
        api_key=str(getattr(settings, "LOCAL_LLM_API_KEY", "") or ""),
        verify_ssl=bool(getattr(settings, "LOCAL_LLM_VERIFY_SSL", True)),
        embedding_model=str(getattr(settings, "LOCAL_LLM_EMBEDDING_MODEL", "") or ""),
    )
