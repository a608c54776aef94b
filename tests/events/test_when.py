"""An event's dates read as each language writes them, with the weekday and without repeating the day;
the venue links to a map search and the event can go into a calendar before anyone registers."""

import datetime
import re
import zoneinfo

import pytest
from django.core import mail
from django.utils import timezone, translation
from icalendar import Calendar

from events.dates import event_when, session_when
from events.models import AgendaItem
from tests.events.test_pages import form_data
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
SUNDAY_AFTERNOON = datetime.datetime(2026, 12, 27, 14, 0, tzinfo=BEIJING)
DATETIME_ATTRIBUTE = re.compile(r'<time datetime="([^"]+)"')
# What the HTML standard accepts in a datetime attribute: a date, or a date and time with at most three
# digits of a second and an offset.
VALID_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?")


@pytest.fixture(autouse=True)
def beijing_time(settings):
    settings.TIME_ZONE = "Asia/Shanghai"


def event_on(starts_at, ends_at, **fields):
    return EventFactory(
        slug="open-class",
        title_en="Open Class",
        starts_at=starts_at,
        ends_at=ends_at,
        venue_en="Pazhou Convention Centre",
        venue_zh_hans="琶洲会展中心",
        address_en="380 Yuejiang Middle Road, Haizhu District",
        address_zh_hans="海珠区阅江中路380号",
        **fields,
    )


@pytest.mark.parametrize(
    "language, words",
    [("en", "Sun 27 Dec 2026, 14:00 – 17:30"), ("zh-hans", "2026年12月27日 星期日 14:00–17:30")],
)
def test_an_afternoon_event_shows_its_weekday_and_its_day_once(client, language, words):
    event_on(SUNDAY_AFTERNOON, SUNDAY_AFTERNOON.replace(hour=17, minute=30))
    for url in (f"/{language}/events/open-class/", f"/{language}/events/", f"/{language}/events/open-class/register/"):
        page = client.get(url).content.decode()
        assert words in re.sub(r"<[^>]+>", "", page), url
        assert DATETIME_ATTRIBUTE.findall(page)[:2] == ["2026-12-27T14:00:00+08:00", "2026-12-27T17:30:00+08:00"]


@pytest.mark.parametrize(
    "language, words",
    [
        ("en", "Sun 27 Dec 2026, 14:00 – Mon 28 Dec 2026, 12:00"),
        ("zh-hans", "2026年12月27日 星期日 14:00 – 2026年12月28日 星期一 12:00"),
    ],
)
def test_an_event_over_two_days_names_both(client, language, words):
    event_on(SUNDAY_AFTERNOON, SUNDAY_AFTERNOON + datetime.timedelta(hours=22))
    page = client.get(f"/{language}/events/open-class/").content.decode()
    assert words in re.sub(r"<[^>]+>", "", page)


@pytest.mark.parametrize(
    "language, words",
    [("en", "Sun 27 Dec 2026 – Tue 29 Dec 2026"), ("zh-hans", "2026年12月27日 星期日 – 2026年12月29日 星期二")],
)
def test_an_event_whose_times_are_not_published_shows_its_days_only(client, language, words):
    event_on(SUNDAY_AFTERNOON, SUNDAY_AFTERNOON + datetime.timedelta(days=2), times_announced=False)
    page = client.get(f"/{language}/events/open-class/").content.decode()
    assert words in re.sub(r"<[^>]+>", "", page)
    assert DATETIME_ATTRIBUTE.findall(page)[:2] == ["2026-12-27", "2026-12-29"]


def test_a_start_saved_with_microseconds_gives_a_datetime_attribute_the_standard_accepts(client):
    starts_at = datetime.datetime(2027, 1, 5, 21, 51, 52, 916308, tzinfo=BEIJING)
    event = event_on(starts_at, starts_at + datetime.timedelta(hours=1))
    event.agenda_items.create(title_en="Opening", starts_at=starts_at)
    for url in ("/en/events/open-class/", "/en/events/", "/zh-hans/events/open-class/"):
        attributes = DATETIME_ATTRIBUTE.findall(client.get(url).content.decode())
        assert attributes and all(VALID_DATETIME.fullmatch(value) for value in attributes), attributes
        assert "2027-01-05T21:51:52+08:00" in attributes
    structured = client.get("/en/events/open-class/").content.decode()
    assert '"startDate": "2027-01-05T21:51:52+08:00"' in structured


