"""The door on a phone: the check-in page scans ticket after ticket through the camera (a fake camera
showing real tickets' QR codes), and the attendee list and check-in page fit a 390 px screen."""

import datetime

import pytest
import segno
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from events.models import Registration
from events.services import registration_create
from tests.browser.conftest import CHROMIUM_FLAGS, SCREENSHOTS
from tests.browser.test_phone_pages import axe_violations, page_width
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRAME = (640, 480)
FRAMES_PER_TICKET = 10


def ticket_qr(registration: Registration) -> segno.QRCode:
    """The QR code printed on the ticket page, made as that page makes it."""
    path = reverse("events:check_in", kwargs={"slug": registration.event.slug})
    return segno.make(f"{settings.SITE_URL}{path}?code={registration.ticket_code}", error="m")


def luma_plane(qr: segno.QRCode) -> bytes:
    """The QR code large and dark on a white frame, as the camera's brightness (Y) plane."""
    frame = Image.new("L", FRAME, 255)
    modules = qr.symbol_size(scale=1, border=4)[0]
    side = min(FRAME) - 40
    symbol = Image.new("L", (modules, modules), 255)
    for y, row in enumerate(qr.matrix_iter(scale=1, border=4)):
        for x, dark in enumerate(row):
            if dark:
                symbol.putpixel((x, y), 0)
    symbol = symbol.resize((side - side % modules, side - side % modules), Image.NEAREST)
    frame.paste(symbol, ((FRAME[0] - symbol.width) // 2, (FRAME[1] - symbol.height) // 2))
    return frame.tobytes()


def write_camera_video(path, codes: list[segno.QRCode]):
    """A YUV4MPEG2 (4:2:0) video showing each ticket for two seconds; Chromium's fake camera loops it."""
    width, height = FRAME
    grey = bytes([128]) * (width // 2 * height // 2)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode())
        for qr in codes:
            plane = luma_plane(qr)
            for _ in range(FRAMES_PER_TICKET):
                video.write(b"FRAME\n" + plane + grey + grey)


@pytest.fixture
def door(live_server, django_user_model, tmp_path):
    """An event under way, two people registered through the service, and a logged-in organiser's phone."""
    event = EventFactory(slug="pitch-day", title_en="Pitch day")
    people = [
        registration_create(
            event=event,
            full_name=name,
            email=email,
            organisation="Sunchuan Media",
            role="investor",
            consent=True,
            language="en",
        )
        for name, email in [("Li Hua", "li.hua@example.com"), ("Zhang Wei", "zhang.wei@example.com")]
    ]
    # Registration has closed; the event is under way today.
    event.starts_at = timezone.now() - datetime.timedelta(minutes=1)
    event.ends_at = event.starts_at + datetime.timedelta(hours=8)
    event.save()
    organiser = django_user_model.objects.create_superuser("door", password="x")
    client = Client()
    client.force_login(organiser)
    video = tmp_path / "tickets.y4m"
    write_camera_video(video, [ticket_qr(person) for person in people])
    return {
        "event": event,
        "people": people,
        "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "video": video,
    }


@pytest.fixture
def organiser_phone(browser, door, live_server):
    """A logged-in organiser's phone whose camera films the tickets (a second Chromium, from the same Playwright)."""
    camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={door['video']}",
    ]
    with_camera = browser.browser_type.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS + camera)
    context = with_camera.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB"
    )
    context.grant_permissions(["camera"], origin=live_server.url)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": door["session"], "url": live_server.url}])
    yield context.new_page()
    with_camera.close()


