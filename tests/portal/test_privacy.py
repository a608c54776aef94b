"""PIPL: the privacy notice, consent recorded with its time and notice version, and one person's
data exported and erased by email across registrations, inquiries, alert subscriptions and stored emails."""

import datetime
import io
import json
import time

import pytest
from django.core import signing
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from alerts.models import AlertSubscription
from alerts.services import subscription_confirm, subscription_request
from districts.models import Inquiry
from districts.services import inquiry_submit
from events.models import InvitationCode, Registration
from events.services import email_registration
from foundation import spam
from foundation.emails import email_queue
from foundation.models import PRIVACY_NOTICE_VERSION, OutgoingEmail
from tests.factories import EventFactory, InvestmentContactFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, heading", [("en", "Privacy notice"), ("zh-hans", "隐私声明")])
def test_the_privacy_notice_reads_in_both_languages_and_names_its_version(client, language, heading):
    page = client.get(f"/{language}/privacy/").content.decode()
    assert f"<h1>{heading}</h1>" in page and PRIVACY_NOTICE_VERSION in page
    assert f'href="/{language}/privacy/"' in client.get(f"/{language}/").content.decode()


@pytest.mark.parametrize(
    "language, unpublished",
    [
        ("en", "The portal's operator has not published an address for these requests yet."),
        ("zh-hans", "门户运营方尚未公布受理这些请求的地址。"),
    ],
)
def test_the_notice_says_when_no_address_for_requests_is_published(client, settings, language, unpublished):
    settings.BUREAU_INQUIRY_EMAIL = ""
    page = client.get(f"/{language}/privacy/").content.decode()
    notice = page[page.index("<article>") : page.index("</article>")]
    assert unpublished in notice and "mailto:" not in notice
    settings.BUREAU_INQUIRY_EMAIL = "privacy@portal.example.org"
    page = client.get(f"/{language}/privacy/").content.decode()
    assert 'href="mailto:privacy@portal.example.org"' in page and unpublished not in page


def test_every_form_that_collects_personal_data_links_the_notice(client):
    InvestmentContactFactory(district__slug="haizhu").district
    EventFactory(slug="summit")
    for path in ["/en/events/summit/register/", "/en/districts/haizhu/", "/en/enterprises/submit/", "/en/alerts/"]:
        page = client.get(path).content.decode()
        assert 'class="muted privacy-link"' in page and 'href="/en/privacy/"' in page, path


def started():
    return signing.dumps(time.time() - 30, salt=spam.SALT)


