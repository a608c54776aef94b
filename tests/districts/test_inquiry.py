import time
from unittest import mock

import pytest
from django.core import mail, signing

from districts.models import Inquiry, InvestmentContact
from foundation import limits, spam
from foundation.models import OutgoingEmail
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    district = DistrictFactory(slug="haizhu", name_en="Haizhu District", name_zh_hans="海珠区")
    InvestmentContact.objects.create(district=district, office_en="Bureau", inquiry_recipients="staff@bureau.example")
    return district


def form_data(**overrides):
    data = {
        "company": "映宇宙 Studio",
        "contact_name": "李明",
        "email": "li@example.com",
        "phone": "138 1234 5678",
        "segment": "production",
        "message": "We plan a production base with 50 people.",
        "consent": "on",
        "website": "",
        "started": signing.dumps(time.time() - 30, salt=spam.SALT),
    }
    data.update(overrides)
    return data


def test_inquiry_is_stored_and_the_bureau_and_investor_are_emailed(
    client, district, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/districts/haizhu/inquiry/", form_data())
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.company == "映宇宙 Studio"
    assert inquiry.phone == "+8613812345678"
    assert inquiry.language == "en"
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["li@example.com", "staff@bureau.example"]
    bureau_email = next(message for message in mail.outbox if message.to == ["staff@bureau.example"])
    assert "映宇宙 Studio" in bureau_email.subject and "新咨询" in bureau_email.subject
    investor_email = next(message for message in mail.outbox if message.to == ["li@example.com"])
    assert "was received" in investor_email.subject
    follow = client.get(response["Location"])
    assert "The bureau has your inquiry" in follow.content.decode()


def test_an_email_failure_never_loses_the_inquiry(client, district, django_capture_on_commit_callbacks):
    with mock.patch("foundation.tasks.EmailMessage.send", side_effect=ConnectionRefusedError("smtp down")):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/en/districts/haizhu/inquiry/", form_data())
    assert response.status_code == 302
    assert Inquiry.objects.count() == 1
    emails = OutgoingEmail.objects.all()
    assert emails.count() == 2
    assert all(email.status == OutgoingEmail.Status.PENDING and "smtp down" in email.last_error for email in emails)
    assert mail.outbox == []


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12345"}, "phone"),
        ({"consent": ""}, "consent"),
        ({"company": ""}, "company"),
        ({"message": "hi"}, "message"),
        ({"segment": "smuggling"}, "segment"),
    ],
)
def test_invalid_inquiry_is_refused_with_a_message_and_keeps_what_was_typed(client, district, overrides, field):
    response = client.post("/en/districts/haizhu/inquiry/", form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["inquiry_form"].errors
    page = response.content.decode()
    assert "everything you typed is kept" in page
    assert "We plan a production base with 50 people." in page or field == "message"
    assert Inquiry.objects.count() == 0


def test_honeypot_and_instant_posts_are_refused(client, district):
    assert client.post("/en/districts/haizhu/inquiry/", form_data(website="http://spam")).status_code == 400
    instant = form_data(started=signing.dumps(time.time(), salt=spam.SALT))
    assert client.post("/en/districts/haizhu/inquiry/", instant).status_code == 400
    forged = form_data(started="123")
    assert client.post("/en/districts/haizhu/inquiry/", forged).status_code == 400
    assert Inquiry.objects.count() == 0


def test_too_many_inquiries_for_one_email_are_refused_keeping_what_was_typed(one_window, client, district):
    for _ in range(limits.INQUIRIES_PER_DISTRICT_AND_EMAIL.allowed):
        assert client.post("/en/districts/haizhu/inquiry/", form_data()).status_code == 302
    response = client.post("/en/districts/haizhu/inquiry/", form_data())
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many submissions" in page and "We plan a production base with 50 people." in page
    # Another address from the same network still gets through.
    assert client.post("/en/districts/haizhu/inquiry/", form_data(email="wang@example.com")).status_code == 302
    assert Inquiry.objects.count() == limits.INQUIRIES_PER_DISTRICT_AND_EMAIL.allowed + 1


def test_too_many_inquiries_from_one_network_are_refused(client, district, monkeypatch):
    monkeypatch.setattr(limits, "INQUIRIES_PER_ADDRESS", limits.Limit("inquiry-address", 3))
    for number in range(3):
        assert client.post("/en/districts/haizhu/inquiry/", form_data(email=f"{number}@example.com")).status_code == 302
    assert client.post("/en/districts/haizhu/inquiry/", form_data(email="last@example.com")).status_code == 429
    other_network = client.post(
        "/en/districts/haizhu/inquiry/", form_data(email="last@example.com"), REMOTE_ADDR="203.0.113.9"
    )
    assert other_network.status_code == 302


def test_inquiry_needs_csrf_token(district):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/en/districts/haizhu/inquiry/", form_data())
    assert response.status_code == 403


def test_bureau_staff_see_inquiries_in_the_admin(client, district, django_user_model):
    from django.contrib.auth.models import Group

    Inquiry.objects.create(
        district=district,
        company="FlickReels",
        contact_name="A",
        email="a@example.com",
        message="Looking for a base",
        consent=True,
        language="en",
    )
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    staff.groups.add(Group.objects.get(name="Bureau staff"))
    district.editors.add(staff)
    client.force_login(staff)
    response = client.get("/admin/districts/inquiry/")
    assert response.status_code == 200
    assert "FlickReels" in response.content.decode()
    assert client.get("/admin/haizhu_portal/outgoingemail/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 403


def test_the_inquiry_service_takes_only_what_an_investor_may_say(district):
    from districts.services import inquiry_submit

    fields = dict(
        district=district,
        company="映宇宙 Studio",
        contact_name="李明",
        email="li@example.com",
        message="We plan a production base with 50 people.",
        consent=True,
        language="en",
    )
    # Where an inquiry stands, who owns it and the notes are for bureau staff to say, not the investor's form.
    for staff_field in [{"status": Inquiry.Status.SETTLED}, {"owner": None}, {"notes": "Called them."}]:
        with pytest.raises(TypeError):
            inquiry_submit(**fields, **staff_field)
    inquiry = inquiry_submit(**fields)
    assert inquiry.status == Inquiry.Status.NEW and inquiry.phone == "" and inquiry.context == {}
    assert inquiry.owner is None and inquiry.notes == ""
    assert Inquiry.objects.get() == inquiry


FINDER_ANSWERS = "stage=growth&segment=overseas&segment=platform"


def selected_segments(response) -> list[str]:
    field = response.context["inquiry_form"]["segment"]
    page = response.content.decode()
    return [value for value, _ in field.field.choices if f'<option value="{value}" selected>' in page]


def test_the_inquiry_form_starts_from_the_first_segment_chosen_in_the_finder(client, district):
    response = client.get("/en/districts/haizhu/", {"finder": FINDER_ANSWERS})
    assert selected_segments(response) == ["overseas"]
    assert f'name="finder" value="{FINDER_ANSWERS.replace("&", "&amp;")}"' in response.content.decode()


def test_without_finder_answers_no_segment_is_chosen_for_the_investor(client, district):
    assert selected_segments(client.get("/en/districts/haizhu/")) == [""]


def test_a_refused_inquiry_from_the_finder_keeps_the_segment_the_investor_chose(client, district):
    data = form_data(segment="post_production", message="hi", finder=FINDER_ANSWERS)
    response = client.post("/en/districts/haizhu/inquiry/", data)
    assert response.status_code == 400
    assert selected_segments(response) == ["post_production"]
    page = response.content.decode()
    assert "映宇宙 Studio" in page and "li@example.com" in page
