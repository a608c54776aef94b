"""Views of the public detail pages counted per page, day and language, and moved to PostgreSQL by the flush."""

import datetime
import time
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from page_views import counting
from page_views.counting import flush_page_views
from page_views.models import PageViewDay
from tests.factories import DistrictFactory, EnterpriseFactory, EventFactory, IncentiveFactory

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1 MicroMessenger/8.0.47"
)


@pytest.fixture
def visitor():
    return Client(HTTP_USER_AGENT=BROWSER)


@pytest.fixture
def pages():
    """Each kind of counted page: its key and address in a language."""
    district = DistrictFactory(slug="haizhu")
    EnterpriseFactory(slug="flextv", district=district)
    EventFactory(slug="open-class", district=district)
    incentive = IncentiveFactory(district=district)
    return {
        "district": ("haizhu", "/{}/districts/{}/"),
        "incentive": (str(incentive.pk), "/{}/incentives/{}/"),
        "enterprise": ("flextv", "/{}/enterprises/{}/"),
        "event": ("open-class", "/{}/events/{}/"),
    }


def views():
    """The views stored in PostgreSQL after a flush, as (kind, key, language, day) -> views."""
    flush_page_views()
    return {(row.kind, row.key, row.language, row.day): row.views for row in PageViewDay.objects.all()}


def address(pages, kind, language):
    key, pattern = pages[kind]
    return pattern.format(language, key)


@pytest.mark.parametrize("kind", ["district", "incentive", "enterprise", "event"])
def test_each_detail_page_is_counted_once_per_request_in_each_language(visitor, pages, kind):
    for language, requests in [("en", 2), ("zh-hans", 1)]:
        for _ in range(requests):
            assert visitor.get(address(pages, kind, language)).status_code == 200
    today = timezone.localdate()
    key = pages[kind][0]
    assert views() == {(kind, key, "en", today): 2, (kind, key, "zh-hans", today): 1}


def test_a_page_served_from_the_page_cache_is_counted_too(visitor, pages, settings):
    settings.PAGE_CACHE = True
    first = visitor.get("/en/districts/haizhu/")
    with mock.patch("districts.views.DistrictDetailView.get", side_effect=AssertionError("rendered again")):
        second = visitor.get("/en/districts/haizhu/")
    assert second.content == first.content
    assert views() == {("district", "haizhu", "en", timezone.localdate()): 2}


def test_a_page_revalidated_from_the_browser_cache_is_not_a_new_view(visitor, pages, settings):
    settings.PAGE_CACHE = True
    etag = visitor.get("/en/districts/haizhu/")["ETag"]
    assert visitor.get("/en/districts/haizhu/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert views() == {("district", "haizhu", "en", timezone.localdate()): 1}


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
        "Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)",
        "python-requests/2.32.3",
        "curl/8.5.0",
        "",
    ],
)
def test_crawlers_bots_and_scripts_are_not_counted(pages, user_agent):
    assert Client(HTTP_USER_AGENT=user_agent).get("/en/districts/haizhu/").status_code == 200
    assert views() == {}


def test_staff_are_not_counted_and_visitors_with_a_session_are(visitor, pages, django_user_model):
    staff = Client(HTTP_USER_AGENT=BROWSER)
    staff.force_login(django_user_model.objects.create_user("editor", is_staff=True))
    member = Client(HTTP_USER_AGENT=BROWSER)
    member.force_login(django_user_model.objects.create_user("reader"))
    assert staff.get("/en/districts/haizhu/").status_code == 200
    assert member.get("/en/districts/haizhu/").status_code == 200
    assert views() == {("district", "haizhu", "en", timezone.localdate()): 1}


def test_missing_pages_other_pages_and_other_methods_are_not_counted(visitor, pages):
    assert visitor.get("/en/districts/nowhere/").status_code == 404
    assert visitor.get("/en/districts/").status_code == 200
    assert visitor.post("/en/districts/haizhu/").status_code == 405
    assert visitor.head("/en/districts/haizhu/").status_code == 200
    assert views() == {("district", "haizhu", "en", timezone.localdate()): 1}


def test_a_view_counts_on_its_beijing_day(visitor, pages):
    # 23:30 UTC on 1 March is 07:30 on 2 March in Beijing.
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(2027, 3, 1, 23, 30, tzinfo=datetime.UTC)
    ):
        visitor.get("/en/districts/haizhu/")
    assert views() == {("district", "haizhu", "en", datetime.date(2027, 3, 2)): 1}


def test_a_flush_adds_to_the_stored_day_and_a_second_flush_adds_nothing(visitor, pages):
    visitor.get("/en/districts/haizhu/")
    assert flush_page_views() == 1
    visitor.get("/en/districts/haizhu/")
    visitor.get("/en/districts/haizhu/")
    assert flush_page_views() == 2
    assert flush_page_views() == 0
    assert views() == {("district", "haizhu", "en", timezone.localdate()): 3}


@pytest.fixture
def redis_cache(settings):
    """The real Redis on this machine, under a key prefix of this test's own, emptied afterwards."""
    prefix = f"test-page-views-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "haizhu_portal.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    client = counting.redis_client()
    yield client
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_with_redis_a_flush_moves_the_counts_to_postgresql_and_resets_them(redis_cache, visitor, pages):
    for _ in range(3):
        visitor.get("/en/districts/haizhu/")
    visitor.get("/zh-hans/districts/haizhu/")
    pending = cache.make_and_validate_key(counting.PENDING)
    # Each process sends its views to Redis once a second.
    deadline = time.monotonic() + 5
    while redis_cache.hlen(pending) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert redis_cache.hgetall(pending) == {
        f"{timezone.localdate()}|district|en|haizhu".encode(): b"3",
        f"{timezone.localdate()}|district|zh-hans|haizhu".encode(): b"1",
    }
    assert flush_page_views() == 4
    assert not list(redis_cache.scan_iter(match=f"{pending}*"))
    assert flush_page_views() == 0
    today = timezone.localdate()
    assert views() == {("district", "haizhu", "en", today): 3, ("district", "haizhu", "zh-hans", today): 1}


def test_with_redis_a_worker_stopped_mid_flush_loses_no_view_and_counts_none_twice(redis_cache, visitor, pages):
    visitor.get("/en/districts/haizhu/")
    # Stopped between reading the batch and writing it: the batch stays in Redis for the next flush.
    with mock.patch.object(counting, "add_batch", side_effect=KeyboardInterrupt), pytest.raises(KeyboardInterrupt):
        flush_page_views()
    visitor.get("/en/districts/haizhu/")
    # Stopped after writing, before deleting the batch: the next flush finds it written already.
    with (
        mock.patch.object(type(redis_cache), "delete", side_effect=KeyboardInterrupt),
        pytest.raises(KeyboardInterrupt),
    ):
        flush_page_views()
    assert flush_page_views() == 1
    assert views() == {("district", "haizhu", "en", timezone.localdate()): 2}


def test_a_district_page_opened_from_the_finders_answers_counts_as_a_use_of_the_finder(visitor, pages, settings):
    settings.PAGE_CACHE = True
    answers = "/en/districts/haizhu/?finder=stage%3Dstartup%26segment%3Dproduction"
    assert visitor.get(answers).status_code == 200
    assert visitor.get(answers).status_code == 200  # from the page cache, counted all the same
    assert visitor.get("/en/districts/haizhu/").status_code == 200
    today = timezone.localdate()
    assert views() == {("district", "haizhu", "en", today): 3, ("finder", "haizhu", "en", today): 2}
