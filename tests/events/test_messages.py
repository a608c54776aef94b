"""An organiser writes to an event's attendees: a form in both languages, a preview of the email each person
gets, then one stored email per person, in their language, with replies to the organiser, and the counts."""

import html
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone, translation

from events.models import AttendeeMessage, Registration
from foundation.models import OutgoingEmail
from staff.roles import EVENT_ORGANISERS
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

URL = "/en/events/summit/organise/messages/"


@pytest.fixture
def event():
    return EventFactory(slug="summit", title_en="Summit", title_zh_hans="峰会", capacity=50)


@pytest.fixture
def organiser(django_user_model, event):
    user = django_user_model.objects.create_user(
        "organiser", email="organiser@bureau.example.cn", password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    event.organisers.add(user)
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def attendees(event):
    """Two confirmed in Chinese, one confirmed in English, one waiting in English; and those never written to."""
    people = {
        "wang": RegistrationFactory(event=event, email="wang@example.com", full_name="王小明", language="zh-hans"),
        "li": RegistrationFactory(event=event, email="li@example.com", full_name="李华", language="zh-hans"),
        "alice": RegistrationFactory(event=event, email="alice@example.com", full_name="Alice Smith", language="en"),
        "bob": RegistrationFactory(
            event=event, email="bob@example.com", language="en", status=Registration.Status.WAITING
        ),
    }
    RegistrationFactory(event=event, email="gone@example.com", status=Registration.Status.CANCELLED)
    RegistrationFactory(
        event=event, email="erased-9@erased.invalid", full_name="", personal_data_erased_at=timezone.now()
    )
    RegistrationFactory(email="other-event@example.com")
    return people


def message_data(**values) -> dict:
    return {
        "audience": "confirmed",
        "subject_zh_hans": "会场变更",
        "body_zh_hans": "会议改在二号馆举行。\n请提前到场。",
        "subject_en": "Venue change",
        "body_en": "The conference moves to Hall 2.\nPlease come early.",
        "reply_to": "organiser@bureau.example.cn",
        **values,
    }


def preview(client, url=URL, **values):
    return client.post(url, {**message_data(**values), "step": "preview"})


def send(client, **values):
    """Preview, then press Send on the preview, with the fields it carries."""
    page = preview(client, **values)
    assert page.status_code == 200
    return send_preview(client, page)


def send_preview(client, page):
    # The emails go out once the message's transaction commits, as they do outside the test's transaction.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(URL, {**hidden_fields(page), "step": "send"}, follow=True)


def hidden_fields(page) -> dict:
    """What the preview page's form carries on to Send or Change, as a browser would post it."""
    inputs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.content.decode())
    return {name: html.unescape(value) for name, value in inputs if name != "csrfmiddlewaretoken"}


def test_the_form_asks_for_both_languages_and_says_so(organiser_client, attendees):
    page = organiser_client.get(URL).content.decode()
    assert "Both languages are required" in page
    assert 'value="organiser@bureau.example.cn"' in page  # replies go to the organiser by default
    assert "Messages to attendees" in organiser_client.get("/en/events/summit/organise/").content.decode()


