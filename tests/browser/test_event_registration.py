import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration
from foundation import spam
from tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def last_seat(monkeypatch):
    """An event with one seat left and one person waiting for it."""
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)  # a script types faster than a person
    event = EventFactory(slug="open-class", title_en="Micro-drama open class", capacity=2)
    RegistrationFactory(event=event, email="first@example.com")
    return event


def manage_link_in(message, live_server) -> str:
    path = re.search(r"https?://\S+?(/en/events/ticket/[^/\s]+/)", message.body).group(1)
    return live_server.url + path


def test_attendee_registers_opens_the_manage_link_and_cancels_on_a_phone(live_server, phone, screenshot, last_seat):
    phone.goto(f"{live_server.url}/en/events/")
    phone.get_by_role("link", name="Micro-drama open class").first.click()
    phone.wait_for_url("**/en/events/open-class/")
    expect(phone.get_by_text("1 seat left").first).to_be_visible()
    screenshot("events-01-detail")

    phone.get_by_role("link", name="Register").first.click()
    phone.get_by_label("Full name").fill("Li Hua")
    phone.get_by_role("textbox", name="Email").fill("li.hua@example.com")
    phone.get_by_label("Organisation").fill("Sunchuan Media")
    phone.get_by_label("Role").select_option(label="Enterprise")
    phone.get_by_label("Phone").fill("12345")
    phone.get_by_role("checkbox", name="I agree").check()
    phone.get_by_role("button", name="Register").click()
    expect(phone.locator(".field-error").filter(has=phone.get_by_label("Phone"))).to_be_visible()
    expect(phone.get_by_label("Full name")).to_have_value("Li Hua")
    screenshot("events-02-register-error")

    phone.get_by_label("Phone").fill("138 1234 5678")
    phone.get_by_role("checkbox", name="I agree").check()
    phone.get_by_role("button", name="Register").click()
    # The page says the same whether or not the address was registered; the ticket travels by email.
    phone.wait_for_url("**/en/events/open-class/register/sent/")
    expect(phone.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(phone.get_by_text("The link to your registration is on its way to li.hua@example.com")).to_be_visible()
    screenshot("events-03-check-your-email")

    # The full event sends the next person to the waiting list.
    RegistrationFactory(event=last_seat, email="waiting@example.com", status=Registration.Status.WAITING)

    ticket_code = Registration.objects.get(email="li.hua@example.com").ticket_code
    confirmation = next(message for message in mail.outbox if message.to == ["li.hua@example.com"])
    phone.goto(manage_link_in(confirmation, live_server))
    expect(phone.locator(".ticket-code")).to_have_text(ticket_code)
    expect(phone.locator(".ticket-qr svg")).to_be_visible()
    screenshot("events-04-ticket")
    phone.get_by_role("link", name="Cancel my registration").click()
    phone.get_by_role("button", name="Yes, cancel my registration").click()
    expect(phone.locator(".status")).to_have_text("Cancelled")
    expect(phone.get_by_role("link", name="Cancel my registration")).to_have_count(0)
    screenshot("events-05-cancelled")

    promoted = Registration.objects.get(email="waiting@example.com")
    assert promoted.status == Registration.Status.CONFIRMED
    assert any(message.to == ["waiting@example.com"] for message in mail.outbox)


def test_attendee_picks_a_session_on_the_ticket_page_on_a_phone(live_server, phone, screenshot, monkeypatch):
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)
    event = EventFactory(slug="summit", title_en="Micro-drama summit", capacity=100)
    AgendaItemFactory(
        event=event,
        title_en="Script workshop",
        starts_at=event.starts_at + datetime.timedelta(hours=1),
        ends_at=event.starts_at + datetime.timedelta(hours=3),
        capacity=40,
    )
    phone.goto(f"{live_server.url}/en/events/summit/register/")
    expect(phone.get_by_text("Sessions with their own seats")).to_be_visible()
    phone.get_by_label("Full name").fill("Li Hua")
    phone.get_by_role("textbox", name="Email").fill("li.hua@example.com")
    phone.get_by_label("Organisation").fill("Sunchuan Media")
    phone.get_by_label("Role").select_option(label="Enterprise")
    phone.get_by_role("checkbox", name="I agree").check()
    phone.get_by_role("button", name="Register").click()
    phone.wait_for_url("**/en/events/summit/register/sent/")

    confirmation = next(message for message in mail.outbox if message.to == ["li.hua@example.com"])
    phone.goto(manage_link_in(confirmation, live_server))
    expect(phone.get_by_text("You hold no session yet.")).to_be_visible()
    phone.get_by_role("checkbox", name=re.compile("Script workshop")).check()
    phone.get_by_role("button", name="Save my sessions").click()
    expect(phone.get_by_text("Your sessions are saved")).to_be_visible()
    booking = phone.locator(".session-booking")
    expect(booking).to_contain_text("Script workshop")
    expect(booking).to_contain_text("Seat confirmed")
    screenshot("events-06-ticket-sessions")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
