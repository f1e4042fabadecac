"""API keys: creation (the key is returned once), lookup by hash, scopes, and the
per-key request limit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from integrations.models import ALL_SCOPES, ApiKey, Integration, RequestWindow

KEY_PREFIX = "hrk_"
WINDOW = timedelta(minutes=1)


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    raw: str


def api_key_create(
    *, integration: Integration, name: str, scopes: list[str], rate_limit_per_minute: int = 120
) -> IssuedKey:
    """A new key; ``raw`` is the only time the whole key exists outside the client."""
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise ValueError(f"unknown scopes: {', '.join(unknown)}")
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        integration=integration,
        name=name,
        prefix=raw[: len(KEY_PREFIX) + 6],
        key_hash=key_hash(raw),
        scopes=sorted(set(scopes)),
        rate_limit_per_minute=rate_limit_per_minute,
    )
    return IssuedKey(api_key=api_key, raw=raw)


def api_key_assign_new_secret(api_key: ApiKey) -> str:
    """Give an unsaved key (the admin's add form) its secret; returns the raw key."""
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    api_key.prefix = raw[: len(KEY_PREFIX) + 6]
    api_key.key_hash = key_hash(raw)
    return raw


def api_key_authenticate(raw: str) -> ApiKey | None:
    """The active key for ``raw`` (its integration active too), or None."""
    if not raw.startswith(KEY_PREFIX) or len(raw) > 200:
        return None
    api_key = ApiKey.objects.select_related("integration__acting_user").filter(key_hash=key_hash(raw)).first()
    if api_key is None or not api_key.is_active:
        return None
    return api_key


def api_key_hit(api_key: ApiKey) -> None:
    """Count one request in the key's current minute; ``RateLimited`` past its limit."""
    now = timezone.now()
    start = now.replace(second=0, microsecond=0)
    updated = RequestWindow.objects.filter(api_key=api_key, window_start=start).update(count=F("count") + 1)
    if not updated:
        try:
            with transaction.atomic():
                RequestWindow.objects.create(api_key=api_key, window_start=start, count=1)
        except IntegrityError:  # another request created this minute's row first
            RequestWindow.objects.filter(api_key=api_key, window_start=start).update(count=F("count") + 1)
        RequestWindow.objects.filter(api_key=api_key, window_start__lt=start - WINDOW).delete()
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    count = RequestWindow.objects.filter(api_key=api_key, window_start=start).values_list("count", flat=True).first()
    if count is not None and count > api_key.rate_limit_per_minute:
        raise RateLimited(retry_after=max(1, int((start + WINDOW - now).total_seconds()) + 1))