def test_a_registration_records_when_consent_was_given_and_to_which_notice(client):
    EventFactory(slug="summit")
    response = client.post(
        "/en/events/summit/register/",
        {
            "full_name": "Li Ming",
            "email": "li@example.com",
            "organisation": "Reels",
            "role": "investor",
            "consent": "on",
            "started": started(),
            "website": "",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.consent_at is not None and registration.consent_notice_version == PRIVACY_NOTICE_VERSION


def test_an_inquiry_records_when_consent_was_given_and_to_which_notice():
    inquiry = person_inquiry(InvestmentContactFactory().district, "li@example.com")
    assert inquiry.consent_at is not None and inquiry.consent_notice_version == PRIVACY_NOTICE_VERSION


def person_inquiry(district, email):
    return inquiry_submit(
        district=district,
        language="en",
        company="Reels",
        contact_name="Li Ming",
        email=email,
        phone="+8613812345678",
        message="We want a studio near the river.",
        consent=True,
    )


@pytest.fixture
def person():
    """Li has two registrations, an inquiry and an alert subscription, under differently written addresses;
    Wang one registration and an alert subscription."""
    district = InvestmentContactFactory(district__slug="haizhu").district
    first = RegistrationFactory(full_name="Li Ming", email="Li@Example.com", event=EventFactory(slug="summit"))
    second = RegistrationFactory(full_name="Li Ming", email="li@example.com", event=EventFactory(slug="forum"))
    for registration in (first, second):
        email_registration(registration, "registration_confirmed")
    inquiry = person_inquiry(district, "li@example.COM")
    # An email to Li about none of these records.
    email_queue(to="LI@example.com", template="inquiry_received", context={"inquiry": inquiry}, language="en")
    subscription_confirm(
        subscription=subscription_request(email="li@EXAMPLE.com", districts=[district], segments=[], language="en")
    )
    other = RegistrationFactory(full_name="Wang Fang", email="wang@example.com", event=first.event)
    email_registration(other, "registration_confirmed")
    subscription_request(email="wang@example.com", districts=[], segments=[], language="en")
    return {"registrations": [first, second], "inquiry": inquiry, "other": other}


def test_export_gathers_one_persons_records_whatever_the_case_of_the_address(person):
    output = io.StringIO()
    call_command("personal_data", "export", "LI@example.com", stdout=output)
    data = json.loads(output.getvalue())
    assert sorted(row["event__slug"] for row in data["registrations"]) == ["forum", "summit"]
    assert [row["message"] for row in data["inquiries"]] == ["We want a studio near the river."]
    [subscription] = data["alert_subscriptions"]
    assert subscription["districts"] == ["haizhu"] and subscription["confirmed_at"] is not None
    # Two registration confirmations, the acknowledgement to Li, the bureau's copy of the inquiry, one more,
    # and the alert confirmation link.
    assert len(data["emails"]) == 6
    assert "Wang Fang" not in output.getvalue()


def test_erasure_removes_the_persons_data_and_keeps_the_counts(person):
    from reversion import create_revision

    with create_revision():
        person["inquiry"].status = Inquiry.Status.IN_CONTACT
        person["inquiry"].save()
    assert Version.objects.get_for_object(person["inquiry"]).exists()

    output = io.StringIO()
    call_command("personal_data", "erase", "li@example.com", "--yes", stdout=output)
    assert (
        "Erased 2 registrations, 1 inquiries, 0 enterprise submissions, 1 alert subscriptions and 6 stored emails."
        in output.getvalue()
    )

    for registration in person["registrations"]:
        registration.refresh_from_db()
        assert registration.full_name == "" and "li@" not in registration.email.lower()
        assert registration.status == Registration.Status.CONFIRMED and registration.personal_data_erased_at
    inquiry = Inquiry.objects.get(pk=person["inquiry"].pk)
    assert (inquiry.contact_name, inquiry.phone, inquiry.message) == ("", "", "")
    assert inquiry.company == "Reels" and inquiry.status == Inquiry.Status.IN_CONTACT
    assert not Version.objects.get_for_object(inquiry).exists()
    remaining = " ".join(OutgoingEmail.objects.values_list("body", flat=True)) + " ".join(
        OutgoingEmail.objects.values_list("to", flat=True)
    )
    assert "Li Ming" not in remaining and "li@example.com" not in remaining.lower()
    assert list(AlertSubscription.objects.values_list("email", flat=True)) == ["wang@example.com"]
    assert not OutgoingEmail.objects.filter(to__endswith="erased.invalid").exclude(headers={}).exists()
    # Emails not yet sent never go out.
    assert not OutgoingEmail.objects.filter(to__endswith="erased.invalid", status=OutgoingEmail.Status.PENDING).exists()

    other = Registration.objects.get(pk=person["other"].pk)
    assert other.full_name == "Wang Fang" and OutgoingEmail.objects.filter(to="wang@example.com").exists()
    assert personal_data_counts("li@example.com") == {
        "registrations": [],
        "inquiries": [],
        "submissions": [],
        "alert_subscriptions": [],
        "emails": [],
    }


def personal_data_counts(email):
    from staff.privacy import personal_data_export

    data = personal_data_export(email=email)
    return {key: data[key] for key in ("registrations", "inquiries", "submissions", "alert_subscriptions", "emails")}


def test_the_command_refuses_an_erasure_without_confirmation_or_a_bad_address(person):
    with pytest.raises(CommandError, match="add --yes"):
        call_command("personal_data", "erase", "li@example.com")
    with pytest.raises(CommandError, match="not an email address"):
        call_command("personal_data", "export", "li at example")
    assert Registration.objects.filter(full_name="Li Ming").count() == 2


def test_administrators_export_and_erase_in_the_admin_and_no_one_else(person, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/personal-data/").status_code == 403
    assert client.post("/admin/personal-data/", {"email": "li@example.com", "export": "1"}).status_code == 403

    client.force_login(django_user_model.objects.create_superuser("admin", password="x"))
    client.cookies["django_language"] = "en"
    assert client.get("/admin/personal-data/").status_code == 200
    export = client.post("/admin/personal-data/", {"email": "li@example.com", "export": "1"})
    assert export["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    assert len(json.loads(export.content)["registrations"]) == 2

    unconfirmed = client.post("/admin/personal-data/", {"email": "li@example.com", "erase": "1"})
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.content.decode()
    assert Registration.objects.filter(full_name="Li Ming").count() == 2
    erased = client.post(
        "/admin/personal-data/", {"email": "li@example.com", "erase": "1", "confirm": "on"}, follow=True
    )
    assert (
        "Erased: 2 registrations, 1 inquiries, 0 enterprise submissions, 1 alert subscriptions and 6 stored emails."
        in erased.content.decode()
    )
    assert not Registration.objects.filter(full_name="Li Ming").exists()


def test_export_and_erasure_cover_the_contact_of_an_enterprise_submission(django_user_model, settings):
    from reversion import create_revision, set_user

    from enterprises.models import Enterprise
    from enterprises.services import enterprise_submit
    from staff.privacy import personal_data_erase, personal_data_export

    settings.BUREAU_INQUIRY_EMAIL = "review@bureau.example"
    district = InvestmentContactFactory(district__slug="haizhu").district
    submission = enterprise_submit(
        data={
            "name_en": "Riverside Reels",
            "district": district,
            "segments": ["production"],
            "contact_name": "Zhao Lei",
            "contact_email": "Zhao@Example.com",
        },
        works=[],
        language="en",
    )
    with create_revision():
        set_user(django_user_model.objects.create_superuser("admin", password="x"))
        submission.summary_en = "Vertical dramas"
        submission.save()
    other = enterprise_submit(
        data={"name_en": "Other", "district": district, "segments": [], "contact_email": "else@example.com"},
        works=[],
        language="en",
    )

    data = personal_data_export(email="zhao@example.com")
    [row] = data["submissions"]
    assert (row["name_en"], row["contact_name"], row["contact_email"]) == (
        "Riverside Reels",
        "Zhao Lei",
        "Zhao@Example.com",
    )
    # The acknowledgement to Zhao and the bureau's copy, which names the contact.
    assert len(data["emails"]) == 2 and any("Zhao Lei" in email["body"] for email in data["emails"])

    erased = personal_data_erase(email="zhao@example.com")
    assert erased["submissions"] == 1 and erased["emails"] == 2
    submission.refresh_from_db()
    assert (submission.contact_name, submission.contact_email) == ("", "")
    assert submission.name_en == "Riverside Reels" and submission.summary_en == "Vertical dramas"
    history = " ".join(Version.objects.get_for_object(submission).values_list("serialized_data", flat=True))
    assert history and "Zhao" not in history and "Vertical dramas" in history
    stored = " ".join(OutgoingEmail.objects.values_list("body", flat=True)) + " ".join(
        OutgoingEmail.objects.values_list("to", flat=True)
    )
    assert "Zhao" not in stored and "zhao@" not in stored.lower()
    assert Enterprise.objects.get(pk=other.pk).contact_email == "else@example.com"
    assert personal_data_export(email="zhao@example.com")["submissions"] == []


def test_export_names_the_invitation_a_registration_came_with():
    registration = RegistrationFactory(email="guest@example.com", event=EventFactory(slug="summit"))
    registration.invitation_code = InvitationCode.objects.create(
        event=registration.event,
        code="HZ7KQ2PX",
        label="Visiting delegation from Hangzhou",
        max_uses=5,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    registration.save(update_fields=["invitation_code"])
    output = io.StringIO()
    call_command("personal_data", "export", "guest@example.com", stdout=output)
    [row] = json.loads(output.getvalue())["registrations"]
    assert row["invitation_code__code"] == "HZ7KQ2PX"
    assert row["invitation_code__label"] == "Visiting delegation from Hangzhou"
