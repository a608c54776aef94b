import os
import re
import subprocess
import sys
import uuid

import pytest
import redis
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from events.models import Registration
from foundation import limits, spam
from foundation.client_address import client_address
from foundation.models import OutgoingEmail
from tests.events.test_pages import form_data as registration_data
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

VENUE = "203.0.113.50"
PROXY = "10.0.0.2"


@pytest.fixture
def event():
    return EventFactory(slug="summit", title_en="Summit", capacity=400)


def address_of(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_forwarded_header_is_ignored_unless_the_request_came_through_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = []
    assert address_of(VENUE, forwarded="198.51.100.7") == VENUE
    settings.TRUSTED_PROXIES = [PROXY]
    assert address_of(VENUE, forwarded="198.51.100.7") == VENUE  # a direct visitor cannot pick an address


def test_client_address_is_the_first_untrusted_hop_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert address_of(PROXY, forwarded=VENUE) == VENUE
    # The visitor wrote the left-hand entry; our proxies appended the rest.
    assert address_of(PROXY, forwarded=f"198.51.100.7, {VENUE}, 10.0.0.9") == VENUE
    assert address_of(PROXY, forwarded="not-an-address") == PROXY
    assert address_of(PROXY) == PROXY


def test_300_registrations_from_one_venue_address_for_one_event_all_succeed(one_window, client, event, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    statuses = [
        client.post(
            "/en/events/summit/register/",
            registration_data(email=f"guest{number}@example.com"),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=VENUE,
        ).status_code
        for number in range(300)
    ]
    assert statuses == [302] * 300
    assert Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count() == 300


def test_too_many_attempts_for_one_email_at_one_event_answer_429_keeping_what_was_typed(one_window, client, event):
    for _ in range(limits.REGISTRATIONS_PER_EVENT_AND_EMAIL.allowed):
        assert client.post("/en/events/summit/register/", registration_data()).status_code == 302
    response = client.post("/en/events/summit/register/", registration_data(organisation="Studio Nine"))
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many submissions" in page and "Studio Nine" in page
    assert Registration.objects.count() == 1


def test_the_network_ceiling_answers_429(one_window, client, event, monkeypatch):
    monkeypatch.setattr(limits, "REGISTRATIONS_PER_EVENT_AND_ADDRESS", limits.Limit("registration-address", 2))
    for number in range(2):
        assert (
            client.post("/en/events/summit/register/", registration_data(email=f"{number}@example.com")).status_code
            == 302
        )
    response = client.post("/en/events/summit/register/", registration_data(email="late@example.com"))
    assert response.status_code == 429
    other_network = client.post(
        "/en/events/summit/register/", registration_data(email="late@example.com"), REMOTE_ADDR="198.51.100.7"
    )
    assert other_network.status_code == 302


def test_the_manage_link_form_answers_429_with_a_readable_page(one_window, client, event):
    for _ in range(limits.MANAGE_LINKS_PER_EVENT_AND_EMAIL.allowed):
        assert client.post("/en/events/summit/register/manage-link/", {"email": "li@example.com"}).status_code == 302
    response = client.post("/en/events/summit/register/manage-link/", {"email": "li@example.com"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    zh = client.post("/zh-hans/events/summit/register/manage-link/", {"email": "li@example.com"})
    assert zh.status_code == 429 and "请求过多" in zh.content.decode()
    # An address with no registration gets an email saying so, as many times as the limit allows and no more.
    assert OutgoingEmail.objects.filter(to="li@example.com").count() == limits.MANAGE_LINKS_PER_EVENT_AND_EMAIL.allowed


def test_a_replayed_form_is_refused_keeping_what_was_typed_and_can_be_sent_again(client, event, monkeypatch):
    data = registration_data()
    assert client.post("/en/events/summit/register/", data).status_code == 302
    # The same form, its start token already used, sent for another address.
    replay = client.post("/en/events/summit/register/", {**data, "email": "wang@example.com"})
    assert replay.status_code == 409
    page = replay.content.decode()
    assert "This form was already sent once" in page and "wang@example.com" in page
    assert not Registration.objects.filter(email="wang@example.com").exists()
    # The re-displayed form carries a fresh token, so sending it again on purpose works.
    fresh = re.search(r'name="started" value="([^"]+)"', page).group(1)
    assert fresh != data["started"]
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)
    resent = client.post("/en/events/summit/register/", {**data, "email": "wang@example.com", "started": fresh})
    assert resent.status_code == 302
    assert Registration.objects.filter(email="wang@example.com").count() == 1


def test_a_registration_lost_with_its_server_can_be_sent_again_as_it_was(client, event):
    data = registration_data()
    assert client.post("/en/events/summit/register/", data).status_code == 302
    # As if the server had died before the registration was stored: the person presses "send" again.
    Registration.objects.all().delete()
    again = client.post("/en/events/summit/register/", data)
    assert again.status_code == 302
    assert Registration.objects.get().email == "li@example.com"
    # Sent once more, the address is known: stored once, its link emailed again.
    assert client.post("/en/events/summit/register/", data).status_code == 302
    assert Registration.objects.count() == 1


def test_two_forms_shown_in_the_same_instant_are_each_accepted(client, event):
    # Two server processes may show the form within the same microsecond.
    with time_machine.travel(1_764_000_000.0, tick=False) as clock:
        first, second = spam.start_token(), spam.start_token()
        assert first != second
        clock.shift(60)
        for started, email in [(first, "li@example.com"), (second, "wang@example.com")]:
            assert (
                client.post("/en/events/summit/register/", registration_data(email=email, started=started)).status_code
                == 302
            )
    assert Registration.objects.count() == 2


def test_a_form_with_errors_keeps_its_token_usable(client, event):
    data = registration_data(email="not-an-address")
    assert client.post("/en/events/summit/register/", data).status_code == 400
    assert client.post("/en/events/summit/register/", {**data, "email": "li@example.com"}).status_code == 302


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis server to share counts through")
    return url


def test_limits_are_counted_across_server_processes_through_redis(settings):
    url = redis_url()
    # The project's own cache settings, as every server process has them (the other process reads the prefix
    # from the same environment).
    prefix = os.environ.get("REDIS_KEY_PREFIX", "haizhu")
    settings.CACHES = {
        "default": {"BACKEND": "haizhu_portal.redis_cache.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    }
    limit, event = limits.Limit("shared", 4), f"event-{uuid.uuid4().hex}"
    other_process = (
        "import django; django.setup(); from foundation.limits import Limit; "
        f"print([Limit('shared', 4).count('{event}', 'li@example.com') for _ in range(3)])"
    )
    env = {**os.environ, "REDIS_URL": url, "DJANGO_SETTINGS_MODULE": "haizhu_portal.settings"}
    try:
        result = subprocess.run([sys.executable, "-c", other_process], env=env, capture_output=True, text=True)
        assert result.stdout.strip().splitlines()[-1] == "[True, True, True]", result.stderr
        assert [limit.count(event, "li@example.com") for _ in range(2)] == [True, False]
    finally:
        cache.delete(limit.key(event, "li@example.com"))


@pytest.mark.parametrize("rate, allowed, seconds", [("120/m", 120, 60), ("5000/d", 5000, 86400), ("3/s", 3, 1)])
def test_a_rate_reads_as_a_limit_per_window(rate, allowed, seconds):
    limit = limits.Limit.from_rate("api", rate)
    assert (limit.allowed, limit.seconds) == (allowed, seconds)