@pytest.mark.parametrize(
    "language, missing, message",
    [
        ("en", "subject_en", "Write the subject in English."),
        ("en", "body_zh_hans", "Write the message in Chinese."),
        ("zh-hans", "subject_en", "请填写英文主题。"),
        ("zh-hans", "body_zh_hans", "请填写中文正文。"),
    ],
)
def test_a_message_missing_a_language_is_refused_clearly_and_keeps_what_was_typed(
    organiser_client, attendees, language, missing, message
):
    url = f"/{language}/events/summit/organise/messages/"
    response = preview(organiser_client, url, **{missing: ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "The conference moves to Hall 2." in page or missing == "body_en"
    assert "会场变更" in page
    assert not AttendeeMessage.objects.exists() and not mail.outbox


def test_what_the_organiser_types_is_shown_as_text_in_the_preview(organiser_client, attendees):
    typed = {"body_en": "<script>alert(1)</script> & more", "subject_en": "<b>Hi</b>"}
    page = preview(organiser_client, **typed).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page and "<script>alert" not in page
    assert "&lt;b&gt;Hi&lt;/b&gt; · Summit" in page


def test_a_wrong_reply_address_or_audience_is_refused(organiser_client, attendees):
    assert preview(organiser_client, reply_to="not an address").status_code == 400
    assert preview(organiser_client, audience="cancelled").status_code == 400
    assert not OutgoingEmail.objects.exists()


def test_the_preview_shows_each_language_as_sent_with_its_recipients_and_sends_nothing(organiser_client, attendees):
    response = preview(organiser_client)
    page = response.content.decode()
    assert "To: Confirmed attendees, 3 people." in page
    assert "In Chinese · 2 recipients" in page and "In English · 1 recipient" in page
    assert "会场变更 · 峰会" in page and "Venue change · Summit" in page
    assert "会议改在二号馆举行。\n请提前到场。" in page
    assert "The conference moves to Hall 2.\nPlease come early." in page
    assert "[the attendee&#x27;s name]" in page and "［参会者姓名］" in page
    assert not OutgoingEmail.objects.exists() and not AttendeeMessage.objects.exists()
    # Back from the preview, everything typed is in the form again.
    edited = organiser_client.post(URL, {**hidden_fields(response), "step": "edit"}).content.decode()
    assert "The conference moves to Hall 2." in edited and 'value="Venue change"' in edited


@pytest.mark.parametrize(
    "audience, recipients",
    [
        ("confirmed", {"wang@example.com", "li@example.com", "alice@example.com"}),
        ("waiting", {"bob@example.com"}),
        ("all", {"wang@example.com", "li@example.com", "alice@example.com", "bob@example.com"}),
    ],
)
def test_each_person_of_the_audience_gets_one_email_in_their_language(
    organiser_client, attendees, audience, recipients
):
    response = send(organiser_client, audience=audience)
    assert f"The message is on its way to {len(recipients)} people" in response.content.decode()
    assert {email.to[0] for email in mail.outbox} == recipients
    assert len(mail.outbox) == len(recipients)
    for email in mail.outbox:
        english = email.to[0] in ("alice@example.com", "bob@example.com")
        assert email.subject == ("Venue change · Summit" if english else "会场变更 · 峰会")
        assert ("Please come early." in email.body) == english
        assert ("请提前到场。" in email.body) != english
        assert email.message()["Reply-To"] == "organiser@bureau.example.cn"
    # Each person's own name and ticket link.
    for email in mail.outbox:
        registration = Registration.objects.get(email=email.to[0])
        assert registration.full_name in email.body.splitlines()[0]
        with translation.override(registration.language):
            assert registration.get_absolute_url() in email.body


def test_replies_go_to_the_address_the_organiser_gives(organiser_client, attendees):
    send(organiser_client, reply_to="desk@summit.example.org")
    assert {email.message()["Reply-To"] for email in mail.outbox} == {"desk@summit.example.org"}
    assert AttendeeMessage.objects.get().reply_to == "desk@summit.example.org"


def test_sending_the_same_preview_twice_sends_it_once(organiser_client, attendees):
    page = preview(organiser_client)
    send_preview(organiser_client, page)
    send_preview(organiser_client, page)
    assert AttendeeMessage.objects.count() == 1
    assert len(mail.outbox) == 3


def test_the_page_lists_the_messages_with_sent_queued_and_failed_counts(organiser_client, attendees, settings):
    send(organiser_client, audience="all")
    emails = OutgoingEmail.objects.order_by("pk")
    emails.filter(pk=emails[0].pk).update(status=OutgoingEmail.Status.FAILED)
    emails.filter(pk=emails[1].pk).update(status=OutgoingEmail.Status.PENDING)
    page = organiser_client.get(URL).content.decode()
    assert "会场变更" in page and "Venue change" in page
    row = re.search(r'<tr class="sent-message">.*?</tr>', page, re.S).group()
    counts = re.findall(r'class="count-(\w+)">(\d+)<', row)
    assert counts == [("sent", "2"), ("queued", "1"), ("failed", "1")]


@pytest.mark.parametrize("messages", [1, 8])
def test_the_messages_page_costs_the_same_queries_however_many_messages(
    organiser_client, attendees, messages, django_assert_num_queries
):
    for _ in range(messages):
        send(organiser_client, audience="all")
    organiser_client.get(URL)  # the session and language are settled
    # One of them asks whether the event has sessions, which the form then offers as recipients.
    with django_assert_num_queries(7):
        assert organiser_client.get(URL).status_code == 200


def test_only_the_events_organisers_may_write(client, event, attendees, organiser, django_user_model):
    assert client.get(URL).status_code == 302
    stranger = django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    stranger.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    client.force_login(stranger)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {**message_data(), "step": "send"}).status_code == 403
    assert not OutgoingEmail.objects.exists()


def test_a_message_needs_the_forms_csrf_token(organiser):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(organiser)
    assert csrf_client.post(URL, {**message_data(), "step": "send"}).status_code == 403
    assert not OutgoingEmail.objects.exists()


def test_the_emails_are_tied_to_each_registration_and_erased_with_it(organiser_client, attendees):
    from events.services import registration_personal_data_erase

    send(organiser_client)
    registration_personal_data_erase(Registration.objects.get(email="wang@example.com"))
    assert not OutgoingEmail.objects.filter(to="wang@example.com").exists()
    assert AttendeeMessage.objects.with_delivery_counts().get().sent == 3


def test_a_message_to_nobody_is_not_sent(organiser_client, event):
    RegistrationFactory(event=event, email="wang@example.com")
    page = preview(organiser_client, audience="waiting")
    assert "Nobody is registered in this group yet" in page.content.decode()
    assert send_preview(organiser_client, page).status_code == 400
    assert not AttendeeMessage.objects.exists() and not mail.outbox


def test_the_chinese_page_previews_in_chinese(organiser_client, attendees):
    page = preview(organiser_client, "/zh-hans/events/summit/organise/messages/", audience="all").content.decode()
    assert "收件人：所有报名者（已确认和候补），共4人。" in page
    assert "中文版 · 2位收件人" in page and "英文版 · 2位收件人" in page
