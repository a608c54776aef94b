"""An organiser writes to an event's attendees: a form in both languages, a preview of the email each person
gets, then one stored email per person, in their language, with replies to the organiser, and the counts."""

import html
import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone, translation

from events.models import AttendeeMessage, Registration
from events.services import message_emails_queue, message_emails_queue_batch, message_send, messages_queue_unfinished
from foundation.models import OutgoingEmail
from staff.roles import EVENT_ORGANISERS
from tests.events.test_capacity import run_at_once
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


def message_for(event, **values) -> AttendeeMessage:
    fields = message_data(**values)
    return AttendeeMessage(event=event, key=uuid.uuid4(), **fields)


def test_send_stores_the_message_and_leaves_the_emails_to_the_worker(organiser_client, event, attendees):
    page = preview(organiser_client, audience="all")
    # The commit's callbacks, where the worker's task is queued, are not run: the worker has not started.
    response = organiser_client.post(URL, {**hidden_fields(page), "step": "send"}, follow=True)
    assert "The message is on its way to 4 people" in response.content.decode()
    message = AttendeeMessage.objects.get()
    assert message.recipient_count == 4 and message.emails_queued_at is None
    assert not OutgoingEmail.objects.exists()
    # Until the worker stores the emails, the people it has not reached count as queued.
    row = re.search(r'<tr class="sent-message">.*?</tr>', response.content.decode(), re.S).group()
    assert re.findall(r'class="count-(\w+)">(\d+)<', row) == [("sent", "0"), ("queued", "4"), ("failed", "0")]
    message_emails_queue(message=message)
    counts = AttendeeMessage.objects.with_delivery_counts().get()
    assert (counts.sent, counts.queued, counts.failed) == (0, 4, 0)
    assert OutgoingEmail.objects.count() == 4


def test_the_worker_stores_the_emails_in_batches_each_person_once(event, attendees):
    RegistrationFactory.create_batch(3, event=event)
    message = message_for(event, audience="all")
    message_send(message=message)  # its task waits for the commit, which a test's transaction never makes
    stored = []
    while message_emails_queue_batch(message=message, batch_size=3):
        stored.append(OutgoingEmail.objects.count())
    assert stored == [3, 6] and OutgoingEmail.objects.count() == 7
    message.refresh_from_db()
    assert message.emails_queued_at is not None and message.recipient_count == 7
    # Again, from the task or the sweep: nobody gets a second email.
    message_emails_queue(message=message)
    assert not message_emails_queue_batch(message=message)
    assert messages_queue_unfinished() == 0
    assert OutgoingEmail.objects.count() == 7
    assert len(set(OutgoingEmail.objects.values_list("registration", flat=True))) == 7


def test_a_batch_that_fails_midway_stores_nobody_and_the_next_run_stores_everyone_once(event, attendees, monkeypatch):
    from events import services

    message = message_for(event, audience="all")
    message_send(message=message)
    queue = services.email_queue
    calls = []

    def fails_on_the_fourth(**arguments):
        calls.append(arguments["to"])
        if len(calls) == 4:
            raise ConnectionError("the database went away")
        return queue(**arguments)

    monkeypatch.setattr(services, "email_queue", fails_on_the_fourth)
    assert message_emails_queue_batch(message=message, batch_size=2)  # two stored
    with pytest.raises(ConnectionError):  # the first of the next two stored, then the failure
        message_emails_queue_batch(message=message, batch_size=2)
    assert OutgoingEmail.objects.count() == 2
    message_emails_queue(message=message, batch_size=2)
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == sorted(
        ["wang@example.com", "li@example.com", "alice@example.com", "bob@example.com"]
    )


def test_someone_who_registers_after_send_is_not_written_to(event, attendees):
    message = message_for(event, audience="all")
    message_send(message=message)
    RegistrationFactory(event=event, email="late@example.com", created_at=timezone.now() + timedelta(seconds=1))
    message_emails_queue(message=message)
    assert "late@example.com" not in OutgoingEmail.objects.values_list("to", flat=True)
    assert OutgoingEmail.objects.count() == 4


def test_the_sweep_gives_a_task_again_to_a_message_whose_worker_died(event, attendees, settings, mailoutbox):
    message = message_for(event)
    message_send(message=message, batch_size=1)
    message_emails_queue_batch(message=message, batch_size=1)  # one stored, then the worker died
    # The sweep queues the rest once the transaction commits (the test runs the commit's callbacks).
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert messages_queue_unfinished() == 1
    assert sorted(email.to[0] for email in mailoutbox) == ["alice@example.com", "li@example.com"]
    message.refresh_from_db()
    assert message.emails_queued_at is not None and OutgoingEmail.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_four_workers_storing_one_message_at_once_write_to_each_person_once(settings):
    # Tasks are kept, not run: the four threads below are the workers.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    event = EventFactory(capacity=100)
    RegistrationFactory.create_batch(40, event=event)
    message = message_for(event)
    message_send(message=message)

    def store(_number):
        message_emails_queue(message=message, batch_size=5)

    assert [outcome for outcome in run_at_once(4, store) if isinstance(outcome, Exception)] == []
    # A worker that found the message locked by another stopped: whoever holds it goes on to the end.
    while message_emails_queue_batch(message=message, batch_size=5):
        pass
    registrations = OutgoingEmail.objects.values_list("registration", flat=True)
    assert len(registrations) == 40 and len(set(registrations)) == 40
