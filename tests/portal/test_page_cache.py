"""Anonymous public pages come from the cache, and every write shows on every affected page at once."""

import re
import threading

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.management import call_command
from django.core.signing import loads
from django.db import connection
from django.forms import FileField
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from districts.models import District, Incentive, Inquiry, ValueChainSegment
from enterprises.models import Enterprise
from enterprises.services import enterprise_approve, enterprises_publish
from events.models import Event, Registration
from events.services import registration_cancel, registration_create
from foundation import page_cache as page_cache_module
from foundation import spam
from foundation.content_versions import (
    ENTERPRISES,
    cached_results,
    content_changed,
    content_versions,
    read_once_per_request,
)
from foundation.page_cache import cached_public_page
from tests.factories import EnterpriseFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

EVENT = "create-micro-dramas-in-haizhu-briefing"
PUBLIC_PAGES = [
    "/en/",
    "/zh-hans/",
    "/en/districts/",
    "/en/districts/haizhu/",
    "/zh-hans/districts/haizhu/",
    "/en/incentives/?category=subsidy",
    "/en/incentives/finder/?stage=startup&segment=production",
    "/en/districts/compare/?d=haizhu&d=linping",
    "/en/enterprises/",
    "/en/enterprises/?q=drama",
    "/zh-hans/enterprises/?q=短剧&segment=production",
    "/en/enterprises/flextv/",
    "/en/events/",
    f"/en/events/{EVENT}/",
    f"/en/events/{EVENT}/register/",
]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def demo(page_cache, settings):
    settings.BUREAU_INQUIRY_EMAIL = "invest@bureau.example"  # Haizhu, the host, takes inquiries
    call_command("load_demo", verbosity=0)


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def without_tokens(html: str) -> str:
    return re.sub(r'(name="(?:csrfmiddlewaretoken|started)" value=")[^"]*"', r'\1"', html)


def token(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html)[1]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_second_anonymous_visit_is_served_from_the_cache_without_queries(
    demo, client, url, django_assert_max_num_queries, django_assert_num_queries
):
    # A district's page also fetches the further sources of each of its six kinds of record.
    with django_assert_max_num_queries(16 if "/districts/haizhu/" in url else 10):
        first = page(client, url)
    with django_assert_num_queries(0):
        second = page(Client(), url)
    assert without_tokens(second) == without_tokens(first)


def test_pages_are_cached_per_language_and_query_string(demo, client):
    english, chinese = page(client, "/en/districts/haizhu/"), page(client, "/zh-hans/districts/haizhu/")
    assert "Haizhu District" in english and "海珠区" in chinese and "Haizhu District" not in chinese
    drama, shorts = page(client, "/en/enterprises/?q=drama"), page(client, "/en/enterprises/?q=flextv")
    assert drama != shorts and "FLEXTV" in shorts


def test_nothing_is_cached_without_the_setting(demo, settings, client, django_assert_max_num_queries):
    settings.PAGE_CACHE = False
    page(client, "/en/events/")
    with django_assert_max_num_queries(10) as queries:
        page(client, "/en/events/")
    assert len(queries) > 0


# A write shows at once on every page it affects.


def test_publishing_an_enterprise_shows_it_in_the_directory_the_district_the_finder_and_the_home_page(demo, client):
    haizhu = District.objects.get(slug="haizhu")
    hidden = EnterpriseFactory(name_en="Brand New Shorts", district=haizhu, state=Enterprise.State.UNPUBLISHED)
    # The finder names production companies to an IP holder.
    finder = "/en/incentives/finder/?stage=startup&segment=ip_content&district=haizhu"
    pages = ["/en/", "/en/enterprises/", "/en/enterprises/?q=brand", "/en/districts/haizhu/", finder]
    for url in pages:
        assert "Brand New Shorts" not in page(client, url)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    enterprises_publish(queryset=Enterprise.objects.filter(pk=hidden.pk))
    # The directory and search list it at once; the home page and the district show their first few, verified first.
    for url in ["/en/enterprises/", "/en/enterprises/?q=brand", finder]:
        assert "Brand New Shorts" in page(client, url), url
    assert page(client, hidden.get_absolute_url())
    Enterprise.objects.exclude(pk=hidden.pk).update(is_verified=False)
    hidden.refresh_from_db()
    hidden.is_verified = True
    hidden.save()
    for url in pages:
        assert "Brand New Shorts" in page(client, url), url


