import datetime

import feedparser
import pytest
from django.utils import timezone

from districts.models import Incentive, ValueChainSegment
from tests.factories import DistrictFactory, EventFactory, IncentiveFactory, RegistrationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_incentive_feed_has_stable_ids_updated_times_and_sources(client):
    source = SourceFactory(publisher="Haizhu Commerce Bureau", url="https://example.gov.cn/policy")
    incentive = IncentiveFactory(title_en="Production subsidy", max_amount_cny=3_000_000, source=source)
    feed = parse(client, "/en/incentives/feed.atom")
    entry = feed.entries[0]
    assert entry.title.startswith("Production subsidy")
    assert entry.id.startswith("tag:") and entry.id.endswith(f":incentive/{incentive.pk}")
    assert "Haizhu Commerce Bureau" in entry.summary and "https://example.gov.cn/policy" in entry.summary
    assert "up to 3 million yuan" in entry.summary
    assert entry.link.endswith(f"/en/incentives/{incentive.pk}/")
    assert entry.updated_parsed is not None and entry.published_parsed is not None
    chinese = parse(client, "/zh-hans/incentives/feed.atom")
    assert chinese.entries[0].id == entry.id
    assert chinese.entries[0].title.startswith(incentive.title_zh_hans)


def test_incentive_feed_says_what_the_pages_say_about_budgets_closed_rounds_and_general_measures(client):
    last_year = timezone.localdate().year - 1
    IncentiveFactory(max_amount_cny=50_000_000, amount_for="programme", amount_period="year", amount_is_maximum=False)
    IncentiveFactory(max_amount_cny=1_500_000, application_year=last_year, scope="culture")
    budget, closed_general = parse(client, "/en/incentives/feed.atom").entries[::-1]
    assert "50 million yuan programme budget a year" in budget.summary and "up to" not in budget.summary
    assert "Open now" in budget.summary and "Not open now" not in budget.summary
    assert f"{last_year} application round; dates not published" in closed_general.summary
    assert "Not open now" in closed_general.summary and "not specific to micro-drama" in closed_general.summary


def test_incentive_feed_in_chinese_gives_the_basis_level_scope_and_what_is_not_published(client):
    incentive = IncentiveFactory(
        max_amount_cny=3_000_000,
        amount_for="company",
        amount_period="not_published",
        level="province",
        scope="internet_content",
        eligibility_published=False,
        valid_from=None,
        caveat_zh_hans="河南省措施。",
        source=SourceFactory(publisher="河南日报", title="A label for staff", published_on=None),
    )
    incentive.further_sources.add(SourceFactory(publisher="大河网", published_on=datetime.date(2025, 3, 3)))
    summary = parse(client, "/zh-hans/incentives/feed.atom").entries[0].summary
    assert "每家企业（期限未公布）最高300万元</span> · 省级 · 互联网内容，非微短剧专项" in summary
    assert "申请条件：申请条件未公布，请向投资促进局咨询" in summary
    assert "有效期：有效期未公布，请向投资促进局咨询" in summary and "当前有效" not in summary
    assert "来源：河南日报" in summary and "A label for staff" not in summary
    assert "另见：大河网，2025年3月3日" in summary and "说明：河南省措施。" in summary


def test_changed_incentive_moves_to_the_top_with_a_new_updated_time(client):
    first = IncentiveFactory()
    second = IncentiveFactory()
    before = parse(client, "/en/incentives/feed.atom")
    assert before.entries[0].id.endswith(f"/{second.pk}")
    first.max_amount_cny = 500_000
    first.save()
    after = parse(client, "/en/incentives/feed.atom")
    assert after.entries[0].id.endswith(f"/{first.pk}")
    assert after.entries[0].updated_parsed >= before.entries[0].updated_parsed


def test_district_and_segment_feeds_keep_to_their_scope(client):
    haizhu = DistrictFactory(slug="haizhu")
    inside = IncentiveFactory(district=haizhu, segments=[ValueChainSegment.PLATFORM])
    every_segment = IncentiveFactory(segments=[])
    elsewhere = IncentiveFactory(segments=[ValueChainSegment.PRODUCTION], category=Incentive.Category.TAX)
    district_feed = parse(client, "/en/districts/haizhu/incentives.atom")
    assert [entry.id.rsplit("/", 1)[1] for entry in district_feed.entries] == [str(inside.pk)]
    segment_feed = parse(client, "/en/incentives/segment/platform/feed.atom")
    segment_ids = {entry.id.rsplit("/", 1)[1] for entry in segment_feed.entries}
    assert segment_ids == {str(inside.pk), str(every_segment.pk)}
    assert str(elsewhere.pk) not in segment_ids
    assert "Platform" in segment_feed.feed.title
    assert client.get("/en/incentives/segment/lottery/feed.atom").status_code == 404
    assert client.get("/en/districts/nowhere/incentives.atom").status_code == 404


def test_event_feed_lists_upcoming_events_with_seats_and_cancellations(client):
    haizhu = DistrictFactory(slug="haizhu")
    soon = EventFactory(district=haizhu, title_en="Pitch day", capacity=10)
    RegistrationFactory(event=soon)
    cancelled = EventFactory(state="cancelled", title_en="Open class")
    EventFactory(title_en="Last year", starts_at=timezone.now() - datetime.timedelta(days=30))
    feed = parse(client, "/en/events/feed.atom")
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 2 and titles[0].startswith("Pitch day")
    assert "9 seats left" in feed.entries[0].summary
    assert any(title.startswith("Cancelled: Open class") for title in titles)
    assert feed.entries[0].id.endswith(f":event/{soon.pk}")
    district_feed = parse(client, "/en/events/district/haizhu/feed.atom")
    assert [entry.id for entry in district_feed.entries] == [feed.entries[0].id]
    assert cancelled.district != haizhu


def test_pages_link_their_feeds(client):
    DistrictFactory(slug="haizhu")
    for url, feed_url in [
        ("/en/incentives/", "/en/incentives/feed.atom"),
        ("/en/incentives/?segment=platform", "/en/incentives/segment/platform/feed.atom"),
        ("/en/districts/haizhu/", "/en/districts/haizhu/incentives.atom"),
        ("/en/districts/haizhu/", "/en/events/district/haizhu/feed.atom"),
        ("/en/events/", "/en/events/feed.atom"),
    ]:
        html = client.get(url).content.decode()
        assert 'rel="alternate" type="application/atom+xml"' in html
        assert f'href="{feed_url}"' in html
        assert html.count(f'href="{feed_url}"') == 2, url  # in the head and a visible link


def test_feeds_read_a_fixed_number_of_queries(client, django_assert_num_queries):
    IncentiveFactory.create_batch(3)
    EventFactory.create_batch(3)
    with django_assert_num_queries(2):  # incentives with their districts and sources; their further sources
        parse(client, "/en/incentives/feed.atom")
    with django_assert_num_queries(1):  # events with districts, sources and confirmed seats
        parse(client, "/en/events/feed.atom")
