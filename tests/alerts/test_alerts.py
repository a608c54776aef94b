import datetime
import functools
import re
import time

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alerts.models import AlertSubscription
from alerts.services import digests_send
from districts.models import ValueChainSegment
from foundation import spam
from foundation.models import OutgoingEmail
from tests.factories import DistrictFactory, EventFactory, IncentiveFactory, SourceFactory

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://[^\s]+")
# Valid in every way but its length: 264 characters, more than an address may have (RFC 5321).
LONG_ADDRESS = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".example"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Emails leave when their transaction commits, which a test's never does: `with committed():` around
    a request runs what it left for the commit, as the commit would."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def haizhu():
    return DistrictFactory(slug="haizhu", name_en="Haizhu")


def form_data(**overrides):
    data = {
        "email": "investor@example.com",
        "districts": ["haizhu"],
        "segments": [],
        "consent": "on",
        "started": signing.dumps(time.time() - 30, salt=spam.SALT),
    }
    data.update(overrides)
    return data


def links(message) -> dict:
    """The links of an alert email by what they do."""
    found = LINK.findall(message.body)
    return {
        "confirm": next((url for url in found if "/alerts/confirm/" in url), None),
        "manage": next(url for url in found if "/alerts/manage/" in url),
        "unsubscribe": next(url for url in found if "/alerts/unsubscribe/" in url),
    }


def path(url):
    return url.removeprefix("http://127.0.0.1:8000")


def subscribe_and_confirm(client, committed, **overrides):
    with committed():
        client.post("/en/alerts/", form_data(**overrides))
    confirmation = mail.outbox[-1]
    client.post(path(links(confirmation)["confirm"]))
    return AlertSubscription.objects.get(email__iexact=overrides.get("email", "investor@example.com"))


def test_nothing_is_sent_but_the_confirmation_until_the_link_is_followed(client, haizhu, committed):
    with committed():
        response = client.post("/en/alerts/", form_data())
    assert response.status_code == 302 and response["Location"] == "/en/alerts/sent/"
    page = client.get(response["Location"]).content.decode()
    assert "Check your email" in page and "We have sent a link to investor@example.com." in page
    assert "If nothing has come within 15 minutes, look in your spam folder" in page
    subscription = AlertSubscription.objects.get()
    assert not subscription.is_confirmed and subscription.consent and subscription.consented_at
    assert [message.subject for message in mail.outbox] == ["Confirm your email alerts"]
    IncentiveFactory(district=haizhu)
    with committed():
        assert digests_send(now=timezone.now() + datetime.timedelta(minutes=1)) == 0
    assert len(mail.outbox) == 1
    client.post(path(links(mail.outbox[0])["confirm"]))
    subscription.refresh_from_db()
    assert subscription.is_confirmed


def test_opening_the_confirmation_link_changes_nothing_until_its_button_is_pressed(client, haizhu, committed):
    with committed():
        client.post("/en/alerts/", form_data(segments=["platform"]))
    assert "To start them, open this link and press its button:" in mail.outbox[-1].body
    confirm = path(links(mail.outbox[-1])["confirm"])
    # What a mail scanner or a chat app's link preview does.
    assert client.head(confirm).status_code == 200
    page = client.get(confirm)
    assert page.status_code == 200
    subscription = AlertSubscription.objects.get()
    assert not subscription.is_confirmed
    text = page.content.decode()
    assert "investor@example.com" in text and "Haizhu" in text and "Platform" in text
    assert '<button type="submit" class="button">Start my alerts</button>' in text
    response = client.post(confirm)
    assert response.status_code == 302 and response["Location"] == subscription.get_absolute_url()
    subscription.refresh_from_db()
    assert subscription.is_confirmed
    assert "Confirmed." in client.get(response["Location"]).content.decode()
    # A confirmed subscription's link leads to its page.
    assert client.get(confirm)["Location"] == subscription.get_absolute_url()