def test_the_check_in_page_scans_ticket_after_ticket_with_the_camera(live_server, door, organiser_phone):
    page = organiser_phone
    SCREENSHOTS.mkdir(exist_ok=True)
    # The ticket page shows the very QR code the camera will see.
    page.goto(live_server.url + door["people"][0].get_absolute_url())
    drawn = page.locator(".ticket-qr svg path").first.get_attribute("d")
    assert drawn and f'd="{drawn}"' in ticket_qr(door["people"][0]).svg_inline(scale=4)
    page.goto(f"{live_server.url}/en/events/pitch-day/organise/check-in/")
    page.get_by_role("button", name="Scan tickets with the camera").click()
    answer = page.locator("#check-in-result")
    expect(answer).to_have_attribute("data-result", "checked_in", timeout=15_000)
    first_name = answer.locator("[data-field=person]").inner_text().split(" · ")[0]
    expect(answer).to_contain_text("Checked in. Welcome!")
    page.screenshot(path=str(SCREENSHOTS / "door-01-scanned.png"))
    # The next ticket in front of the camera is read without touching the phone.
    other_name = {"Li Hua": "Zhang Wei", "Zhang Wei": "Li Hua"}[first_name]
    expect(answer.locator("[data-field=person]")).to_contain_text(other_name, timeout=15_000)
    expect(answer).to_have_attribute("data-result", "checked_in")
    assert set(Registration.objects.filter(checked_in_at__isnull=False).values_list("full_name", flat=True)) == {
        "Li Hua",
        "Zhang Wei",
    }
    # The first ticket shown again is recognised as already in.
    expect(answer).to_contain_text("Already checked in at", timeout=15_000)


def test_the_attendee_list_and_check_in_page_fit_a_phone(live_server, door, organiser_phone):
    page = organiser_phone
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/en/events/pitch-day/organise/")
    page.get_by_role("button", name="Check in Li Hua").click()
    expect(page.get_by_text("Li Hua · Checked in. Welcome!")).to_be_visible()
    assert Registration.objects.get(full_name="Li Hua").checked_in_at is not None
    assert page_width(page) <= 390
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "door-02-attendee-list.png"), full_page=True)
    page.goto(f"{live_server.url}/en/events/pitch-day/organise/check-in/?q=Zhang")
    assert page_width(page) <= 390
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "door-03-check-in-search.png"), full_page=True)


def test_a_ticket_scanned_weeks_early_waits_for_the_organiser_to_confirm(live_server, door, organiser_phone):
    page = organiser_phone
    event = door["event"]
    event.starts_at = timezone.now() + datetime.timedelta(days=21)
    event.ends_at = event.starts_at + datetime.timedelta(hours=8)
    event.save()
    page.goto(f"{live_server.url}/en/events/pitch-day/organise/check-in/")
    page.get_by_role("button", name="Scan tickets with the camera").click()
    answer = page.locator("#check-in-result")
    expect(answer).to_have_attribute("data-result", "not_today", timeout=15_000)
    expect(answer).to_contain_text(f"This event is on {timezone.localtime(event.starts_at):%a %-d %b %Y}")
    name = answer.locator("[data-field=person]").inner_text().split(" · ")[0]
    page.screenshot(path=str(SCREENSHOTS / "door-04-not-today.png"))
    # Scanning waits for the choice: nobody is checked in meanwhile.
    page.wait_for_timeout(3000)
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    page.get_by_role("button", name="Check in anyway").click()
    expect(answer).to_have_attribute("data-result", "checked_in")
    expect(answer.locator("[data-field=person]")).to_contain_text(name)
    assert Registration.objects.get(full_name=name).checked_in_at is not None


def test_a_scan_after_the_organisers_login_ended_says_so(live_server, door, organiser_phone):
    page = organiser_phone
    page.goto(f"{live_server.url}/en/events/pitch-day/organise/check-in/")
    Session.objects.all().delete()  # the login ends while the page stays open
    page.get_by_role("button", name="Scan tickets with the camera").click()
    answer = page.locator("#check-in-result")
    expect(answer).to_have_attribute("data-result", "signed_out", timeout=15_000)
    expect(answer).to_contain_text("Your login has ended. Log in again on this phone")
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
