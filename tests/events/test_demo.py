import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event

pytestmark = pytest.mark.django_db


def test_demo_events_are_real_and_past_or_illustrative_and_upcoming():
    call_command("load_demo")
    call_command("load_demo")
    conference = Event.objects.get(slug="hangzhou-micro-short-drama-conference-2025")
    assert conference.district.slug == "linping"
    assert conference.summary_zh_hans == "主题：“视听弄潮赋能千行百业·百花齐放引领千帆出海”。"
    assert timezone.localdate(conference.starts_at) == datetime.date(2025, 11, 10) and conference.source is not None
    assert Event.objects.get(slug="wechat-open-class-pro-2025").district.slug == "haizhu"
    upcoming = list(Event.objects.published().upcoming())
    assert upcoming and all(event.is_illustrative for event in upcoming)
    assert all(event.registration_is_open() for event in upcoming)
    assert Event.objects.count() == 5
    # The sources give no attendance limit for the real, past events: none is invented.
    assert not conference.takes_registration


def test_the_third_conference_says_its_sources_differ_and_what_was_to_be_announced(client):
    call_command("load_demo")
    conference = Event.objects.get(slug="hangzhou-micro-short-drama-conference-2025")
    assert "2023" in conference.caveat_en and "2025" in conference.caveat_en and "differ" in conference.caveat_en
    assert "will be announced" in conference.description_en and "were announced" not in conference.description_en
    # more-facts gives the conferences' dates, not the dates of the reports on them.
    assert conference.source.publisher == "央广网" and conference.source.published_on is None
    assert not conference.source.title_as_published


def test_the_wechat_event_quotes_the_english_slogan_and_marks_the_translated_venue(client):
    call_command("load_demo")
    wechat = Event.objects.get(slug="wechat-open-class-pro-2025")
    assert "“在海珠创作微短剧”" not in wechat.summary_zh_hans
    assert "“Create Micro-Dramas in Haizhu”" in wechat.summary_zh_hans and "译文" in wechat.caveat_zh_hans
    assert not Event.objects.filter(title_zh_hans__contains="“在海珠创作微短剧”").exists()


PAGES = [
    "/events/",
    "/events/?district=linping&month=2025-11",
    "/events/create-micro-dramas-in-haizhu-briefing/",
    "/events/create-micro-dramas-in-haizhu-briefing/register/",
    "/events/hangzhou-micro-short-drama-conference-2025/",
    "/",
]


@pytest.mark.parametrize("language, expected", [("en", "Upcoming events"), ("zh-hans", "即将举行的活动")])
@pytest.mark.parametrize("page", PAGES)
def test_event_pages_render_in_every_language(client, language, expected, page):
    call_command("load_demo")
    response = client.get(f"/{language}{page}")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    if page in ("/events/", "/"):
        assert expected in body
    assert ("活动" if language == "zh-hans" else "Events") in body


def test_home_and_navigation_lead_to_the_upcoming_illustrative_event(client):
    call_command("load_demo")
    page = client.get("/en/").content.decode()
    assert 'href="/en/events/"' in page
    assert "Create Micro-Dramas in Haizhu" in page and "Illustrative" in page
    detail = client.get("/en/events/create-micro-dramas-in-haizhu-briefing/").content.decode()
    assert "This event is an example" in detail and "60 seats left" in detail
    past = client.get("/en/events/hangzhou-micro-short-drama-conference-2025/").content.decode()
    assert "2025-11-10" in past and "2025-11-11" in past and "Past event" in past
