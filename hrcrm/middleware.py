from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Russian unless the person chose another language with the switch (a cookie).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: a
    Russian-first product should not turn English because a laptop was set up in
    English; the choice stays one click away.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RequestOriginMiddleware:
    """Remember the address the page was opened under (scheme and host, as Django
    validated them against ALLOWED_HOSTS) for ``hrcrm.emails.absolute_url``: without a
    configured ``SITE_URL``, links built while answering a request — an invitation
    e-mail, an open link to copy — point where the person actually is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from hrcrm.emails import request_origin

        token = request_origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            request_origin.reset(token)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _without_nul(params: QueryDict) -> QueryDict | None:
    """A copy of ``params`` with NUL characters removed, or None when there were none."""
    if not any("\x00" in key or any("\x00" in v for v in values) for key, values in params.lists()):
        return None
    clean = QueryDict(mutable=True)
    for key, values in params.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    clean._mutable = False
    return clean


class NulGuardMiddleware:
    """PostgreSQL text cannot hold a NUL character: one in a query parameter (``?q=``,
    ``?city=``) or a posted form field used to reach the database and answer 500. It
    never means anything in our forms or filters, so it is dropped before any view sees
    it (forms also refuse it, with a message, through Django's own validator)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        clean = _without_nul(request.GET)
        if clean is not None:
            request.GET = clean
        if request.method == "POST" and request.content_type in FORM_TYPES:
            clean = _without_nul(request.POST)
            if clean is not None:
                request.POST = clean
        return self.get_response(request)
