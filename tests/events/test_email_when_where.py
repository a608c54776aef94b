"""Every email about an event names its title, dates, venue and map link in the reader's language; the text is
rendered once per event and language and kept (event_tags.event_when_where), and an organiser's change shows in
the very next email."""

import datetime

import pytest

from events.services import manage_link_resend
from events.templatetags.event_tags import WHEN_WHERE_RENDERED
from foundation.models import OutgoingEmail
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_kept():
    WHEN_WHERE_RENDERED.clear()
    yield
    WHEN_WHERE_RENDERED.clear()


@pytest.fixture
def event():
    return EventFactory(
        title_en="Micro-drama Open Class",
        title_zh_hans="微短剧公开课",
        address_en="1 Yuejiang Road, Haizhu",
        address_zh_hans="海珠区阅江路1号",
        starts_at=datetime.datetime(2027, 3, 5, 1, 30, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2027, 3, 5, 9, 0, tzinfo=datetime.UTC),
    )


def emailed(event, address, language) -> str:
    manage_link_resend(event=event, email=address, language=language)
    return OutgoingEmail.objects.filter(to=address).latest("pk").body


def test_each_reader_gets_the_event_in_their_own_language(event):
    RegistrationFactory(event=event, email="li@example.com", language="zh-hans")
    for _round in range(2):  # the second time from the text kept
        english = emailed(event, "nobody@example.com", "en")
        assert "Micro-drama Open Class" in english
        assert "Where: Pazhou Convention Centre, 1 Yuejiang Road, Haizhu" in english
        assert "https://www.openstreetmap.org/search?query=1%20Yuejiang%20Road%2C%20Haizhu" in english
        assert "When: Fri 5 Mar 2027, 09:30 – 17:00 (Beijing time)" in english and "微短剧" not in english
        chinese = emailed(event, "li@example.com", "zh-hans")
        assert "微短剧公开课" in chinese and "地点：琶洲会展中心，海珠区阅江路1号" in chinese
        assert "https://uri.amap.com/search?keyword=" in chinese and "Open Class" not in chinese


def test_an_organisers_change_shows_in_the_next_email(event):
    assert "Pazhou Convention Centre" in emailed(event, "nobody@example.com", "en")
    event.venue_en = "Guangzhou Tower, Hall 2"
    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)
    event.save()
    changed = emailed(event, "nobody@example.com", "en")
    assert "Where: Guangzhou Tower, Hall 2, 1 Yuejiang Road, Haizhu" in changed
    assert "Pazhou" not in changed and "When: Sat 6 Mar 2027, 09:30" in changed
