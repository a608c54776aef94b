import datetime
import json
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.models import Event, Registration
from foundation import spam
from foundation.models import OutgoingEmail
from tests.factories import AgendaItemFactory, DistrictFactory, EventFactory, RegistrationFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "full_name": "李明",
        "email": "li@example.com",
        "organisation": "映宇宙",
        "role": "investor",
        "phone": "138 1234 5678",
        "consent": "on",
        "website": "",
        "started": signing.dumps(time.time() - 30, salt=spam.SALT),
    }
    data.update(overrides)
    return data


@pytest.fixture
def event():
    return EventFactory(
        slug="open-class",
        title_en="Open Class",
        capacity=2,
        district=DistrictFactory(slug="haizhu", name_en="Haizhu District"),
    )


def titles(response) -> list[str]:
    return [event.title for event in response.context["events"]]


def days_from_now(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def test_list_shows_upcoming_events_and_past_ones_under_their_own_link_but_not_drafts(client, event):
    EventFactory(title_en="Last Year Conference", starts_at=days_from_now(-300))
    EventFactory(title_en="Spring Conference", starts_at=days_from_now(-100))
    EventFactory(title_en="Secret Draft", state=Event.State.DRAFT)
    upcoming = client.get("/en/events/")
    assert upcoming.status_code == 200
    assert titles(upcoming) == ["Open Class"]
    page = upcoming.content.decode()
    assert 'href="?when=past"' in page and "Last Year Conference" not in page and "Secret Draft" not in page
    past = client.get("/en/events/?when=past")
    assert titles(past) == ["Spring Conference", "Last Year Conference"]
    assert "Secret Draft" not in past.content.decode()


def test_list_paginates_upcoming_events_soonest_first(client):
    for day in range(25, 0, -1):
        EventFactory(title_en=f"Day {day:02d}", starts_at=days_from_now(day))
    first = client.get("/en/events/")
    second = client.get("/en/events/?page=2")
    assert titles(first) == [f"Day {day:02d}" for day in range(1, 21)]
    assert titles(second) == [f"Day {day:02d}" for day in range(21, 26)]
    assert "Page 2 of 2" in second.content.decode()


def test_list_filters_by_district_and_month(client, event):
    other = EventFactory(
        title_en="Linping Conference",
        district=DistrictFactory(slug="linping"),
        starts_at=datetime.datetime(2025, 11, 10, 9, tzinfo=datetime.timezone.utc),
    )
    assert titles(client.get("/en/events/?district=linping")) == []
    by_district = client.get("/en/events/?district=linping&when=past")
    assert titles(by_district) == [other.title]
    # The filters follow the link to the other list.
    assert 'href="?district=linping"' in by_district.content.decode()
    assert titles(client.get("/en/events/?month=2025-11&when=past")) == ["Linping Conference"]
    assert titles(client.get("/en/events/?month=2025-11")) == []


@pytest.mark.parametrize(
    "query, message",
    [
        ("month=november", "The filter “Month” was ignored"),
        ("district=atlantis", "The filter “District” was ignored"),
        ("month=2025-13", "The filter “Month” was ignored"),
        ("page=x", "“x” is not a page number; showing the first page."),
    ],
)
def test_a_malformed_filter_is_ignored_with_a_message(client, event, query, message):
    response = client.get(f"/en/events/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert titles(response) == ["Open Class"]


def test_detail_shows_agenda_speakers_seats_and_schema_org_data(client, event, django_assert_max_num_queries):
    speaker = SpeakerFactory(event=event, name_en="Zhang Wei")
    item = AgendaItemFactory(event=event, title_en="Opening address", starts_at=event.starts_at)
    item.speakers.add(speaker)
    RegistrationFactory(event=event)
    with django_assert_max_num_queries(8):
        response = client.get("/en/events/open-class/")
    page = response.content.decode()
    assert "Opening address" in page and "Zhang Wei" in page
    assert "1 seat left" in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Event" and data["name"] == "Open Class"
    assert data["remainingAttendeeCapacity"] == 1
    assert data["location"]["name"] == "Pazhou Convention Centre"


def test_illustrative_event_is_labelled(client):
    EventFactory(slug="demo", is_illustrative=True)
    assert "Illustrative" in client.get("/en/events/demo/").content.decode()


SENT = "/en/events/open-class/register/sent/"


def test_registering_confirms_and_emails_the_ticket_link_without_showing_it(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/events/open-class/register/", form_data())
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == SENT
    assert registration.phone == "+8613812345678" and registration.language == "en"
    assert registration.status == Registration.Status.CONFIRMED
    sent = client.get(SENT).content.decode()
    assert "Check your email" in sent
    # What happens next, said plainly, and what to do if nothing comes.
    assert (
        "The link to your registration is on its way to li@example.com: your ticket, "
        "or your place on the waiting list if the event is full." in sent
    )
    assert "If nothing has come within 15 minutes, look in your spam folder" in sent
    assert "register again with the same address: nobody is registered twice" in sent
    assert "If li@example.com is registered" not in sent
    assert registration.manage_token not in sent and registration.ticket_code not in sent
    assert mail.outbox[0].to == ["li@example.com"]
    assert registration.manage_token in mail.outbox[0].body
    ticket = client.get(f"/en/events/ticket/{registration.manage_token}/").content.decode()
    assert "Confirmed" in ticket and registration.ticket_code in ticket and "<svg" in ticket


def test_the_sent_page_names_the_address_once_from_a_signed_cookie_and_stores_no_session(client, event):
    response = client.post("/en/events/open-class/register/", form_data())
    cookie = response.cookies["sent_to"]
    assert cookie["path"] == SENT and cookie["httponly"] and cookie["max-age"] == 600
    assert not Session.objects.exists()
    assert "is on its way to li@example.com" in client.get(SENT).content.decode()
    # Shown once: the page removes the cookie; a reload gives the general wording.
    reloaded = client.get(SENT).content.decode()
    assert "li@example.com" not in reloaded and "is on its way to the address you gave" in reloaded
    # A cookie changed by hand is not believed.
    client.cookies["sent_to"] = "mallory@example.com"
    assert "mallory@example.com" not in client.get(SENT).content.decode()


@pytest.mark.django_db(transaction=True)
def test_registering_reads_the_event_once_and_holds_its_lock_for_one_statement_and_the_commit(
    client, event, settings, django_assert_num_queries
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The event, its questions (none here), then the registration inserted, and under the event's lock one
    # statement that counts the seats and sets the status; committed. After that commit, the email and the
    # task that sends it, in one statement. The consent box is the form's to require and the database's to
    # keep: no query checks it. A repeated address is the database's unique constraint's to refuse. No
    # session row: the sent page's address travels in a signed cookie. The registration's foreign keys are
    # checked as it is inserted, not at the commit under the lock, and that commit does not wait for the disk
    # (the email's does).
    with django_assert_num_queries(9) as queries:
        assert client.post("/en/events/open-class/register/", form_data()).status_code == 302
    statements = [query["sql"] for query in queries.captured_queries]
    assert statements.count("COMMIT") == 1
    assert statements[-1].startswith('WITH inserted AS (INSERT INTO "haizhu_portal_outgoingemail"')
    locked = next(number for number, sql in enumerate(statements) if "FOR NO KEY UPDATE" in sql)
    assert statements[locked - 1].startswith('INSERT INTO "events_registration"')
    assert statements[locked - 2] == "SET CONSTRAINTS ALL IMMEDIATE; SET LOCAL synchronous_commit = off"
    held = statements[locked : statements.index("COMMIT", locked) + 1]
    assert [sql.split()[0] for sql in held] == ["SELECT", "UPDATE", "COMMIT"]
    assert held[1].startswith('UPDATE "events_registration" SET "status"')
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert DBTaskResult.objects.get().args_kwargs["args"] == [OutgoingEmail.objects.get().pk]


def test_a_full_event_puts_people_on_the_waiting_list_and_says_so_in_the_email_and_ticket(
    client, event, django_capture_on_commit_callbacks
):
    RegistrationFactory.create_batch(2, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/events/open-class/register/", form_data())
    registration = Registration.objects.get(email="li@example.com")
    assert registration.status == Registration.Status.WAITING
    assert "waiting list" in mail.outbox[-1].body
    page = client.get(f"/en/events/ticket/{registration.manage_token}/").content.decode()
    assert "waiting list" in page.lower() and "1st in line" in page


def test_registering_a_known_address_answers_exactly_like_a_new_one_and_emails_the_link(
    client, event, django_capture_on_commit_callbacks
):
    existing = RegistrationFactory(event=event, email="known@example.com")
    answers = []
    for email in ["new@example.com", "KNOWN@example.com"]:
        with django_capture_on_commit_callbacks(execute=True):
            posted = client.post("/en/events/open-class/register/", form_data(email=email))
        page = client.get(posted["Location"])
        text = page.content.decode().replace(email, "ADDRESS")
        answers.append((posted.status_code, posted["Location"], page.status_code, text))
    assert answers[0] == answers[1]
    assert answers[0][:3] == (302, SENT, 200) and "already registered" not in answers[0][3]
    assert Registration.objects.filter(email__iexact="known@example.com").count() == 1
    assert mail.outbox[-1].to == ["known@example.com"] and existing.manage_token in mail.outbox[-1].body
    assert [message.to for message in mail.outbox] == [["new@example.com"], ["known@example.com"]]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_manage_link_form_emails_a_known_and_an_unknown_address_alike_and_answers_the_same(
    client, event, language, django_capture_on_commit_callbacks
):
    existing = RegistrationFactory(event=event, email="known@example.com", language=language)
    answers, emails, queries = [], [], []
    for email in ["KNOWN@example.com", "nobody@example.com"]:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as work:
            posted = client.post(f"/{language}/events/open-class/register/manage-link/", {"email": email})
        queries.append(len(work.captured_queries))
        page = client.get(posted["Location"])
        answers.append((posted.status_code, posted["Location"], page.status_code, page.content.decode()))
        [message] = mail.outbox
        emails.append(message)
    assert answers[0] == answers[1]
    assert queries[0] == queries[1]  # the same work either way, so the time tells nothing either
    assert answers[0][:3] == (302, f"/{language}/events/open-class/", 200)
    known, unknown = emails
    assert known.to == ["known@example.com"] and existing.manage_token in known.body
    assert unknown.to == ["nobody@example.com"] and "/ticket/" not in unknown.body
    assert f"/{language}/events/open-class/" in unknown.body
    if language == "en":
        assert "If this address is registered for the event" in answers[0][3]
        assert unknown.subject == "No registration for Open Class under this address"
        assert "There is no registration for this event under this address." in unknown.body
    else:
        assert unknown.subject != "No registration for Open Class under this address"
        assert "此地址没有该活动的报名" in unknown.body


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12345"}, "phone"),
        ({"consent": ""}, "consent"),
        ({"full_name": ""}, "full_name"),
        ({"organisation": ""}, "organisation"),
        ({"role": "spy"}, "role"),
        ({"full_name": "x" * 500}, "full_name"),
        ({"organisation": "x" * 201}, "organisation"),
        ({"phone": "1" * 41}, "phone"),
        ({"email": "x" * 250 + "@example.com"}, "email"),
        ({"email": "\x00@example.com"}, "email"),
    ],
)
def test_malformed_registration_is_refused_and_keeps_what_was_typed(client, event, overrides, field):
    response = client.post("/en/events/open-class/register/", form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert "everything you typed is kept" in page
    kept = "李明" if field != "full_name" else "映宇宙"
    assert f'value="{kept}"' in page
    assert Registration.objects.count() == 0


def test_an_empty_post_is_refused_not_an_error(client, event):
    assert client.post("/en/events/open-class/register/", {}).status_code == 400


def test_registration_for_a_cancelled_or_closed_event_is_refused_clearly(client):
    EventFactory(slug="called-off", state=Event.State.CANCELLED)
    EventFactory(slug="closed", registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    cancelled = client.post("/en/events/called-off/register/", form_data(), follow=True)
    assert "has been cancelled" in cancelled.content.decode()
    closed = client.post("/en/events/closed/register/", form_data(), follow=True)
    assert "Registration for this event has closed" in closed.content.decode()
    assert Registration.objects.count() == 0
    assert client.get("/en/events/called-off/register/").status_code == 200


def test_an_event_without_published_capacity_says_so_and_takes_no_registration(client):
    EventFactory(slug="no-seats-published", capacity=None)
    detail = client.get("/en/events/no-seats-published/").content.decode()
    assert "No registration here" in detail
    assert "Join the waiting list" not in detail and "/en/events/no-seats-published/register/" not in detail
    form_page = client.get("/en/events/no-seats-published/register/").content.decode()
    assert "no capacity has been published" in form_page and 'name="full_name"' not in form_page
    refused = client.post("/en/events/no-seats-published/register/", form_data(), follow=True)
    assert "Registration is not open here: no capacity has been published" in refused.content.decode()
    assert Registration.objects.count() == 0


def test_the_database_refuses_zero_seats():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(capacity=0)


def test_drafts_have_no_public_pages(client):
    EventFactory(slug="draft", state=Event.State.DRAFT)
    assert client.get("/en/events/draft/").status_code == 404
    assert client.post("/en/events/draft/register/", form_data()).status_code == 404


def test_manage_link_cancels_after_confirmation_and_promotes_the_next(
    client, event, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    url = f"/en/events/ticket/{registration.manage_token}/cancel/"
    assert "Do you really want to cancel" in client.get(url).content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Your registration is cancelled" in response.content.decode()
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    again = client.post(url, follow=True)
    assert "already cancelled" in again.content.decode()


def test_an_unknown_manage_link_is_not_found(client):
    assert client.get("/en/events/ticket/not-a-token/").status_code == 404


def test_ticket_calendar_and_feed_are_icalendar(client, event):
    from icalendar import Calendar

    registration = RegistrationFactory(event=event)
    EventFactory(state=Event.State.DRAFT, title_en="Hidden")
    ticket = client.get(f"/en/events/ticket/{registration.manage_token}/event.ics")
    assert ticket["Content-Type"].startswith("text/calendar")
    entries = Calendar.from_ical(ticket.content).walk("VEVENT")
    assert [str(entry["summary"]) for entry in entries] == ["Open Class"]
    feed = Calendar.from_ical(client.get("/en/events/feed.ics").content)
    assert [str(entry["summary"]) for entry in feed.walk("VEVENT")] == ["Open Class"]


def test_list_page_query_count_does_not_grow_with_events(client, django_assert_max_num_queries):
    for _ in range(3):
        RegistrationFactory(event=EventFactory())
    with django_assert_max_num_queries(6) as few:
        client.get("/en/events/")
    for _ in range(10):
        RegistrationFactory(event=EventFactory(district=DistrictFactory()))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/en/events/")
    assert len(response.context["events"]) == 13


def test_sitemap_lists_event_pages_in_both_languages(client, event):
    EventFactory(slug="draft", state=Event.State.DRAFT)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/en/events/open-class/" in sitemap and "/zh-hans/events/open-class/" in sitemap
    assert "/events/draft/" not in sitemap


@pytest.mark.parametrize("data", [{}, {"email": "nonsense"}, {"email": "a" * 500 + "@example.com"}])
def test_malformed_manage_link_request_is_refused_without_error(client, event, data):
    response = client.post("/en/events/open-class/register/manage-link/", data, follow=True)
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert mail.outbox == []


def test_event_text_cannot_break_out_of_the_structured_data(client):
    EventFactory(slug="tricky", title_en="</script><script>alert(1)</script> & more")
    page = client.get("/en/events/tricky/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(block)["name"] == "</script><script>alert(1)</script> & more"
    assert "<script>alert(1)" not in page


def test_real_events_are_not_examples_and_name_no_invented_organiser(client):
    from django.core.management import call_command

    call_command("load_demo")
    wechat = Event.objects.get(slug="wechat-open-class-pro-2025")
    assert not wechat.is_illustrative and wechat.source is not None
    page = client.get(wechat.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert "organizer" not in data
    for invented in Event.objects.filter(is_illustrative=True):
        assert invented.source is None


def test_the_sent_page_says_in_chinese_what_comes_and_what_to_do_if_it_does_not(client, event):
    client.post("/zh-hans/events/open-class/register/", form_data())
    sent = client.get("/zh-hans/events/open-class/register/sent/").content.decode()
    assert "报名链接正在发往 li@example.com：其中有您的门票；如活动已满，则有您在候补名单上的位置。" in sent
    assert "如果15分钟内仍未收到，请查看垃圾邮件文件夹" in sent
    assert "如果 li@example.com 已报名" not in sent
