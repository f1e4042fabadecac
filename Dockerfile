# Production image: one image, three roles (web: daphne; worker: django-q2 cluster;
# migrate: the release job). deploy/compose.yaml runs the whole layout.
# Needs an external PostgreSQL with pgvector (DATABASE_URL) and Redis (REDIS_URL).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 app

WORKDIR /app
COPY requirements.txt .
# silero-vad's wheel carries the ONNX model voice mode runs with onnxruntime; its torch
# dependency is not needed (hence --no-deps, as in the Makefile).
RUN pip install -r requirements.txt \
 && pip install --no-deps silero-vad==6.2.3
COPY --chown=app:app . .
# A throw-away key for the build steps only (a short or published key is refused).
RUN export DATABASE_URL=postgres://build@localhost/build \
      SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
 && python manage.py compile_translations \
 && python manage.py collectstatic --noinput -v0 \
 && python manage.py speech_models

USER app
EXPOSE 8000
# `docker run IMAGE migrate` once per release, then `web` and `worker` (deploy/entrypoint.sh)
ENTRYPOINT ["deploy/entrypoint.sh"]
CMD ["web"]
