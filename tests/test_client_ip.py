"""The client's address through trusted proxy hops, and the link rate limit behind a
load balancer: a forged X-Forwarded-For neither evades the limit nor locks out a chosen
address, a malformed one is ignored (never a 500), and valid links keep opening."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hrcrm.http import client_address, scope_client_ip
from tests import factories as f
from vacancies import links
from vacancies.models import LinkAttempt

BALANCER = "10.0.0.1"


@pytest.mark.parametrize(
    ("forwarded", "hops", "expected"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),  # the client wrote 6.6.6.6 himself
        ("6.6.6.6, 203.0.113.7, 10.1.1.1", 2, "203.0.113.7"),
        ("203.0.113.7", 2, BALANCER),  # shorter than the chain: did not pass our proxies
        ("not-an-ip", 1, BALANCER),
        ("1.2.3.4, not-an-ip", 1, BALANCER),
        ("203.0.113.7:5555", 1, "203.0.113.7"),
        ("[2001:db8::1]:443", 1, "2001:db8::1"),
        ("203.0.113.7\x00", 1, "203.0.113.7"),
        ("203.0.113.7", 0, BALANCER),  # no trusted proxy: the header means nothing
        ("", 1, BALANCER),
    ],
)
def test_the_client_is_read_from_the_right_through_trusted_hops(forwarded: str, hops: int, expected: str) -> None:
    assert client_address(BALANCER, forwarded, hops=hops) == expected


def test_a_bad_peer_address_never_leaks_out() -> None:
    assert client_address("garbage", None, hops=0) == "0.0.0.0"
    assert client_address(None, "x", hops=1) == "0.0.0.0"


def test_a_websocket_scope_is_read_the_same_way(settings) -> None:
    settings.TRUSTED_PROXY_HOPS = 1
    scope = {"client": ["6.6.6.6", 0], "headers": [(b"x-forwarded-for", b"6.6.6.6, 198.51.100.9")]}
    assert scope_client_ip(scope) == "198.51.100.9"


@pytest.fixture
def behind_balancer(settings) -> None:
    settings.TRUSTED_PROXY_HOPS = 1


def _get(client: Client, token: str, forwarded: str) -> int:
    return client.get(
        reverse("invite:landing", args=[token]), REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=forwarded
    ).status_code


@pytest.mark.django_db
def test_a_forged_first_entry_neither_evades_the_limit_nor_locks_out_its_address(
    client: Client, behind_balancer: None
) -> None:
    for n in range(links.ATTEMPT_LIMIT):
        # The attacker (198.51.100.66) writes a new "first hop" every time.
        assert _get(client, f"guess{n:030d}", f"192.0.2.{n}, 198.51.100.66") == 404
    assert _get(client, "guess" + "x" * 30, "192.0.2.200, 198.51.100.66") == 429
    # The forged addresses collected nothing; the attacker's own address has it all.
    assert set(LinkAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.66"}
    # Another candidate behind the same balancer is not throttled.
    assert _get(client, "guess" + "y" * 30, "198.51.100.5") == 404


@pytest.mark.django_db
def test_a_malformed_forwarded_header_is_ignored_not_a_500(client: Client, behind_balancer: None) -> None:
    issued = links.link_create_for_application(application=f.application(), actor=None)
    assert _get(client, issued.token, "not-an-ip") == 200
    assert _get(client, "guess" + "x" * 30, "not-an-ip") == 404
    assert list(LinkAttempt.objects.values_list("ip_address", flat=True)) == [BALANCER]
