"""Pytest fixtures of the AI fakes, loaded for the whole suite by ``tests/conftest.py``
(``pytest_plugins``), so any test (intake, scoring, interviews) can run the real
provider path against them, not only ``tests/ai``.

Local fakes of GigaChat and Yandex AI Studio (one server each per session) and the
settings that point the real SDKs at them, with fast retries for the tests. ``gigachat``
and ``yandex`` set ``AI_PROVIDER``; a test that wants one purpose only sets e.g.
``settings.AI_PROVIDER_PARSING`` itself on top of them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import gigachat as giga_fake
from tests.fakes import openai_compat as local_fake
from tests.fakes import speechkit_grpc as speechkit_fake
from tests.fakes import yandex as yandex_fake
from tests.fakes.gigachat import FakeGigaChat
from tests.fakes.openai_compat import FakeOpenAICompatible
from tests.fakes.speechkit_grpc import FakeSpeechKitGrpc
from tests.fakes.yandex import FakeYandex


@pytest.fixture(scope="session")
def gigachat_server() -> Iterator[FakeGigaChat]:
    with FakeGigaChat() as server:
        yield server


@pytest.fixture(scope="session")
def yandex_server() -> Iterator[FakeYandex]:
    with FakeYandex() as server:
        yield server


@pytest.fixture(scope="session")
def local_llm_server() -> Iterator[FakeOpenAICompatible]:
    with FakeOpenAICompatible(api_key="local-fake-key") as server:
        yield server


@pytest.fixture(scope="session")
def speechkit_grpc_server() -> Iterator[FakeSpeechKitGrpc]:
    with FakeSpeechKitGrpc() as server:
        yield server


@pytest.fixture
def speechkit(speechkit_grpc_server, settings):
    """SpeechKit v3 (STT and TTS over gRPC) pointed at the local server, with its key."""
    server = speechkit_grpc_server
    server.reset()
    settings.SPEECHKIT_STT_ENDPOINT = server.endpoint
    settings.SPEECHKIT_TTS_ENDPOINT = server.endpoint
    settings.SPEECHKIT_GRPC_PLAINTEXT = True
    settings.YANDEX_SPEECHKIT_API_KEY = speechkit_fake.API_KEY
    settings.YANDEX_API_KEY = ""
    settings.YANDEX_IAM_TOKEN = ""
    settings.YANDEX_FOLDER_ID = speechkit_fake.FOLDER_ID
    settings.SPEECH_REMOTE_TIMEOUT = 15.0
    return server


@pytest.fixture
def fast_retries(settings):
    settings.AI_RETRY_BACKOFF = 0.01
    settings.AI_RETRY_BACKOFF_MAX = 0.05
    settings.AI_MAX_RETRIES = 2
    # Generous: on a loaded CI machine a first SDK call can take seconds, and a timed-out
    # attempt would consume the fake's scripted reply. Timeout tests pass their own.
    settings.AI_TIMEOUT = 15.0
    return settings


@pytest.fixture
def gigachat(gigachat_server, fast_retries, db):
    gigachat_server.reset()
    settings = fast_retries
    settings.AI_PROVIDER = "gigachat"
    settings.GIGACHAT_CREDENTIALS = giga_fake.CREDENTIALS
    settings.GIGACHAT_SCOPE = giga_fake.SCOPE
    settings.GIGACHAT_MODEL = "GigaChat-Pro"
    settings.GIGACHAT_BASE_URL = gigachat_server.base_url
    settings.GIGACHAT_AUTH_URL = gigachat_server.auth_url
    settings.GIGACHAT_VERIFY_SSL = False  # plain http to 127.0.0.1 in tests only
    return gigachat_server


@pytest.fixture
def yandex(yandex_server, fast_retries, db):
    yandex_server.reset()
    settings = fast_retries
    settings.AI_PROVIDER = "yandexgpt"
    settings.YANDEX_API_KEY = yandex_fake.API_KEY
    settings.YANDEX_IAM_TOKEN = ""
    settings.YANDEX_FOLDER_ID = yandex_fake.FOLDER
    settings.YANDEX_GPT_MODEL = "yandexgpt"
    settings.YANDEX_LLM_URL = yandex_server.llm_url
    settings.YANDEX_VERIFY_SSL = False
    return yandex_server


@pytest.fixture
def local_llm(local_llm_server, fast_retries, db):
    """A self-hosted OpenAI-compatible server (vLLM, Ollama, llama.cpp) on 127.0.0.1."""
    local_llm_server.reset()
    settings = fast_retries
    settings.AI_PROVIDER = "local"
    settings.LOCAL_LLM_URL = local_llm_server.base_url
    settings.LOCAL_LLM_MODEL = local_fake.MODEL
    settings.LOCAL_LLM_API_KEY = local_llm_server.api_key
    settings.LOCAL_LLM_EMBEDDING_MODEL = local_fake.EMBEDDING_MODEL
    return local_llm_server


@pytest.fixture(autouse=True)
def _closed_circuits() -> Iterator[None]:
    """The circuit breaker is process-wide: every test starts with providers up."""
    from hrcrm.ai.resilience import breaker

    breaker.reset()
    yield
    breaker.reset()