def test_the_email_gives_the_same_dates_and_a_map_link(client, django_capture_on_commit_callbacks):
    event_on(SUNDAY_AFTERNOON, SUNDAY_AFTERNOON.replace(hour=17, minute=30))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/zh-hans/events/open-class/register/", form_data())
    body = mail.outbox[0].body
    assert "时间：2026年12月27日 星期日 14:00–17:30（北京时间）" in body
    assert (
        "https://uri.amap.com/search?keyword=%E6%B5%B7%E7%8F%A0%E5%8C%BA%E9%98%85%E6%B1%9F%E4%B8%AD%E8%B7%AF380%E5%8F%B7"
        in body
    )


@pytest.mark.parametrize(
    "language, map_link",
    [
        (
            "zh-hans",
            "https://uri.amap.com/search?keyword=%E6%B5%B7%E7%8F%A0%E5%8C%BA%E9%98%85%E6%B1%9F%E4%B8%AD%E8%B7%AF380%E5%8F%B7",
        ),
        ("en", "https://www.openstreetmap.org/search?query=380%20Yuejiang%20Middle%20Road%2C%20Haizhu%20District"),
    ],
)
def test_the_address_links_to_a_map_search_in_the_page_language(client, language, map_link):
    event_on(SUNDAY_AFTERNOON, SUNDAY_AFTERNOON.replace(hour=17, minute=30))
    page = client.get(f"/{language}/events/open-class/").content.decode()
    assert f'href="{map_link}"' in page


def test_without_an_address_the_venue_is_searched_on_the_map(client):
    event = event_on(SUNDAY_AFTERNOON, SUNDAY_AFTERNOON.replace(hour=17, minute=30))
    event.address_en = event.address_zh_hans = ""
    event.save()
    page = client.get("/en/events/open-class/").content.decode()
    assert 'href="https://www.openstreetmap.org/search?query=Pazhou%20Convention%20Centre"' in page


def test_the_event_goes_into_a_calendar_before_anyone_registers(client):
    event_on(SUNDAY_AFTERNOON, SUNDAY_AFTERNOON.replace(hour=17, minute=30))
    for url in ("/en/events/open-class/", "/en/events/open-class/register/"):
        page = client.get(url).content.decode()
        link = page.index('href="/en/events/open-class/event.ics"')
        # Before the registration form; the header's search form comes first on every page.
        assert '<form method="post"' not in page or link < page.index('<form method="post"'), url
    response = client.get("/en/events/open-class/event.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["summary"]) == "Open Class"
    assert entry.decoded("dtstart") == SUNDAY_AFTERNOON


def test_an_event_without_a_published_date_offers_no_calendar_and_says_so(client):
    event_on(
        SUNDAY_AFTERNOON, SUNDAY_AFTERNOON.replace(hour=17, minute=30), date_announced=False, times_announced=False
    )
    page = client.get("/en/events/open-class/").content.decode()
    assert "Date not published" in page and "event.ics" not in page and "<time" not in page
    assert client.get("/en/events/open-class/event.ics").status_code == 404


def test_the_month_filter_is_a_month_picker(client):
    page = client.get("/en/events/").content.decode()
    assert '<input type="month" name="month"' in page


def test_the_texts_kept_follow_the_event_the_language_and_the_time_zone():
    """The texts are kept once written, by value: a moved event, another language or another zone reads anew."""
    event = event_on(SUNDAY_AFTERNOON, SUNDAY_AFTERNOON + datetime.timedelta(hours=3))
    item = AgendaItem(starts_at=SUNDAY_AFTERNOON, ends_at=SUNDAY_AFTERNOON + datetime.timedelta(minutes=90))
    with translation.override("en"):
        assert event_when(event, html=False) == "Sun 27 Dec 2026, 14:00 – 17:00"
        assert session_when(item) == "Sun 27 Dec 2026, 14:00 – 15:30"
        event.starts_at += datetime.timedelta(days=1)
        event.ends_at += datetime.timedelta(days=1)
        item.ends_at = None
        assert event_when(event, html=False) == "Mon 28 Dec 2026, 14:00 – 17:00"
        assert session_when(item) == "Sun 27 Dec 2026, 14:00"
        event.times_announced = False
        assert event_when(event, html=False) == "Mon 28 Dec 2026"
        with timezone.override("Europe/London"):
            assert session_when(item) == "Sun 27 Dec 2026, 06:00"
    with translation.override("zh-hans"):
        assert event_when(event, html=False) == "2026年12月28日 星期一"
        assert session_when(item) == "2026年12月27日 星期日 14:00"
