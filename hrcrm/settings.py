"""Django settings. Everything that differs between machines comes from the environment
(see the configuration table in README.md); the defaults give a working system with no
set-up: embedded PostgreSQL, ORM task broker, in-memory channel layer, local media."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from hrcrm.logs import logging_config
from hrcrm.security import content_security_policy, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

TESTING = "pytest" in sys.modules or env.bool("HRCRM_TESTING", default=False)

DEBUG = env.bool("DEBUG", default=False)
# Production is where cookies go over HTTPS only: HSTS, SSL redirect and CSP follow.
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=False)
# SECRET_KEY signs sessions, CSRF tokens and flash messages: a known key lets anyone
# forge them. Unset, a random key is made once per installation in var/secret_key (a
# local demo; several machines behind a balancer must share one SECRET_KEY).
SECRET_KEY = secret_key(env.str("SECRET_KEY", default=""), debug=DEBUG, testing=TESTING, production=SECURE_COOKIES)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address for links in e-mails and messages. Empty: links use the address
# the page was opened under, and background tasks (reminders, notifications) fall back
# to LOCAL_SITE_URL. Set it in production.
SITE_URL = env.str("SITE_URL", default="")
LOCAL_SITE_URL = "http://127.0.0.1:8000"

INSTALLED_APPS = [
    "daphne",  # must precede staticfiles: `runserver` then serves ASGI
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_q",
    "django_htmx",
    "template_partials",
    "hrcrm",
    "candidates",
    "vacancies",
    "interviews",
    "matching",
    "scoring",
    "privacy",
    "notifications",
    # Read-only views over the apps above (the top layer, see ARCHITECTURE.md).
    "analytics",
    "monitor",
    "pool",
    "integrations",
    "ninja",  # the API docs' static files
    # Login lockout (settings below).
    "axes",
]

MIDDLEWARE = [
    # First: the request id is bound for everything below, and logged with the response.
    "hrcrm.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hrcrm.middleware.LanguageMiddleware",
    "hrcrm.middleware.NulGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hrcrm.middleware.RequestOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required
    # (login page, candidate pages reached by token): safe by default.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Content-Security-Policy header (settings below; on with SECURE_COOKIES).
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hrcrm.urls"
ASGI_APPLICATION = "hrcrm.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hrcrm.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL wins; otherwise the embedded PostgreSQL 18 + pgvector in var/pgdata.
# There is deliberately no SQLite fallback: matching relies on pgvector everywhere.
DATABASE_URL = env.str("DATABASE_URL", default="")
EMBEDDED_PGDATA = Path(env.str("EMBEDDED_PGDATA", default=str(BASE_DIR / "var" / "pgdata")))
if DATABASE_URL:
    from hrcrm.embedded_db import settings_from_url

    DATABASES = {"default": settings_from_url(DATABASE_URL)}
else:
    from hrcrm.embedded_db import lazy_database_settings

    # Nothing starts here: the backend starts the server on the first connection.
    DATABASES = {"default": lazy_database_settings(EMBEDDED_PGDATA)}
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------
# Validators apply to every password set through a form or `changepassword` /
# `createsuperuser`; `seed_demo` sets the demo users' passwords (recruiter/recruiter...)
# directly, for a local demo only.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one login
# from one address, that pair is refused for LOGIN_LOCKOUT_MINUTES (even with the right
# password). Per pair, so nobody locks a colleague out from elsewhere; the address is
# read through the trusted proxy hops (hrcrm.http.client_ip).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("LOGIN_LOCKOUT_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "hrcrm.http.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- I18n: Russian first, English switchable --------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))

AWS_STORAGE_BUCKET_NAME = env.str("S3_BUCKET", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Yandex Object Storage, MinIO or any S3-compatible storage.
    AWS_S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="https://storage.yandexcloud.net")
    AWS_S3_REGION_NAME = env.str("S3_REGION", default="ru-central1")
    AWS_ACCESS_KEY_ID = env.str("S3_ACCESS_KEY_ID", default="")
    AWS_SECRET_ACCESS_KEY = env.str("S3_SECRET_ACCESS_KEY", default="")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG

# --- Channels -------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # channels-redis waits for messages with a blocking BZPOPMIN of 5 s, and
            # redis-py (≥ 6) gives up reading after its default socket timeout of 5 s:
            # every idle socket then died with a TimeoutError. The read timeout must
            # outlast the blocking wait (tests/test_scale_out.py keeps a socket idle).
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 30}]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- django-q2 ------------------------------------------------------------------------
# Every task is idempotent (a rerun does not repeat its side effects), so the cluster is
# set up to run an interrupted task again rather than lose it:
# - the ORM broker (the default, also with REDIS_URL): a worker takes a task by setting
#   its lock to now + ``retry``; a task whose worker died (killed, machine rebooted) is
#   handed out again when the lock expires. django-q2's Redis broker pops a task off the
#   list and has no acknowledgement, so a task whose worker dies there is lost: it is
#   only used when Q_REDIS_BROKER=true is asked for;
# - ``retry`` > ``timeout``: a task still running is never handed out a second time;
# - ``ack_failures`` off: a task that raised stays queued and runs again after ``retry``,
#   ``max_attempts`` times in all, then it is acknowledged and shown as failed (monitor).
Q_TIMEOUT = env.int("Q_TIMEOUT", default=300)
Q_RETRY = env.int("Q_RETRY", default=360)
if Q_RETRY <= Q_TIMEOUT:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"Q_RETRY ({Q_RETRY}) must be greater than Q_TIMEOUT ({Q_TIMEOUT})")
Q_CLUSTER: dict[str, object] = {
    "name": "hrcrm",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": Q_TIMEOUT,
    "retry": Q_RETRY,
    "max_attempts": env.int("Q_MAX_ATTEMPTS", default=3),
    "ack_failures": False,
    "queue_limit": 50,
    "bulk": 5,
    "catch_up": False,
    "label": "Задачи",
    "sync": env.bool("Q_SYNC", default=False),
}
if REDIS_URL and env.bool("Q_REDIS_BROKER", default=False):
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="HR CRM <noreply@hrcrm.example.com>")
# --- Telegram ---------------------------------------------------------------------------
# Empty token = the bot is off (notifications are not queued). TELEGRAM_API_URL points at
# the Bot API (tests use a local fake). The webhook answers only requests carrying
# TELEGRAM_WEBHOOK_SECRET in X-Telegram-Bot-Api-Secret-Token; empty = webhook off (use
# `manage.py telegram_bot` long polling instead). TELEGRAM_BOT_USERNAME saves a getMe call.
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_API_URL = env.str("TELEGRAM_API_URL", default="https://api.telegram.org")
TELEGRAM_WEBHOOK_SECRET = env.str("TELEGRAM_WEBHOOK_SECRET", default="")
TELEGRAM_BOT_USERNAME = env.str("TELEGRAM_BOT_USERNAME", default="")
TELEGRAM_TIMEOUT = env.float("TELEGRAM_TIMEOUT", default=10.0)
TELEGRAM_LINK_CODE_MINUTES = env.int("TELEGRAM_LINK_CODE_MINUTES", default=15)

# --- AI providers ---------------------------------------------------------------------
AI_PROVIDER = env.str("AI_PROVIDER", default="offline")  # offline | yandexgpt | gigachat | local
YANDEX_API_KEY = env.str("YANDEX_API_KEY", default="")
YANDEX_IAM_TOKEN = env.str("YANDEX_IAM_TOKEN", default="")
YANDEX_FOLDER_ID = env.str("YANDEX_FOLDER_ID", default="")
YANDEX_GPT_MODEL = env.str("YANDEX_GPT_MODEL", default="yandexgpt")
GIGACHAT_CREDENTIALS = env.str("GIGACHAT_CREDENTIALS", default="")
GIGACHAT_SCOPE = env.str("GIGACHAT_SCOPE", default="GIGACHAT_API_PERS")
GIGACHAT_MODEL = env.str("GIGACHAT_MODEL", default="GigaChat")
GIGACHAT_VERIFY_SSL = env.bool("GIGACHAT_VERIFY_SSL", default=True)
# Per-purpose overrides (empty = AI_PROVIDER; embeddings default to the offline model so
# stored vectors stay in one space). See hrcrm/ai/config.py.
AI_PROVIDER_PARSING = env.str("AI_PROVIDER_PARSING", default="")
AI_PROVIDER_INTERVIEW = env.str("AI_PROVIDER_INTERVIEW", default="")
AI_PROVIDER_SCORING = env.str("AI_PROVIDER_SCORING", default="")
AI_PROVIDER_EMBEDDINGS = env.str("AI_PROVIDER_EMBEDDINGS", default="")
AI_TIMEOUT = env.float("AI_TIMEOUT", default=30.0)  # seconds per request
AI_MAX_RETRIES = env.int("AI_MAX_RETRIES", default=2)  # on 429, 5xx, timeouts, resets
AI_RETRY_BACKOFF = env.float("AI_RETRY_BACKOFF", default=0.5)  # base of exponential backoff
AI_RETRY_BACKOFF_MAX = env.float("AI_RETRY_BACKOFF_MAX", default=8.0)
AI_MAX_CONCURRENCY = env.int("AI_MAX_CONCURRENCY", default=4)  # in-flight calls per provider and process
AI_CIRCUIT_FAILURES = env.int("AI_CIRCUIT_FAILURES", default=3)  # failed calls in a row → provider marked down
AI_CIRCUIT_COOLDOWN = env.float("AI_CIRCUIT_COOLDOWN", default=30.0)  # seconds before it is tried again
AI_AUDIT_STORE_INPUT = env.bool("AI_AUDIT_STORE_INPUT", default=False)  # full prompts hold personal data
AI_AUDIT_OUTPUT_MAX_CHARS = env.int("AI_AUDIT_OUTPUT_MAX_CHARS", default=4000)
AI_AUDIT_RETENTION_DAYS = env.int("AI_AUDIT_RETENTION_DAYS", default=180)
YANDEX_LLM_URL = env.str(
    "YANDEX_LLM_URL", default=""
)  # OpenAI-compatible base, e.g. https://llm.api.cloud.yandex.net/v1
YANDEX_VERIFY_SSL = env.bool("YANDEX_VERIFY_SSL", default=True)
YANDEX_EMBEDDING_DOC_MODEL = env.str("YANDEX_EMBEDDING_DOC_MODEL", default="text-search-doc")
YANDEX_EMBEDDING_QUERY_MODEL = env.str("YANDEX_EMBEDDING_QUERY_MODEL", default="text-search-query")
GIGACHAT_ACCESS_TOKEN = env.str("GIGACHAT_ACCESS_TOKEN", default="")
GIGACHAT_BASE_URL = env.str("GIGACHAT_BASE_URL", default="")  # SDK default: the public API
GIGACHAT_AUTH_URL = env.str("GIGACHAT_AUTH_URL", default="")  # SDK default: Sber's OAuth
GIGACHAT_CA_BUNDLE = env.str("GIGACHAT_CA_BUNDLE", default="")  # the Russian Trusted Root CA file
GIGACHAT_EMBEDDING_MODEL = env.str("GIGACHAT_EMBEDDING_MODEL", default="Embeddings")
# A self-hosted OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp server,
# LM Studio): its base URL up to and including /v1, the model name it serves, and a key
# only if the server asks for one. Personal data then never leaves the company's network.
LOCAL_LLM_URL = env.str("LOCAL_LLM_URL", default="")  # e.g. http://10.0.0.5:8000/v1
LOCAL_LLM_MODEL = env.str("LOCAL_LLM_MODEL", default="")  # e.g. Qwen/Qwen2.5-7B-Instruct
LOCAL_LLM_API_KEY = env.str("LOCAL_LLM_API_KEY", default="")
LOCAL_LLM_VERIFY_SSL = env.bool("LOCAL_LLM_VERIFY_SSL", default=True)
LOCAL_LLM_EMBEDDING_MODEL = env.str("LOCAL_LLM_EMBEDDING_MODEL", default="")
# The interviewer's time budget for one model-written turn (seconds): past it the rules
# engine answers that turn. Voice: the whole reply must be ready by then.
INTERVIEW_LLM_BUDGET_CHAT = env.float("INTERVIEW_LLM_BUDGET_CHAT", default=6.0)
INTERVIEW_LLM_BUDGET_VOICE = env.float("INTERVIEW_LLM_BUDGET_VOICE", default=1.5)
# Seconds a model may take to write the plan's questions (else the bank's stand).
INTERVIEW_LLM_PLAN_BUDGET = env.float("INTERVIEW_LLM_PLAN_BUDGET", default=10.0)

# An interview with no activity for this long is marked abandoned by a scheduled task.
INTERVIEW_IDLE_MINUTES = env.int("INTERVIEW_IDLE_MINUTES", default=30)
# A personal interview link nobody opened this many hours after it was issued gets one
# reminder e-mail (the hourly task vacancies.tasks.invitation_reminders_task).
INVITE_REMINDER_HOURS = env.int("INVITE_REMINDER_HOURS", default=24)

# --- Personal data (152-ФЗ) -------------------------------------------------------------
# Days within which a withdrawal of consent or an erasure request is carried out (the law
# allows up to 30); 0 = at the next run of the scheduled task (every hour).
ERASURE_TERM_DAYS = env.int("ERASURE_TERM_DAYS", default=30)
# Candidates with no active application for this many days are erased, unless they
# consented to the talent pool.
RETENTION_DAYS = env.int("RETENTION_DAYS", default=365)
# A talent-pool consent counts for this many days from when it was given; the daily
# retention run records the expiry (the person leaves the pool, the pool page says so)
# and he is then erased like anyone else once RETENTION_DAYS pass without activity.
TALENT_POOL_CONSENT_DAYS = env.int("TALENT_POOL_CONSENT_DAYS", default=730)
# The same person opening the same thing again within this window is logged once (the
# candidate page refreshes itself; a video player asks for the file several times).
ACCESS_LOG_DEDUPE_SECONDS = env.int("ACCESS_LOG_DEDUPE_SECONDS", default=300)

# Hiring managers see the candidates of the vacancies they manage (or that are shared
# with them); true opens every candidate to every manager (candidates/scope.py).
MANAGERS_SEE_ALL = env.bool("MANAGERS_SEE_ALL", default=False)

# Days within which an admin may reverse a manager's decision (with a reason, kept in
# the stage history); 0 = never.
DECISION_REVERSAL_DAYS = env.int("DECISION_REVERSAL_DAYS", default=14)

# How many LLM evaluation runs are combined (median, spread shown as «устойчивость оценки»).
SCORING_LLM_RUNS = env.int("SCORING_LLM_RUNS", default=3)

# --- Uploads --------------------------------------------------------------------------
RESUME_MAX_BYTES = env.int("RESUME_MAX_BYTES", default=10 * 1024 * 1024)
# Resume intake (candidates/intake): "as of" month for open-ended jobs ("" = this month),
# limits for hostile files and for the isolated parsing child process.
INTAKE_AS_OF = env.str("INTAKE_AS_OF", default="")
INTAKE_MAX_TEXT_CHARS = env.int("INTAKE_MAX_TEXT_CHARS", default=300_000)
INTAKE_MAX_UNCOMPRESSED_BYTES = env.int("INTAKE_MAX_UNCOMPRESSED_BYTES", default=60 * 1024 * 1024)
INTAKE_MAX_ZIP_ENTRIES = env.int("INTAKE_MAX_ZIP_ENTRIES", default=2000)
INTAKE_PARSE_TIMEOUT = env.int("INTAKE_PARSE_TIMEOUT", default=60)
INTAKE_PARSE_MEMORY_BYTES = env.int("INTAKE_PARSE_MEMORY_BYTES", default=1024 * 1024 * 1024)
# Tests only: seconds the intake task sleeps after «extracting», before parsing, so a
# test can kill the worker mid-parse (candidates/intake/services.py). Never set it in
# production.
INTAKE_TEST_DELAY_SECONDS = env.float("INTAKE_TEST_DELAY_SECONDS", default=0.0)
# Re-embed and re-score in a task when a resume is parsed, a vacancy saved or an
# application created (tests switch it off unless they test it: embedding takes seconds).
MATCHING_REFRESH_ON_CHANGE = env.bool("MATCHING_REFRESH_ON_CHANGE", default=True)
# HNSW candidate list of the nearest-neighbour queries (pgvector ``hnsw.ef_search``, set per
# query transaction): higher = better recall and slower; it must exceed the rows a query
# asks for (at most 100). Measured by bench/matching_scale.py.
MATCHING_HNSW_EF_SEARCH = env.int("MATCHING_HNSW_EF_SEARCH", default=200)
# Interview recordings (interviews/recording.py): the largest chunk; the total per
# interview (0 = sized by its time budget: EXPECTED_MB_PER_MINUTE × (budget + SLACK));
# the rate (average since the first chunk, one minute of headroom).
RECORDING_MAX_CHUNK_MB = env.int("RECORDING_MAX_CHUNK_MB", default=16)
RECORDING_MAX_MB = env.int("RECORDING_MAX_MB", default=0)
RECORDING_EXPECTED_MB_PER_MINUTE = env.float("RECORDING_EXPECTED_MB_PER_MINUTE", default=8.0)
RECORDING_SLACK_MINUTES = env.int("RECORDING_SLACK_MINUTES", default=15)
RECORDING_MB_PER_MINUTE = env.int("RECORDING_MB_PER_MINUTE", default=24)
DATA_UPLOAD_MAX_NUMBER_FILES = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security for production ----------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE_COOKIES)
# The balancer's health checks come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_COOKIES else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_COOKIES)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_COOKIES)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): only our own scripts, styles, fonts and media;
# no inline or evaluated script (HTMX runs with allowEval off), no framing. On with
# SECURE_COOKIES, or CSP=true to try it locally.
CONTENT_SECURITY_POLICY = content_security_policy() if env.bool("CSP", default=SECURE_COOKIES) else None
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Our own proxies in front of the app (load balancer, ingress): the client's address is
# the entry this many places from the right of X-Forwarded-For (hrcrm/http.py). 0 = the
# header is ignored (nothing in front, or a proxy that does not append to it).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=1 if BEHIND_PROXY else 0)
X_FRAME_OPTIONS = "DENY"

# --- Logging --------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# text: readable lines with the bound ids in brackets; json: one JSON object per line
# with request_id / interview_id / connection_id / task_id (hrcrm/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text").strip().lower()
LOGGING = logging_config(level=LOG_LEVEL, fmt=LOG_FORMAT)

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never try to fetch models at run time

# --- Voice interviews (interviews/speech) -----------------------------------------------
SPEECH_VAD = env.str("SPEECH_VAD", default="silero")
SPEECH_VAD_MODEL_PATH = env.str("SPEECH_VAD_MODEL_PATH", default="")  # empty: the silero-vad wheel's .onnx
SPEECH_STT = env.str("SPEECH_STT", default="whisper")  # whisper | speechkit | speechkit-rest | vosk
SPEECH_TTS = env.str("SPEECH_TTS", default="espeak")  # espeak | speechkit
SPEECH_WHISPER_MODEL_DIR = env.str(
    "SPEECH_WHISPER_MODEL_DIR", default=str(BASE_DIR / "var" / "models" / "whisper-base")
)
# Whisper decoding (interviews/speech/stt_whisper.py; numbers in bench/stt_accuracy.py):
# the shortest encoder window (short turns decoded on a window cut to their length
# loop or vanish), the beam of the first decoding, and the no-speech probability that,
# with a low log-probability, marks a window as silence (then it is decoded again and,
# failing that, kept as an unclear stretch — never dropped).
SPEECH_WHISPER_MIN_WINDOW_S = env.float("SPEECH_WHISPER_MIN_WINDOW_S", default=10.0)
SPEECH_WHISPER_BEAM = env.int("SPEECH_WHISPER_BEAM", default=1)
SPEECH_WHISPER_RETRY_BEAM = env.int("SPEECH_WHISPER_RETRY_BEAM", default=5)  # the 30 s second decoding
SPEECH_WHISPER_NO_SPEECH_PROB = env.float("SPEECH_WHISPER_NO_SPEECH_PROB", default=0.6)
# Give the recogniser the vacancy's and the resume's terms as a prompt (Whisper).
SPEECH_STT_HOTWORDS = env.bool("SPEECH_STT_HOTWORDS", default=False)
SPEECH_STT_THREADS = env.int("SPEECH_STT_THREADS", default=1)  # per recognition; parallelism comes from the pool
SPEECH_WORKERS = env.int("SPEECH_WORKERS", default=2)  # threads for STT/TTS off the event loop (≈ cores)
SPEECH_EXPRESS_WORKERS = env.int("SPEECH_EXPRESS_WORKERS", default=1)  # more, only for ended turns and TTS
# Recognitions CTranslate2 runs at once: one per thread above that may call it.
SPEECH_STT_WORKERS = env.int("SPEECH_STT_WORKERS", default=SPEECH_WORKERS + SPEECH_EXPRESS_WORKERS)
SPEECH_TURN_END_SILENCE_S = env.float("SPEECH_TURN_END_SILENCE_S", default=1.2)
SPEECH_TURN_HOLD_SILENCE_S = env.float("SPEECH_TURN_HOLD_SILENCE_S", default=5.0)
SPEECH_THINK_PHRASES = env.list(
    "SPEECH_THINK_PHRASES",
    default=[
        "дайте подумать",
        "дай подумать",
        "минуту",
        "секунду",
        "сейчас вспомню",
        "let me think",
        "give me a second",
    ],
)
# Rolling transcription: the turn in progress is cut into pieces recognised while the
# candidate goes on talking — at a pause of SEGMENT_PAUSE_S once SEGMENT_MIN_S is
# pending, or at the quietest moment after SEGMENT_MAX_S without a pause.
SPEECH_SEGMENT_PAUSE_S = env.float("SPEECH_SEGMENT_PAUSE_S", default=0.25)
SPEECH_SEGMENT_MIN_S = env.float("SPEECH_SEGMENT_MIN_S", default=1.0)
SPEECH_SEGMENT_MAX_S = env.float("SPEECH_SEGMENT_MAX_S", default=6.0)
SPEECH_ESPEAK_BINARY = env.str("SPEECH_ESPEAK_BINARY", default="espeak-ng")
SPEECH_TTS_WPM = env.int("SPEECH_TTS_WPM", default=165)
SPEECH_TTS_CHUNK_S = env.float("SPEECH_TTS_CHUNK_S", default=0.5)
SPEECH_TTS_LEAD_S = env.float("SPEECH_TTS_LEAD_S", default=1.0)  # audio sent ahead of playback
SPEECH_REMOTE_TIMEOUT = env.float("SPEECH_REMOTE_TIMEOUT", default=15.0)
# Streaming engines: at a turn's end, how long to wait for the final of its last
# utterance before taking what was heard (the finals so far and the last partial).
SPEECH_STREAM_FINAL_TIMEOUT_S = env.float("SPEECH_STREAM_FINAL_TIMEOUT_S", default=2.0)
YANDEX_SPEECHKIT_API_KEY = env.str("YANDEX_SPEECHKIT_API_KEY", default="")
YANDEX_SPEECHKIT_STT_URL = env.str(
    "YANDEX_SPEECHKIT_STT_URL", default="https://stt.api.cloud.yandex.net/speech/v1/stt:recognize"
)
# SpeechKit v3 over gRPC (SPEECH_STT=speechkit, SPEECH_TTS=speechkit). Auth: the API key
# above (or YANDEX_API_KEY), else the IAM token YANDEX_IAM_TOKEN; YANDEX_FOLDER_ID goes in
# x-folder-id. Plaintext gRPC is for a local test server only.
SPEECHKIT_STT_ENDPOINT = env.str("SPEECHKIT_STT_ENDPOINT", default="stt.api.cloud.yandex.net:443")
SPEECHKIT_TTS_ENDPOINT = env.str("SPEECHKIT_TTS_ENDPOINT", default="tts.api.cloud.yandex.net:443")
SPEECHKIT_GRPC_PLAINTEXT = env.bool("SPEECHKIT_GRPC_PLAINTEXT", default=False)
SPEECHKIT_STT_MODEL = env.str("SPEECHKIT_STT_MODEL", default="general")
# A streaming recognition session may last 5 minutes: a new one is started after
# SESSION_S at the next pause, or at HARD_S without one (with OVERLAP_S of audio sent
# to both sessions and the duplicate words dropped). See stt_speechkit.py.
SPEECHKIT_STT_SESSION_S = env.float("SPEECHKIT_STT_SESSION_S", default=270.0)
SPEECHKIT_STT_SESSION_HARD_S = env.float("SPEECHKIT_STT_SESSION_HARD_S", default=290.0)
SPEECHKIT_STT_OVERLAP_S = env.float("SPEECHKIT_STT_OVERLAP_S", default=1.0)
SPEECHKIT_STT_PAUSE_S = env.float("SPEECHKIT_STT_PAUSE_S", default=0.25)  # quiet this long = a pause
SPEECHKIT_TTS_VOICE = env.str("SPEECHKIT_TTS_VOICE", default="alena")  # Russian voice
SPEECHKIT_TTS_VOICE_EN = env.str("SPEECHKIT_TTS_VOICE_EN", default="john")
SPEECHKIT_TTS_SAMPLE_RATE = env.int("SPEECHKIT_TTS_SAMPLE_RATE", default=22050)  # LINEAR16 PCM, mono
# Vosk (SPEECH_STT=vosk): an unpacked model folder, e.g. vosk-model-small-ru-0.22.
VOSK_MODEL_PATH = env.str("VOSK_MODEL_PATH", default=str(BASE_DIR / "var" / "models" / "vosk-model-small-ru"))
# An engine that cannot start (no model, no key) is replaced by this one, with a warning
# in the log; empty: the error stands.
SPEECH_STT_FALLBACK = env.str("SPEECH_STT_FALLBACK", default="")
