# Production image: one image, two roles (web: daphne; worker: django-q2 cluster).
# Needs an external PostgreSQL with pgvector (DATABASE_URL) and Redis (REDIS_URL).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 app

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY --chown=app:app . .
# A throw-away key for the build steps only (a short or published key is refused).
RUN export DATABASE_URL=postgres://build@localhost/build \
      SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
 && python manage.py compile_translations \
 && python manage.py collectstatic --noinput -v0

USER app
EXPOSE 8000
# `docker run IMAGE web` or `docker run IMAGE worker`. Behind a load balancer
# (TRUSTED_PROXY_HOPS > 0) daphne reads the proxy headers (the scheme); the app itself
# takes the client's address from X-Forwarded-For through the trusted hops. daphne's own
# access log is off: it would print link tokens; the app logs every request, masked.
ENTRYPOINT ["sh", "-c", "if [ \"$0\" = worker ]; then exec python manage.py qcluster; else python manage.py migrate --noinput && if [ \"${TRUSTED_PROXY_HOPS:-0}\" -gt 0 ]; then set -- --proxy-headers; else set --; fi && exec daphne --access-log /dev/null -b 0.0.0.0 -p 8000 \"$@\" hrcrm.asgi:application; fi"]
CMD ["web"]