def test_approving_a_submission_lists_it_at_once(demo, client):
    submitted = EnterpriseFactory(name_en="Submitted Studio", state=Enterprise.State.PENDING)
    assert "Submitted Studio" not in page(client, "/en/enterprises/?q=submitted")
    enterprise_approve(enterprise=submitted, reviewer=User.objects.create_superuser("reviewer", "r@example.com", "x"))
    assert "Submitted Studio" in page(client, "/en/enterprises/?q=submitted")


def test_editing_an_incentive_shows_on_the_catalogue_and_the_district(demo, client):
    incentive = Incentive.objects.filter(district__slug="haizhu").first()
    pages = ["/en/incentives/", "/en/districts/haizhu/"]
    for url in pages:
        page(client, url)
    incentive.title_en = "A Renamed Measure"
    incentive.save()
    assert "A Renamed Measure" in page(client, "/en/incentives/")
    assert "A Renamed Measure" in page(client, "/en/districts/haizhu/")


def test_renaming_a_district_shows_on_enterprise_and_event_pages_in_both_languages(demo, client):
    pages = ["/en/enterprises/", "/en/enterprises/flextv/", f"/en/events/{EVENT}/", "/zh-hans/events/"]
    for url in pages:
        page(client, url)
    haizhu = District.objects.get(slug="haizhu")
    haizhu.name_en, haizhu.name_zh_hans = "Haizhu Renamed", "海珠新名"
    haizhu.save()
    for url in pages[:3]:
        assert "Haizhu Renamed" in page(client, url), url
    assert "海珠新名" in page(client, "/zh-hans/events/")


def test_the_district_check_boxes_of_the_filters_show_a_renamed_or_hidden_district_at_once(demo, client):
    pages = ["/en/enterprises/?q=drama", "/en/incentives/?category=subsidy", "/en/events/?month="]
    for url in pages:
        assert 'value="haizhu"' in page(client, url)
    haizhu = District.objects.get(slug="haizhu")
    haizhu.name_en = "Haizhu Renamed"
    haizhu.save()
    for url in pages:
        assert re.search(r'value="haizhu"[^>]*> Haizhu Renamed', page(client, f"{url}&again=1")), url
    haizhu.is_published = False
    haizhu.save()
    for url in pages:
        assert 'value="haizhu"' not in page(client, f"{url}&again=2"), url


