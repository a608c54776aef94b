"""An event whose date no source gives says so, and no calendar or structured data invents one."""

import datetime
import json
import re

import pytest
from django.db import IntegrityError
from django.utils import timezone
from icalendar import Calendar

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

REPORT_DAY = datetime.datetime(2025, 1, 17, 9, tzinfo=datetime.UTC)


@pytest.fixture
def undated():
    return EventFactory(
        slug="undated",
        title_en="Undated Class",
        date_announced=False,
        times_announced=False,
        starts_at=REPORT_DAY,
        ends_at=REPORT_DAY + datetime.timedelta(hours=14),
    )


def structured_data(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


@pytest.mark.parametrize("language, words", [("en", "Date not published"), ("zh-hans", "日期未公布")])
def test_page_says_the_date_is_not_published_and_claims_no_start(client, undated, language, words):
    page = client.get(f"/{language}/events/undated/").content.decode()
    assert words in page
    assert "2025-01-17" not in page
    data = structured_data(page)
    assert "startDate" not in data and "endDate" not in data and data["name"]


def test_dated_event_keeps_its_start_in_structured_data(client):
    EventFactory(slug="dated")
    data = structured_data(client.get("/en/events/dated/").content.decode())
    assert "startDate" in data


def test_calendar_feed_leaves_out_an_event_without_a_published_date(client, undated):
    EventFactory(title_en="Dated Class")
    feed = Calendar.from_ical(client.get("/en/events/feed.ics").content)
    assert [str(entry["summary"]) for entry in feed.walk("VEVENT")] == ["Dated Class"]


def test_past_events_list_shows_the_undated_event_in_place_without_a_date(client, undated):
    EventFactory(
        title_en="Earlier Class",
        starts_at=REPORT_DAY - datetime.timedelta(days=30),
        ends_at=REPORT_DAY - datetime.timedelta(days=30, hours=-2),
    )
    assert list(Event.objects.past().values_list("title_en", flat=True)) == ["Undated Class", "Earlier Class"]


def test_times_cannot_be_announced_without_a_date():
    start = timezone.now()
    with pytest.raises(IntegrityError):
        EventFactory(
            date_announced=False, times_announced=True, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
        )


def test_the_real_wechat_open_class_shows_no_invented_date(client):
    from django.core.management import call_command

    call_command("load_demo")
    wechat = Event.objects.get(slug="wechat-open-class-pro-2025")
    assert not wechat.date_announced
    page = client.get(wechat.get_absolute_url()).content.decode()
    assert "Date not published" in page and "startDate" not in page


def test_the_month_filter_never_places_an_event_without_a_published_date(client, undated):
    EventFactory(title_en="Dated Class", starts_at=REPORT_DAY, ends_at=REPORT_DAY + datetime.timedelta(hours=2))
    page = client.get("/en/events/?when=past&month=2025-01").content.decode()
    assert "Dated Class" in page and "Undated Class" not in page


def test_the_atom_feed_gives_no_date_for_an_event_without_one(client):
    start = timezone.now() + datetime.timedelta(days=3)
    EventFactory(
        title_en="Undated Upcoming",
        date_announced=False,
        times_announced=False,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    feed = client.get("/en/events/feed.atom").content.decode()
    assert "Undated Upcoming" in feed and "Date not published" in feed
    assert start.strftime("%Y-%m-%d") not in feed