def test_weekly_digest_lists_what_is_new_with_sources_once_per_person(client, haizhu, committed):
    subscription = subscribe_and_confirm(client, committed)
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(minutes=5)
    incentive = IncentiveFactory(district=haizhu, title_en="Script subsidy", max_amount_cny=300_000)
    IncentiveFactory(title_en="Elsewhere")
    EventFactory(district=haizhu, title_en="Pitch day")
    with committed():
        assert digests_send(now=later) == 1
    with committed():
        assert digests_send(now=later + datetime.timedelta(hours=1)) == 0  # the same week: no second digest
    digest = mail.outbox[-1]
    assert digest.to == ["investor@example.com"]
    assert "Script subsidy" in digest.body and "Pitch day" in digest.body and "Elsewhere" not in digest.body
    assert incentive.source.publisher in digest.body and "300,000 yuan" in digest.body
    assert digest.subject == "Haizhu Portal: 2 new items this week"
    assert digest.extra_headers["List-Unsubscribe"] == f"<{links(digest)['unsubscribe']}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    subscription.refresh_from_db()
    assert subscription.last_digest_at == later


def test_the_digest_says_what_each_amount_is_whether_it_is_open_who_qualifies_and_where_it_was_read(
    client, haizhu, committed
):
    subscribe_and_confirm(client, committed)
    mail.outbox.clear()
    reprint = SourceFactory(
        publisher="南方都市报",
        publisher_english="Southern Metropolis Daily",
        title="A staff label",
        kind="reprint",
        read_via="eastmoney.com",
        read_on=datetime.date(2025, 11, 15),
        published_on=None,
        url="https://example.com/reprint",
    )
    provincial = IncentiveFactory(
        district=haizhu,
        title_en="Provincial platform support",
        max_amount_cny=3_000_000,
        amount_for="company",
        amount_period="not_published",
        level="province",
        scope="internet_content",
        eligibility_published=False,
        valid_from=None,
        source=reprint,
        caveat_en="A Henan measure, filed under the city that applies it.",
    )
    provincial.further_sources.add(SourceFactory(publisher="Second Publisher", published_on=None))
    IncentiveFactory(
        district=haizhu,
        title_en="Per-work reward",
        max_amount_cny=100_000,
        amount_for="work",
        amount_period="one_off",
        amount_is_maximum=False,
    )
    with committed():
        digests_send(now=timezone.now() + datetime.timedelta(minutes=5))
    body = mail.outbox[-1].body
    amount = "up to 3 million yuan per company (period not published)"
    assert f"{amount} · Province · Internet content, not specific to micro-drama" in body
    assert "Who qualifies: Who qualifies is not published; ask the bureau" in body
    assert "Valid: Validity not published; ask the bureau\n" in body  # neither open nor closed
    assert (
        "Source: Southern Metropolis Daily (南方都市报); a reprint read in eastmoney.com on Nov. 15, 2025 "
        "https://example.com/reprint" in body
    )
    assert "A staff label" not in body and "<a " not in body
    assert "Also: Second Publisher" in body
    assert "Note: A Henan measure, filed under the city that applies it." in body
    assert "100,000 yuan per work, one-off" in body and "up to 100,000" not in body
    assert "Valid: Jan. 1, 2020 – … (Open now)" in body


def test_a_week_without_news_sends_nothing(client, haizhu, committed):
    subscribe_and_confirm(client, committed)
    mail.outbox.clear()
    IncentiveFactory(district=DistrictFactory())
    with committed():
        assert digests_send(now=timezone.now() + datetime.timedelta(days=7)) == 0
    assert mail.outbox == []