def test_an_admin_edit_shows_at_once(demo, admin_client):
    anonymous = Client()
    assert "Edited In The Admin" not in page(anonymous, "/en/enterprises/flextv/")
    enterprise = Enterprise.objects.get(slug="flextv")
    change = admin_client.get(f"/admin/enterprises/enterprise/{enterprise.pk}/change/")
    form = change.context["adminform"].form
    # Every field as the form shows it, files aside (none is uploaded).
    data = {name: form[name].value() for name in form.fields if not isinstance(form.fields[name], FileField)}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data["summary_en"] = "Edited In The Admin"
    data["segments"] = [ValueChainSegment.PLATFORM]  # the admin asks for one; the demo listing has none
    for formset in change.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
    response = admin_client.post(f"/admin/enterprises/enterprise/{enterprise.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert "Edited In The Admin" in page(anonymous, "/en/enterprises/flextv/")


def test_an_admin_bulk_action_shows_at_once(demo, admin_client):
    anonymous = Client()
    assert "FLEXTV" in page(anonymous, "/en/enterprises/")
    flextv = Enterprise.objects.get(slug="flextv")
    response = admin_client.post(
        "/admin/enterprises/enterprise/", {"action": "unpublish", "_selected_action": [flextv.pk]}
    )
    assert response.status_code == 302
    assert "FLEXTV" not in page(anonymous, "/en/enterprises/")
    assert anonymous.get("/en/enterprises/flextv/").status_code == 404


def seats(html: str) -> str:
    return re.search(r"(\d+) seats? left", html)[1]


def test_a_registration_and_a_cancellation_change_seats_left_on_every_event_page(demo, client):
    event = Event.objects.get(slug=EVENT)
    pages = ["/en/", "/en/events/", f"/en/events/{EVENT}/", f"/en/events/{EVENT}/register/"]
    assert {seats(page(client, url)) for url in pages} == {str(event.capacity)}
    registration = registration_create(
        event=event,
        full_name="林小姐",
        email="lin@example.com",
        organisation="映宇宙",
        role=Registration.Role.INVESTOR,
        consent=True,
        language="en",
    )
    assert {seats(page(client, url)) for url in pages} == {str(event.capacity - 1)}
    registration_cancel(registration=registration)
    assert {seats(page(client, url)) for url in pages} == {str(event.capacity)}


def test_a_door_check_in_keeps_the_event_pages_cached(demo, client, django_assert_num_queries):
    registration = RegistrationFactory(event=Event.objects.get(slug=EVENT))
    page(client, f"/en/events/{EVENT}/")
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    with django_assert_num_queries(0):
        page(client, f"/en/events/{EVENT}/")


# Forms on cached pages, and who never gets a cached page.


def test_forms_on_a_cached_page_get_fresh_tokens_and_still_submit(demo, monkeypatch, django_assert_num_queries):
    first = page(Client(), "/en/districts/haizhu/")
    visitor = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        cached = page(visitor, "/en/districts/haizhu/")
    assert token(cached, "csrfmiddlewaretoken") != token(first, "csrfmiddlewaretoken")
    assert token(cached, spam.START_FIELD) != token(first, spam.START_FIELD)
    assert abs(spam.shown_at(loads(token(cached, spam.START_FIELD), salt=spam.SALT)) - timezone.now().timestamp()) < 5
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)
    response = visitor.post(
        "/en/districts/haizhu/inquiry/",
        {
            "csrfmiddlewaretoken": token(cached, "csrfmiddlewaretoken"),
            "started": token(cached, spam.START_FIELD),
            "contact_name": "Chen Jie",
            "email": "chen@example.com",
            "company": "Pearl Shorts",
            "message": "We would like to visit the studios.",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Inquiry.objects.filter(email="chen@example.com").exists()
    # The thank-you message is this visitor's alone, and never stored.
    thanked = visitor.get(response["Location"])
    assert "Thank you" in thanked.content.decode() and "no-cache" in thanked["Cache-Control"]
    assert "Thank you" not in page(Client(), "/en/districts/haizhu/")


def test_pages_with_forms_are_kept_out_of_shared_caches(demo, client):
    for url in ["/en/districts/haizhu/", f"/en/events/{EVENT}/register/"]:
        response = client.get(url)
        assert "private" in response["Cache-Control"] and not response.has_header("ETag"), url


def test_a_logged_in_person_never_gets_or_leaves_a_cached_page(demo, admin_client, django_assert_max_num_queries):
    draft = EnterpriseFactory(name_en="Draft For Staff", state=Enterprise.State.UNPUBLISHED)
    staff_view = admin_client.get(draft.get_absolute_url())
    assert staff_view.status_code == 200 and "private" in staff_view["Cache-Control"]
    assert Client().get(draft.get_absolute_url()).status_code == 404
    page(Client(), "/en/events/")
    with django_assert_max_num_queries(10) as queries:
        response = admin_client.get("/en/events/")
    assert len(queries) > 0 and "private" in response["Cache-Control"]


def test_a_page_showing_a_warning_is_not_stored(demo, client):
    warned = client.get("/en/enterprises/?page=abc")
    assert "is not a page number" in warned.content.decode() and "private" in warned["Cache-Control"]
    assert "is not a page number" in client.get("/en/enterprises/?page=abc").content.decode()


def test_personal_pages_are_never_public(demo, client):
    registration = RegistrationFactory(event=Event.objects.get(slug=EVENT))
    for url in [registration.get_absolute_url(), f"/en/events/{EVENT}/organise/", "/admin/"]:
        response = client.get(url)
        assert "public" not in response.get("Cache-Control", ""), url
        assert not response.has_header("ETag"), url


# Conditional GET for browsers, a CDN or a reverse proxy.


def test_anonymous_pages_answer_304_until_the_content_changes(demo, client, settings):
    first = client.get("/en/events/")
    assert first["Cache-Control"] == f"public, max-age={settings.PAGE_MAX_AGE}"
    etag = first["ETag"]
    unchanged = client.get("/en/events/", headers={"if-none-match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    RegistrationFactory(event=Event.objects.get(slug=EVENT))
    changed = client.get("/en/events/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_conditional_get_works_without_the_server_cache(demo, client, settings):
    settings.PAGE_CACHE = False
    etag = client.get("/en/districts/")["ETag"]
    assert client.get("/en/districts/", headers={"if-none-match": etag}).status_code == 304


# Figures kept under the same versions.


def versions_reads(monkeypatch) -> list:
    """The reads of the cache (round trips: the local cache's get_many calls its get) that ask for a
    content version, as they happen."""
    reads, reading = [], []
    backend = type(caches["default"])
    for method in ("get", "get_many"):

        def counted(cache, keys, *arguments, original=getattr(backend, method), **options):
            asked = [keys] if isinstance(keys, str) else list(keys)
            if not reading and any("content-version:" in key for key in asked):
                reads.append(asked)
            reading.append(True)
            try:
                return original(cache, keys, *arguments, **options)
            finally:
                reading.pop()

        monkeypatch.setattr(backend, method, counted)
    return reads


@pytest.mark.parametrize("url", ["/en/enterprises/?q=drama", "/zh-hans/incentives/?category=subsidy"])
def test_a_fresh_filter_page_reads_the_content_versions_once(demo, client, monkeypatch, url):
    page(client, url)  # the districts of the check boxes and the cards, kept
    reads = versions_reads(monkeypatch)
    page(client, f"{url}&again=1")
    # The page cache, the facet counts, the cards and the districts share one reading.
    assert len(reads) == 1


def test_a_write_during_a_request_is_seen_by_the_rest_of_that_request(page_cache):
    def view(request):
        before = content_versions([ENTERPRISES])
        content_changed(ENTERPRISES)
        return HttpResponse(f"{before} {content_versions([ENTERPRISES])}")

    before, after = read_once_per_request(view)(RequestFactory().get("/")).content.decode().split()
    assert after != before


def test_figures_kept_together_are_computed_only_when_missing_and_again_after_a_write(page_cache):
    computed = []

    def compute(missing):
        computed.append(missing)
        return [f"figure {index}" for index in missing]

    assert cached_results("figures", ["a"], [ENTERPRISES], compute) == ["figure 0"]
    assert cached_results("figures", ["a", "b"], [ENTERPRISES], compute) == ["figure 0", "figure 1"]
    assert cached_results("figures", ["b", "a"], [ENTERPRISES], compute) == ["figure 1", "figure 0"]
    assert computed == [[0], [1]]
    content_changed(ENTERPRISES)
    cached_results("figures", ["a", "b"], [ENTERPRISES], compute)
    assert computed[-1] == [0, 1]


def test_the_district_counts_of_a_keyword_serve_every_district_chosen_with_it(demo, client, settings):
    first, second = District.objects.published()[:2]
    client.get(f"/en/enterprises/?q=drama&district={first.slug}")
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(f"/en/enterprises/?q=drama&district={second.slug}").context["facets"]
    counting = [query["sql"] for query in queries.captured_queries if "GROUPING(" in query["sql"]]
    # Only what depends on the district is counted: the other facets and the total, within it.
    assert len(counting) == 1 and "GROUPING(segments, size_band, is_verified)" in counting[0]
    settings.PAGE_CACHE = False
    assert kept == client.get(f"/en/enterprises/?q=drama&district={second.slug}").context["facets"]


def test_facet_counts_are_shared_by_every_page_of_a_search_and_recounted_after_a_write(demo, client):
    with CaptureQueriesContext(connection) as counted:
        first = client.get("/en/enterprises/?segment=platform")
    with CaptureQueriesContext(connection) as shared:
        second = client.get("/en/enterprises/?segment=platform&sort=name")
    # Neither the counting query nor the districts it counts by; nor the listed enterprises' rows, whose
    # cards the first page left in the cache; nor the districts of the check boxes, kept by the process.
    assert len(shared) == len(counted) - 4
    assert second.context["facets"] == first.context["facets"]
    EnterpriseFactory(name_en="Seventh Platform", segments=["platform"], district=District.objects.get(slug="haizhu"))
    third = client.get("/en/enterprises/?segment=platform&sort=newest").context["facets"]
    assert third["total"] == first.context["facets"]["total"] + 1
    assert third["district"]["haizhu"] == first.context["facets"]["district"]["haizhu"] + 1


def slow_page_view(rendered: list, entered: threading.Event, release: threading.Event, status=200):
    @cached_public_page("test-area")
    def view(request):
        rendered.append(request.path)
        entered.set()
        release.wait(timeout=10)
        return HttpResponse(f"page {len(rendered)}", status=status)

    return view


def request_in_thread(view, results: list) -> threading.Thread:
    def run():
        request = RequestFactory().get("/en/slow/")
        request.user = AnonymousUser()
        request._messages = CookieStorage(request)
        results.append(view(request))

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.parametrize("status, renders", [(200, 1), (404, 2)])
def test_a_page_missing_from_the_cache_is_rendered_once_while_others_wait_for_it(
    page_cache, monkeypatch, status, renders
):
    rendered, entered, release, waiting = [], threading.Event(), threading.Event(), threading.Event()
    view = slow_page_view(rendered, entered, release, status)
    wait_for_copy = page_cache_module.page_rendered_elsewhere

    def waits_for_copy(*arguments):
        waiting.set()
        return wait_for_copy(*arguments)

    monkeypatch.setattr(page_cache_module, "page_rendered_elsewhere", waits_for_copy)
    first, second = [], []
    rendering = request_in_thread(view, first)
    assert entered.wait(timeout=10)
    asking = request_in_thread(view, second)
    assert waiting.wait(timeout=10)  # the second request waits instead of rendering
    assert len(rendered) == 1
    release.set()
    rendering.join(10), asking.join(10)
    # A stored page is handed to the one waiting; an error page is not stored, so it renders its own.
    assert len(rendered) == renders
    assert first[0].status_code == second[0].status_code == status
    if status == 200:
        assert first[0].content == second[0].content == b"page 1"


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="card enterprise-card">.*?</li>\n', html, flags=re.DOTALL)


def test_cards_rendered_for_one_listing_serve_the_next_and_show_a_write_at_once(demo, client):
    with CaptureQueriesContext(connection) as first_queries:
        first = page(client, "/en/enterprises/")
    with CaptureQueriesContext(connection) as kept_queries:
        kept = page(client, "/en/enterprises/?sort=name")
    # The same enterprises in another order: their cards come from the cache, not from their rows.
    assert sorted(cards(kept)) == sorted(cards(first)) and cards(first)
    assert len(kept_queries) < len(first_queries)
    flextv = Enterprise.objects.get(slug="flextv")
    flextv.summary_en = "A summary edited a moment ago."
    flextv.save()
    assert "A summary edited a moment ago." in page(client, "/en/enterprises/?sort=newest")
    assert "A summary edited a moment ago." not in page(client, "/zh-hans/enterprises/?sort=newest")


def test_incentive_cards_are_kept_per_language(demo, client):
    incentive = Incentive.objects.filter(district__slug="haizhu").first()
    page(client, "/en/incentives/")
    page(client, "/zh-hans/incentives/")
    # Another address, so not the stored pages: the kept cards, each in its page's language.
    english, chinese = page(client, "/en/incentives/?again=1"), page(client, "/zh-hans/incentives/?again=1")
    assert escape(incentive.title_en) in english and escape(incentive.title_zh_hans) not in english
    assert escape(incentive.title_zh_hans) in chinese and escape(incentive.title_en) not in chinese
