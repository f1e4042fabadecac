"""GigaChat through the real ``gigachat`` SDK against a local fake of its API."""

from __future__ import annotations

import threading

import pytest
from pydantic import BaseModel

from hrcrm.ai import (
    AIAuthError,
    AIStructuredOutputError,
    AITimeoutError,
    AIUnavailableError,
    ChatMessage,
    get_provider,
)
from hrcrm.ai.embeddings import EMBEDDING_DIMENSIONS as DEFAULT_DIMS
from hrcrm.models import AIAuditLog
from tests.fakes import gigachat as fake

USER = [ChatMessage(role="user", content="Расскажите о себе")]


class Verdict(BaseModel):
    score: int
    reason: str


def test_it_authenticates_with_oauth_and_chats(gigachat) -> None:
    provider = get_provider(purpose="interview")
    assert (provider.name, provider.is_offline) == ("gigachat", False)

    result = provider.chat(
        system="Ты интервьюер.",
        messages=USER,
        temperature=0.3,
        max_tokens=200,
        prompt_name="interview.followup",
        prompt_version="1",
        purpose="interview",
        refs={"interview_id": 5},
    )
    second = provider.chat(system="Ты интервьюер.", messages=USER, purpose="interview")

    assert result.text.startswith("Ответ GigaChat: Расскажите о себе")
    assert (result.provider, result.model) == ("gigachat", "GigaChat-Pro:1.0.26.20")
    assert result.usage.total_tokens == result.usage.prompt_tokens + result.usage.completion_tokens > 0
    assert result.latency_ms >= 0 and second.text
    [oauth] = gigachat.calls("/oauth")  # the token is cached and reused
    assert oauth.headers["authorization"] == f"Basic {fake.CREDENTIALS}"
    assert oauth.form() == {"scope": [fake.SCOPE]} and oauth.headers["rquid"]
    chat = gigachat.calls("/chat/completions")[0]
    assert chat.headers["authorization"].startswith("Bearer fake-token-")
    assert chat.json()["messages"][0] == {"role": "system", "content": "Ты интервьюер."}
    row = AIAuditLog.objects.get(pk=result.audit_id)
    assert (row.purpose, row.provider, row.prompt_name, row.prompt_version) == (
        "interview",
        "gigachat",
        "interview.followup",
        "1",
    )
    assert row.input_refs == {"interview_id": 5} and row.ok and row.output == result.text
    assert row.input_text == ""  # AI_AUDIT_STORE_INPUT is off by default


def test_it_streams_tokens_until_done(gigachat) -> None:
    gigachat.reply("Первый вопрос: расскажите о проекте с Kafka.")
    tokens = list(get_provider(purpose="interview").stream(messages=USER, prompt_name="interview.question"))
    assert len(tokens) > 3
    assert "".join(tokens) == "Первый вопрос: расскажите о проекте с Kafka."
    row = AIAuditLog.objects.get(operation="stream")
    assert row.ok and row.output == "".join(tokens) and row.total_tokens > 0


def test_it_stops_a_stream_when_cancelled(gigachat) -> None:
    gigachat.reply(" ".join(f"слово{i}" for i in range(40)))
    gigachat.stream_delay = 0.02
    cancel = threading.Event()
    received = []
    for token in get_provider(purpose="interview").stream(messages=USER, cancel=cancel):
        received.append(token)
        if len(received) == 3:
            cancel.set()
    assert len(received) == 3
    row = AIAuditLog.objects.get(operation="stream")
    assert row.error_type == "AICancelledError" and row.output == "".join(received)


def test_it_retries_429_and_500_with_backoff(gigachat) -> None:
    gigachat.fail_next("429", "500", path="/chat/completions")
    result = get_provider(purpose="scoring").chat(messages=USER)
    assert result.attempts == 3
    assert len(gigachat.calls("/chat/completions")) == 3
    assert AIAuditLog.objects.get(pk=result.audit_id).attempts == 3