def test_segments_narrow_incentives_as_the_catalogue_does(client, haizhu, committed):
    subscribe_and_confirm(client, committed, districts=[], segments=["platform"])
    mail.outbox.clear()
    IncentiveFactory(title_en="For platforms", segments=[ValueChainSegment.PLATFORM])
    IncentiveFactory(title_en="For everyone", segments=[])
    IncentiveFactory(title_en="For production", segments=[ValueChainSegment.PRODUCTION])
    with committed():
        digests_send(now=timezone.now() + datetime.timedelta(minutes=1))
    body = mail.outbox[-1].body
    assert "For platforms" in body and "For everyone" in body and "For production" not in body


def test_a_digest_keeps_a_measure_whose_source_does_not_say_who_qualifies_as_the_catalogue_does(
    client, haizhu, committed
):
    subscribe_and_confirm(client, committed, districts=[], segments=["platform"])
    mail.outbox.clear()
    IncentiveFactory(title_en="Ask who qualifies", eligibility_published=False, segments=[ValueChainSegment.PRODUCTION])
    IncentiveFactory(title_en="For production", segments=[ValueChainSegment.PRODUCTION])
    with committed():
        digests_send(now=timezone.now() + datetime.timedelta(minutes=1))
    body = mail.outbox[-1].body
    assert "Ask who qualifies" in body and "For production" not in body
    catalogue = client.get("/en/incentives/?segment=platform").context["incentives"]
    assert [incentive.title for incentive in catalogue] == ["Ask who qualifies"]


def test_the_management_command_sends_digests_through_the_task_queue(client, haizhu, committed):
    subscription = subscribe_and_confirm(client, committed)
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=1)
    )
    IncentiveFactory(district=haizhu, title_en="Rent support")
    mail.outbox.clear()
    with committed():
        call_command("send_alert_digests", stdout=None)
    assert "Rent support" in mail.outbox[-1].body


def test_one_click_unsubscribe_erases_the_address_and_its_emails(client, haizhu, committed):
    subscribe_and_confirm(client, committed)
    unsubscribe = path(links(mail.outbox[-1])["unsubscribe"])
    assert client.head(unsubscribe).status_code == 200
    page = client.get(unsubscribe)
    assert page.status_code == 200 and AlertSubscription.objects.exists()  # a link preview changes nothing
    assert '<button type="submit" class="button">Unsubscribe</button>' in page.content.decode()
    # What a mail program sends for List-Unsubscribe-Post: no session, no CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not AlertSubscription.objects.exists()
    assert not OutgoingEmail.objects.filter(to="investor@example.com").exists()
    assert client.post(unsubscribe).status_code == 200  # a second click is harmless


def test_the_subscription_page_needs_no_account_and_changes_the_choices(client, haizhu, committed):
    subscription = subscribe_and_confirm(client, committed)
    manage = path(links(mail.outbox[-1])["manage"])
    page = client.get(manage)
    assert page.status_code == 200 and "investor@example.com" in page.content.decode()
    response = client.post(manage, {"segments": ["production"]})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.segments == ["production"] and not subscription.districts.exists()
    empty = client.post(manage, {})
    assert empty.status_code == 400 and "Choose at least one district or one segment" in empty.content.decode()


def test_the_form_changes_nothing_for_a_confirmed_address_and_emails_it_its_own_link(client, haizhu, committed):
    subscription = subscribe_and_confirm(client, committed)
    DistrictFactory(slug="hengdian", name_en="Hengdian")
    mail.outbox.clear()
    other = {"districts": ["hengdian"], "segments": ["talent"]}
    stranger = Client()
    with committed():
        known = stranger.post("/zh-hans/alerts/", form_data(email="Investor@Example.com", **other))
    subscription.refresh_from_db()
    assert [district.slug for district in subscription.districts.all()] == ["haizhu"]
    assert subscription.segments == [] and subscription.language == "en" and subscription.is_confirmed
    assert AlertSubscription.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["investor@example.com"] and message.subject == "The link to your email alerts"
    assert links(message)["confirm"] is None and subscription.token in links(message)["manage"]
    assert "Districts: Haizhu" in message.body and "Hengdian" not in message.body
    known_page = stranger.get(known["Location"]).content.decode()
    # The answer is the one a new address gets, so the form tells no one who subscribes.
    new = stranger.post("/zh-hans/alerts/", form_data(email="newcomer@example.com", **other))
    new_page = stranger.get(new["Location"]).content.decode()
    assert (
        (known.status_code, known["Location"]) == (new.status_code, new["Location"]) == (302, "/zh-hans/alerts/sent/")
    )
    assert "Investor@Example.com" in known_page and "newcomer@example.com" in new_page
    assert known_page.replace("Investor@Example.com", "ADDRESS") == new_page.replace("newcomer@example.com", "ADDRESS")


