"""YandexGPT through the real ``yandex-ai-studio-sdk`` against a local fake of Yandex's
OpenAI-compatible API (the SDK's ``service_map`` points it at 127.0.0.1)."""

from __future__ import annotations

import threading

import pytest
from pydantic import BaseModel

from hrcrm.ai import (
    AIAuthError,
    AIBadRequestError,
    AIRateLimitError,
    AIStructuredOutputError,
    AITimeoutError,
    ChatMessage,
    get_provider,
)
from hrcrm.models import AIAuditLog
from tests.fakes import yandex as fake

USER = [ChatMessage(role="user", content="Опишите свой опыт с PostgreSQL")]


class Skills(BaseModel):
    skills: list[str]


def test_it_chats_with_an_api_key_and_a_model_uri(yandex) -> None:
    provider = get_provider(purpose="parsing")
    assert (provider.name, provider.is_offline) == ("yandexgpt", False)
    result = provider.chat(
        system="Ты помощник рекрутера.", messages=USER, temperature=0.2, max_tokens=300, prompt_name="parsing.resume"
    )
    assert result.text.startswith("Ответ YandexGPT: Опишите")
    assert result.model == f"gpt://{fake.FOLDER}/yandexgpt/latest" and result.provider == "yandexgpt"
    assert result.usage.completion_tokens > 0
    [call] = yandex.calls("/chat/completions")
    assert call.headers["authorization"] == f"Api-Key {fake.API_KEY}"
    body = call.json()
    assert body["model"] == f"gpt://{fake.FOLDER}/yandexgpt/latest"
    assert (body["temperature"], body["max_tokens"]) == (0.2, 300)
    assert body["messages"][0] == {"role": "system", "content": "Ты помощник рекрутера."}


def test_it_uses_the_lite_model_by_setting(yandex, settings) -> None:
    settings.YANDEX_GPT_MODEL = "yandexgpt-lite"
    assert get_provider(purpose="parsing").chat(messages=USER).model.endswith("/yandexgpt-lite/latest")


def test_it_streams_sse_tokens(yandex) -> None:
    yandex.reply("Я проектировал схемы и оптимизировал запросы.")
    tokens = list(get_provider(purpose="interview").stream(messages=USER))
    assert "".join(tokens) == "Я проектировал схемы и оптимизировал запросы." and len(tokens) > 3
    assert AIAuditLog.objects.get(operation="stream").total_tokens > 0


def test_cancel_closes_the_stream(yandex) -> None:
    yandex.reply(" ".join(f"токен{i}" for i in range(60)))
    yandex.stream_delay = 0.02
    cancel = threading.Event()
    received = []
    for token in get_provider(purpose="interview").stream(messages=USER, cancel=cancel):
        received.append(token)
        cancel.set()
    assert len(received) == 1
    assert AIAuditLog.objects.get(operation="stream").error_type == "AICancelledError"


def test_it_retries_a_rate_limit_then_reports_it(yandex) -> None:
    yandex.fail_next("429", path="/chat/completions")
    assert get_provider(purpose="parsing").chat(messages=USER).attempts == 2
    yandex.fail_next("429", "429", "429", path="/chat/completions")
    with pytest.raises(AIRateLimitError) as caught:
        get_provider(purpose="parsing").chat(messages=USER)
    assert caught.value.permanent is False


def test_a_rejected_request_is_permanent_in_chat_and_stream(yandex, settings) -> None:
    settings.YANDEX_GPT_MODEL = "no-such-model"
    with pytest.raises(AIBadRequestError) as caught:
        get_provider(purpose="parsing").chat(messages=USER)
    assert caught.value.permanent and caught.value.status == 400 and "invalid model uri" in str(caught.value)
    with pytest.raises(AIBadRequestError):
        list(get_provider(purpose="parsing").stream(messages=USER))
    assert len(yandex.calls("/chat/completions")) == 2  # no retries


def test_a_bad_key_is_permanent(yandex, settings) -> None:
    settings.YANDEX_API_KEY = "wrong"
    with pytest.raises(AIAuthError):
        get_provider(purpose="parsing").chat(messages=USER)
    assert len(yandex.calls("/chat/completions")) == 1


def test_an_iam_token_is_sent_as_bearer(yandex, settings) -> None:
    settings.YANDEX_API_KEY = ""
    settings.YANDEX_IAM_TOKEN = "t1.fake-iam-token"
    yandex.iam_tokens.add("t1.fake-iam-token")
    assert get_provider(purpose="parsing").chat(messages=USER).text
    assert yandex.calls("/chat/completions")[-1].headers["authorization"] == "Bearer t1.fake-iam-token"


def test_slow_and_failing_servers_time_out_then_recover(yandex) -> None:
    yandex.slow_seconds = 1.0
    yandex.fail_next("slow", "500", path="/chat/completions")
    result = get_provider(purpose="parsing").chat(messages=USER, timeout=0.3)
    assert result.attempts == 3
    yandex.fail_next("slow", "slow", "slow", path="/chat/completions")
    with pytest.raises(AITimeoutError):
        get_provider(purpose="parsing").chat(messages=USER, timeout=0.3)


def test_structured_output_with_repair_and_failure(yandex) -> None:
    yandex.reply('{"skills": "Python"}', '{"skills": ["Python", "PostgreSQL"]}')
    out = get_provider(purpose="parsing").structured(messages=USER, schema=Skills, prompt_name="parsing.skills")
    assert out.value.skills == ["Python", "PostgreSQL"] and out.repaired and out.provider == "yandexgpt"
    yandex.reply("нет", "снова нет")
    with pytest.raises(AIStructuredOutputError):
        get_provider(purpose="parsing").structured(messages=USER, schema=Skills)


def test_documents_and_queries_use_their_own_embedding_models(yandex, settings) -> None:
    settings.AI_PROVIDER_EMBEDDINGS = "yandexgpt"
    from hrcrm.ai import embeddings

    docs = embeddings.embed_documents(["Резюме: Python, Django", "Резюме: 1С"])
    query = embeddings.embed_query("Python-разработчик")
    assert len(docs) == 2 and len(query) == fake.EMBEDDING_DIMS == embeddings.embedding_dimensions()
    models = [call.json()["model"] for call in yandex.calls("/embeddings")]
    assert models == [f"emb://{fake.FOLDER}/text-search-doc/latest"] * 2 + [
        f"emb://{fake.FOLDER}/text-search-query/latest"
    ]


def test_health(yandex, settings) -> None:
    assert get_provider(purpose="parsing").health(timeout=2).ok
    settings.YANDEX_API_KEY = ""
    status = get_provider(purpose="parsing").health(timeout=2)
    assert not status.ok and not status.configured