def test_it_gives_up_after_the_retries_with_a_transient_error(gigachat) -> None:
    gigachat.fail_next("503", "503", "503", path="/chat/completions")
    with pytest.raises(AIUnavailableError) as caught:
        get_provider(purpose="scoring").chat(messages=USER, prompt_name="scoring.evaluate")
    assert caught.value.permanent is False and caught.value.status == 503
    row = AIAuditLog.objects.get(pk=caught.value.audit_id)
    assert not row.ok and row.error_type == "AIUnavailableError" and row.attempts == 3


def test_it_recovers_from_a_connection_reset_and_a_garbage_body(gigachat) -> None:
    gigachat.fail_next("reset", "garbage", path="/chat/completions")
    assert get_provider(purpose="parsing").chat(messages=USER).attempts == 3


def test_wrong_credentials_are_permanent_and_not_retried(gigachat, settings) -> None:
    settings.GIGACHAT_CREDENTIALS = "d3Jvbmc6c2VjcmV0"  # base64 of wrong:secret
    with pytest.raises(AIAuthError) as caught:
        get_provider(purpose="parsing").chat(messages=USER)
    assert caught.value.permanent is True
    assert len(gigachat.calls("/oauth")) == 1 and not gigachat.calls("/chat/completions")


def test_an_expired_token_is_refreshed_by_the_sdk(gigachat) -> None:
    provider = get_provider(purpose="parsing")
    provider.chat(messages=USER)
    gigachat.tokens.clear()  # the server forgets the token: next call gets 401
    assert provider.chat(messages=USER).text
    assert len(gigachat.calls("/oauth")) == 2


def test_a_slow_answer_times_out(gigachat, settings) -> None:
    settings.AI_MAX_RETRIES = 0
    gigachat.slow_seconds = 1.0
    gigachat.fail_next("slow", path="/chat/completions")
    with pytest.raises(AITimeoutError) as caught:
        get_provider(purpose="interview").chat(messages=USER, timeout=0.3)
    assert caught.value.permanent is False


def test_structured_output_repairs_once(gigachat) -> None:
    gigachat.reply("Конечно! Вот оценка: score=4", '```json\n{"score": 4, "reason": "опыт с Kafka"}\n```')
    out = get_provider(purpose="scoring").structured(
        system="Оцени ответ.", messages=USER, schema=Verdict, prompt_name="scoring.evaluate", prompt_version="1"
    )
    assert out.value == Verdict(score=4, reason="опыт с Kafka") and out.repaired
    first, repair = gigachat.calls("/chat/completions")
    assert "JSON Schema" in first.json()["messages"][0]["content"]
    assert "не прошёл проверку" in repair.json()["messages"][-1]["content"]
    assert AIAuditLog.objects.filter(operation="structured").count() == 2


def test_structured_output_fails_typed_after_the_repair(gigachat) -> None:
    gigachat.reply("не JSON", '{"score": "высокий"}')
    with pytest.raises(AIStructuredOutputError) as caught:
        get_provider(purpose="scoring").structured(messages=USER, schema=Verdict, prompt_name="scoring.evaluate")
    assert caught.value.permanent and caught.value.raw == '{"score": "высокий"}'
    row = AIAuditLog.objects.get(pk=caught.value.audit_id)
    assert not row.ok and row.error_type == "AIStructuredOutputError"


def test_it_embeds_with_the_gigachat_model(gigachat, settings) -> None:
    settings.AI_PROVIDER_EMBEDDINGS = "gigachat"
    from hrcrm.ai import embeddings

    vectors = embeddings.embed_documents(["Python-разработчик", "Бухгалтер"])
    assert len(vectors) == 2 and len(vectors[0]) == fake.EMBEDDING_DIMS == embeddings.embedding_dimensions()
    assert abs(sum(x * x for x in vectors[0]) - 1) < 1e-6
    assert embeddings.embedding_model() == "gigachat/Embeddings" and DEFAULT_DIMS == 384


