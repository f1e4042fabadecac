"""The ``local`` provider (any OpenAI-compatible server: vLLM, Ollama, llama.cpp) against a
local fake that speaks that protocol over real HTTP, SSE streaming included."""

from __future__ import annotations

import threading

import pytest
from pydantic import BaseModel

from hrcrm.ai import (
    AIAuthError,
    AIBadRequestError,
    AIStructuredOutputError,
    AITimeoutError,
    AIUnavailableError,
    ChatMessage,
    get_provider,
)
from hrcrm.models import AIAuditLog
from tests.fakes import openai_compat as fake

USER = [ChatMessage(role="user", content="Опишите свой опыт с PostgreSQL")]


class Skills(BaseModel):
    skills: list[str]


def test_it_chats_with_the_configured_model_and_key(local_llm) -> None:
    provider = get_provider(purpose="interview")
    assert (provider.name, provider.is_offline, provider.model) == ("local", False, fake.MODEL)
    result = provider.chat(system="Ты интервьюер.", messages=USER, temperature=0.2, max_tokens=200, prompt_name="x")
    assert result.text.startswith("Ответ локальной модели: Опишите") and result.provider == "local"
    assert result.model == fake.MODEL and result.usage.completion_tokens > 0
    [call] = local_llm.calls("/v1/chat/completions")
    assert call.headers["authorization"] == "Bearer local-fake-key"
    body = call.json()
    assert (body["model"], body["temperature"], body["max_tokens"], body["stream"]) == (fake.MODEL, 0.2, 200, False)
    assert body["messages"][0] == {"role": "system", "content": "Ты интервьюер."}
    row = AIAuditLog.objects.get(operation="chat")
    assert (row.provider, row.ok, row.model) == ("local", True, fake.MODEL)


def test_no_key_header_when_none_is_set(local_llm, settings) -> None:
    local_llm.api_key = ""
    settings.LOCAL_LLM_API_KEY = ""
    try:
        get_provider(purpose="interview").chat(messages=USER)
        assert "authorization" not in local_llm.calls("/chat/completions")[-1].headers
    finally:
        local_llm.api_key = "local-fake-key"


def test_it_streams_sse_deltas_with_usage(local_llm) -> None:
    local_llm.reply("Я проектировал схемы и оптимизировал запросы.")
    tokens = list(get_provider(purpose="interview").stream(messages=USER))
    assert "".join(tokens) == "Я проектировал схемы и оптимизировал запросы." and len(tokens) > 3
    assert local_llm.calls("/chat/completions")[-1].json()["stream"] is True
    row = AIAuditLog.objects.get(operation="stream")
    assert row.ok and row.total_tokens > 0 and row.output.startswith("Я проектировал")


def test_cancel_closes_the_stream(local_llm) -> None:
    local_llm.reply(" ".join(f"токен{i}" for i in range(60)))
    local_llm.stream_delay = 0.02
    cancel = threading.Event()
    received = []
    for token in get_provider(purpose="interview").stream(messages=USER, cancel=cancel):
        received.append(token)
        cancel.set()
    assert len(received) == 1
    assert AIAuditLog.objects.get(operation="stream").error_type == "AICancelledError"


def test_server_errors_are_retried_then_the_circuit_opens(local_llm, settings) -> None:
    local_llm.fail_next("500", "reset", path="/chat/completions")
    assert get_provider(purpose="interview").chat(messages=USER).attempts == 3
    settings.AI_CIRCUIT_FAILURES = 1
    local_llm.fail_next("503", "503", "503", path="/chat/completions")
    with pytest.raises(AIUnavailableError):
        get_provider(purpose="interview").chat(messages=USER)
    calls = len(local_llm.calls("/chat/completions"))
    with pytest.raises(AIUnavailableError):  # fails fast: the server is not asked
        get_provider(purpose="interview").chat(messages=USER)
    assert len(local_llm.calls("/chat/completions")) == calls


def test_wrong_key_unknown_model_and_timeouts(local_llm, settings) -> None:
    settings.LOCAL_LLM_API_KEY = "wrong"
    with pytest.raises(AIAuthError):
        get_provider(purpose="interview").chat(messages=USER)
    settings.LOCAL_LLM_API_KEY = "local-fake-key"
    settings.LOCAL_LLM_MODEL = "no-such-model"
    with pytest.raises(AIBadRequestError) as caught:
        list(get_provider(purpose="interview").stream(messages=USER))
    assert caught.value.status == 404
    settings.LOCAL_LLM_MODEL = fake.MODEL
    local_llm.slow_seconds = 1.0
    local_llm.fail_next("slow", "slow", "slow", path="/chat/completions")
    with pytest.raises(AITimeoutError):
        get_provider(purpose="interview").chat(messages=USER, timeout=0.3)
    assert AIAuditLog.objects.filter(provider="local", ok=False).count() == 3


def test_structured_output_and_garbage(local_llm) -> None:
    local_llm.reply('```json\n{"skills": ["Python"]}\n```')
    assert get_provider(purpose="parsing").structured(messages=USER, schema=Skills).value.skills == ["Python"]
    local_llm.reply("нет", "снова нет")
    with pytest.raises(AIStructuredOutputError):
        get_provider(purpose="parsing").structured(messages=USER, schema=Skills)
    local_llm.fail_next("garbage", path="/chat/completions")
    assert get_provider(purpose="parsing").chat(messages=USER).attempts == 2


def test_unconfigured_and_health(local_llm, settings) -> None:
    status = get_provider(purpose="interview").health(timeout=2)
    assert status.ok and "моделей: 2" in status.detail
    settings.LOCAL_LLM_MODEL = "other"
    assert "нет среди" in get_provider(purpose="interview").health(timeout=2).detail
    settings.LOCAL_LLM_URL = ""
    assert not get_provider(purpose="interview").health(timeout=2).configured
    with pytest.raises(AIAuthError):
        get_provider(purpose="interview").chat(messages=USER)


def test_embeddings_through_the_same_server(local_llm, settings) -> None:
    settings.AI_PROVIDER_EMBEDDINGS = "local"
    vectors = get_provider(purpose="embeddings").embed(["Python, Django", "1С"])
    assert len(vectors) == 2 and len(vectors[0]) == fake.EMBEDDING_DIMS
    assert local_llm.calls("/v1/embeddings")[-1].json()["model"] == fake.EMBEDDING_MODEL