def test_an_unconfirmed_address_takes_the_latest_choices_and_a_new_confirmation_link(client, haizhu, committed):
    DistrictFactory(slug="hengdian")
    with committed():
        client.post("/en/alerts/", form_data())
    with committed():
        client.post("/en/alerts/", form_data(email="Investor@Example.com", districts=["hengdian"], segments=["talent"]))
    subscription = AlertSubscription.objects.get()
    assert [district.slug for district in subscription.districts.all()] == ["hengdian"]
    assert subscription.segments == ["talent"] and not subscription.is_confirmed
    assert [message.subject for message in mail.outbox] == ["Confirm your email alerts"] * 2


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"districts": [], "segments": []}, "Choose at least one district or one segment"),
        ({"districts": ["nowhere"]}, "There is no district “nowhere”."),
        ({"consent": ""}, "Please agree, otherwise we cannot email you."),
        ({"email": LONG_ADDRESS}, "An email address has at most 254 characters."),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, haizhu, overrides, message):
    response = client.post("/en/alerts/", form_data(**{"email": "typed@example.com", **overrides}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert not AlertSubscription.objects.exists()
    if "email" not in overrides:
        assert 'value="typed@example.com"' in page


def test_chinese_subscriber_gets_chinese_emails(client, haizhu, committed):
    with committed():
        client.post("/zh-hans/alerts/", form_data())
    confirmation = mail.outbox[-1]
    assert "/zh-hans/alerts/confirm/" in confirmation.body
    assert confirmation.subject != "Confirm your email alerts"


def test_district_page_links_to_alerts_for_that_district(client, haizhu):
    page = client.get("/en/districts/haizhu/").content.decode()
    assert 'href="/en/alerts/?district=haizhu"' in page
    form = client.get("/en/alerts/?district=haizhu").content.decode()
    assert (
        'value="haizhu" checked' in form
        or 'checked value="haizhu"' in form
        or re.search(r'value="haizhu"[^>]*checked', form)
    )


@pytest.mark.parametrize("language, heading", [("en", "Email alerts"), ("zh-hans", "邮件提醒")])
def test_alert_pages_render_in_both_languages(client, haizhu, language, heading):
    assert heading in client.get(f"/{language}/alerts/").content.decode()
    client.post(f"/{language}/alerts/", form_data())
    subscription = AlertSubscription.objects.get()
    for kind in ("confirm", "manage", "unsubscribe"):
        assert client.get(f"/{language}/alerts/{kind}/{subscription.token}/").status_code == 200


def test_too_many_subscriptions_for_one_address_answer_429_keeping_what_was_typed(client, haizhu):
    for _ in range(5):
        assert client.post("/en/alerts/", form_data(email="Flood@example.com")).status_code == 302
    response = client.post("/en/alerts/", form_data(email="flood@example.com"))
    assert response.status_code == 429
    assert "Too many" in response.content.decode() and 'value="flood@example.com"' in response.content.decode()


def test_a_replayed_subscription_form_is_refused(client, haizhu):
    data = form_data()
    assert client.post("/en/alerts/", data).status_code == 302
    replayed = client.post("/en/alerts/", data)
    assert replayed.status_code == 409 and "This form was already sent once." in replayed.content.decode()
