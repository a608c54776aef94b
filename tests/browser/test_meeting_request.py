import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Desk, MeetingProgramme, Slot
from tests.factories import DistrictFactory, EventFactory, RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_attendee_requests_a_meeting_from_the_ticket_page_on_a_phone(live_server, phone, screenshot):
    district = DistrictFactory(slug="haizhu", name_en="Haizhu", name_zh_hans="海珠区")
    event = EventFactory(slug="expo", district=district, title_en="Micro-drama expo")
    MeetingProgramme.objects.create(event=event)
    desk = Desk.objects.create(
        event=event,
        kind=Desk.Kind.DISTRICT,
        district=district,
        contact_email="desk@haizhu.example",
        language="en",
        accepted_at=timezone.now(),
    )
    start = timezone.localtime(event.starts_at).replace(hour=10, minute=0, second=0, microsecond=0)
    for number in range(3):
        Slot.objects.create(
            desk=desk,
            starts_at=start + datetime.timedelta(minutes=20 * number),
            ends_at=start + datetime.timedelta(minutes=20 * (number + 1)),
        )
    registration = RegistrationFactory(event=event, full_name="Li Hua", language="en")

    phone.goto(f"{live_server.url}/en/events/ticket/{registration.manage_token}/")
    expect(phone.get_by_role("heading", name="Your meetings")).to_be_visible()
    phone.get_by_label("Desk and time").select_option(
        label=f"Haizhu investment desk · {start:%Y-%m-%d} 10:20–10:40 · table 1"
    )
    phone.get_by_role("button", name="Request the meeting").click()
    # Nothing said: the page explains and keeps the chosen time.
    expect(phone.get_by_text("Say in a few words what you would like to discuss.")).to_be_visible()
    expect(phone.get_by_label("Desk and time")).to_have_value(str(Slot.objects.order_by("starts_at")[1].pk))
    phone.get_by_label("What would you like to discuss?").fill("Co-producing a short series")
    phone.get_by_role("button", name="Request the meeting").click()

    phone.wait_for_url(f"**/en/events/ticket/{registration.manage_token}/#meetings")
    expect(phone.get_by_text("Your meeting request is sent.")).to_be_visible()
    meetings = phone.locator(".meeting-list")
    expect(meetings.get_by_text("Haizhu investment desk")).to_be_visible()
    expect(meetings.get_by_text("Co-producing a short series")).to_be_visible()
    expect(meetings.get_by_text("Requested")).to_be_visible()
    # Nothing wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("meetings-01-ticket-page")
