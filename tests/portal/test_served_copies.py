"""A public page asked for again is kept whole and then answered before the middlewares, exactly as they
would have answered it."""

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from districts.models import District
from foundation.sent_to import COOKIE as SENT_TO_COOKIE
from page_views.counting import flush_page_views
from page_views.models import PageViewDay

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.47"
PAGES = [
    "/en/",
    "/zh-hans/districts/haizhu/",
    "/en/incentives/?category=subsidy",
    "/en/enterprises/?q=drama",
    "/zh-hans/search/?q=%E7%9F%AD%E5%89%A7",  # 短剧
    # The header's typeahead asks for these as JSON.
    "/en/search/suggestions/?q=hai",
]
# The headers the middlewares write, which a copy must carry as they wrote them.
MIDDLEWARE_HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Language",
    "Vary",
    "Cache-Control",
    "ETag",
]

# The requests that went on past the copies: a middleware placed right after them.
reached = []


def reached_middleware(get_response):
    def middleware(request):
        reached.append(request.get_full_path())
        return get_response(request)

    return middleware


@pytest.fixture
def demo(settings):
    settings.PAGE_CACHE = True
    first = settings.MIDDLEWARE.index("haizhu_portal.middleware.PageCacheFirstMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: first + 1],
        f"{__name__}.reached_middleware",
        *settings.MIDDLEWARE[first + 1 :],
    ]
    call_command("load_demo", verbosity=0)
    reached.clear()


def visit(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def kept_whole(url):
    """Ask for the page twice: rendered, then served by the page cache and kept whole."""
    visit(Client(), url)
    visit(Client(), url)
    reached.clear()


@pytest.mark.parametrize("url", PAGES)
def test_a_page_asked_for_again_is_then_answered_before_the_middlewares_with_their_headers(demo, url):
    first = visit(Client(HTTP_USER_AGENT=BROWSER), url)
    second = visit(Client(HTTP_USER_AGENT=BROWSER), url)
    third = visit(Client(HTTP_USER_AGENT=BROWSER), url)
    # Rendered, then served by the page cache (and kept whole: a page asked for once is not), then the copy.
    assert reached == [url, url]
    assert second.content == third.content == first.content
    assert dict(third.items()) == dict(second.items()) == dict(first.items())
    assert all(name in third for name in MIDDLEWARE_HEADERS)
    assert third["Content-Type"] == first["Content-Type"]


def test_a_csrf_or_language_cookie_changes_nothing_and_the_copy_is_served(demo):
    kept_whole("/en/enterprises/")
    visitor = Client()
    visitor.cookies[django_settings.CSRF_COOKIE_NAME] = "a" * 32
    visitor.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "Enterprises" in visit(visitor, "/en/enterprises/").content.decode()
    assert reached == []


def test_someone_logged_in_never_gets_the_copy(demo):
    kept_whole("/en/enterprises/")
    staff = Client()
    staff.force_login(User.objects.create_superuser("bureau", "bureau@example.com", "x"))
    response = visit(staff, "/en/enterprises/")
    assert reached == ["/en/enterprises/"]
    assert "private" in response["Cache-Control"]


def test_a_message_waiting_in_a_cookie_is_shown_not_the_copy(demo):
    kept_whole("/en/enterprises/")
    visitor = Client()
    storage = CookieStorage(RequestFactory().get("/"))
    visitor.cookies["messages"] = storage._encode([Message(20, "Your listing was sent for review.")])
    assert "Your listing was sent for review." in visit(visitor, "/en/enterprises/").content.decode()
    assert len(reached) == 1


def test_any_other_cookie_goes_through_the_middlewares(demo):
    kept_whole("/en/enterprises/")
    visitor = Client()
    visitor.cookies[SENT_TO_COOKIE] = "unsigned"
    visit(visitor, "/en/enterprises/")
    assert len(reached) == 1


def test_a_write_makes_the_copy_stale_at_once(demo):
    kept_whole("/en/districts/haizhu/")
    assert "Haizhu District" in visit(Client(), "/en/districts/haizhu/").content.decode()
    assert reached == []
    haizhu = District.objects.get(slug="haizhu")
    haizhu.name_en = "Haizhu Renamed"
    haizhu.save()
    for _ in range(3):
        assert "Haizhu Renamed" in visit(Client(), "/en/districts/haizhu/").content.decode()
    assert reached == ["/en/districts/haizhu/"] * 2


def test_a_page_with_a_form_is_never_kept_whole_and_each_visitor_gets_a_token(demo):
    url = "/en/events/create-micro-dramas-in-haizhu-briefing/register/"
    responses = [visit(Client(), url) for _ in range(3)]
    assert reached == [url, url, url]
    assert len({response.cookies[django_settings.CSRF_COOKIE_NAME].value for response in responses}) == 3


def test_a_missing_page_and_a_head_request_are_left_to_the_middlewares(demo):
    for _ in range(3):
        assert Client().get("/en/enterprises/no-such-company/").status_code == 404
        assert Client().head("/en/enterprises/").status_code == 200
    assert len(reached) == 6


def test_the_copy_answers_304_to_its_etag_and_a_host_not_served_is_refused(demo):
    kept_whole("/en/enterprises/")
    etag = visit(Client(), "/en/enterprises/")["ETag"]
    assert Client().get("/en/enterprises/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert Client().get("/en/enterprises/", HTTP_HOST="portal.invalid").status_code == 400
    assert reached == ["/en/enterprises/"]


def test_views_of_a_copy_are_counted_as_the_middlewares_count_them(demo):
    visitor = Client(HTTP_USER_AGENT=BROWSER)
    for _ in range(4):
        visit(visitor, "/zh-hans/districts/haizhu/")
    visit(Client(HTTP_USER_AGENT="Mozilla/5.0 (compatible; Baiduspider/2.0)"), "/zh-hans/districts/haizhu/")
    finder = "/zh-hans/districts/haizhu/?finder=stage%3Dstartup"
    etag = [visit(visitor, finder) for _ in range(3)][-1]["ETag"]
    assert visitor.get(finder, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(reached) == 4
    flush_page_views()
    today = timezone.localdate()
    assert {(row.kind, row.key, row.language, row.day): row.views for row in PageViewDay.objects.all()} == {
        ("district", "haizhu", "zh-hans", today): 7,
        ("finder", "haizhu", "zh-hans", today): 3,
    }


def test_a_copy_lives_no_longer_than_the_page_it_copies(demo, settings):
    # What only the clock changes (a registration window closing) shows within PAGE_CACHE_SECONDS of the rendering.
    settings.PAGE_CACHE_SECONDS = 60
    with time_machine.travel(timezone.now(), tick=False) as clock:
        visit(Client(), "/en/events/")
        clock.shift(50)
        visit(Client(), "/en/events/")  # from the page cache, and kept whole: ten seconds left
        clock.shift(5)
        visit(Client(), "/en/events/")
        assert len(reached) == 2
        clock.shift(6)
        visit(Client(), "/en/events/")
        assert len(reached) == 3