def test_health_reports_up_and_down(gigachat, settings) -> None:
    status = get_provider(purpose="parsing").health(timeout=2)
    assert status.ok and "моделей" in status.detail
    settings.GIGACHAT_BASE_URL = "http://127.0.0.1:9/api/v1"  # nothing listens on port 9
    down = get_provider(purpose="parsing").health(timeout=1)
    assert not down.ok and "AIUnavailableError" in down.detail


def test_a_provider_that_keeps_failing_is_marked_down_then_probed(gigachat, settings) -> None:
    settings.AI_MAX_RETRIES = 0
    settings.AI_CIRCUIT_FAILURES = 2
    settings.AI_CIRCUIT_COOLDOWN = 0.3
    gigachat.fail_next("500", "500", path="/chat/completions")
    provider = get_provider(purpose="interview")
    for _ in range(2):
        with pytest.raises(AIUnavailableError):
            provider.chat(messages=USER)
    calls = len(gigachat.calls("/chat/completions"))
    with pytest.raises(AIUnavailableError, match="marked down") as caught:
        provider.chat(messages=USER)
    assert len(gigachat.calls("/chat/completions")) == calls  # failed fast, no request
    assert caught.value.audit_id and caught.value.permanent is False
    with pytest.raises(AIUnavailableError, match="marked down"):
        list(provider.stream(messages=USER))
    import time

    time.sleep(0.35)
    assert provider.chat(messages=USER).text  # the probe succeeds and closes the circuit
    assert provider.chat(messages=USER).text


@pytest.mark.django_db(transaction=True)
async def test_async_twins_run_off_the_event_loop(gigachat) -> None:
    provider = get_provider(purpose="interview")
    result = await provider.achat(messages=USER, prompt_name="interview.followup")
    assert result.text.startswith("Ответ GigaChat")
    gigachat.reply("Раз два три четыре пять")
    tokens = [token async for token in provider.astream(messages=USER)]
    assert "".join(tokens) == "Раз два три четыре пять"

    gigachat.reply(" ".join(f"w{i}" for i in range(50)))
    gigachat.stream_delay = 0.02
    received = []
    async for token in provider.astream(messages=USER):
        received.append(token)
        break  # leaving early cancels the worker's stream
    assert received == ["w0 "]

    gigachat.fail_next("401", path="/oauth")
    gigachat.tokens.clear()
    with pytest.raises(AIAuthError):
        async for _ in get_provider(purpose="interview").astream(messages=USER):
            pass


@pytest.mark.parametrize("status", [400, 401, 403, 404, 429, 500, 503])
def test_an_error_status_means_the_same_for_gigachat_and_the_http_providers(status: int) -> None:
    """GigaChat's SDK errors and httpx's go through one map (hrcrm/ai/http_errors.py)."""
    import httpx
    from gigachat import exceptions as gx

    from hrcrm.ai import gigachat, local, yandexgpt

    headers = httpx.Headers({"retry-after": "7"})
    sdk_class = {400: gx.BadRequestError, 401: gx.AuthenticationError, 403: gx.ForbiddenError, 429: gx.RateLimitError}
    sdk = sdk_class.get(status, gx.ResponseError)("https://gigachat/api/v1/chat", status, b"why", headers)
    request = httpx.Request("POST", "https://llm/v1/chat")
    http = httpx.HTTPStatusError(
        "error", request=request, response=httpx.Response(status, headers=headers, content=b"why", request=request)
    )
    mapped = [gigachat.translate(sdk), yandexgpt.translate(http), local.translate(http)]
    assert all(e is not None for e in mapped)
    assert len({type(e) for e in mapped}) == 1 and {e.status for e in mapped} == {status}
    assert {getattr(e, "retry_after", None) for e in mapped} == ({7.0} if status == 429 else {None})
    assert all(e.permanent == (status < 500 and status != 429) for e in mapped)
