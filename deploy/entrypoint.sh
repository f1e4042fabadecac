#!/bin/sh
# One image, three roles (deploy/compose.yaml runs each):
#   web      daphne: HTTP and WebSockets on :8000 (run several behind the proxy)
#   worker   a django-q2 cluster (run several; each task is taken by one of them)
#   migrate  the one-time release job: database migrations, then the deployment checks
# Anything else is run as a command (`docker run IMAGE python manage.py shell`).
set -e
role="${1:-web}"
case "$role" in
  web)
    # --proxy-headers: the scheme comes from the reverse proxy's X-Forwarded-Proto (the
    # proxy is the only way in; see deploy/README.md). The client's address for the rate
    # limits is read by the app itself through TRUSTED_PROXY_HOPS (hrcrm/http.py), never
    # from daphne's leftmost entry. No daphne access log: it would print link tokens; the
    # app logs every request with the tokens masked.
    exec daphne --proxy-headers --access-log /dev/null -b 0.0.0.0 -p 8000 hrcrm.asgi:application
    ;;
  worker)
    exec python manage.py qcluster
    ;;
  migrate)
    python manage.py migrate --noinput
    exec python manage.py check --deploy
    ;;
  *)
    exec "$@"
    ;;
esac
