"""A district whose bureau publishes no contact for inquiries says so and takes none: an inquiry is
never stored for it and sent on to another bureau's address (audit F24)."""

import time

import pytest
from django.core import mail, signing

from districts import services
from districts.models import Inquiry, InvestmentContact
from foundation import spam
from foundation.models import OutgoingEmail
from tests.factories import DistrictFactory, IncentiveFactory

pytestmark = pytest.mark.django_db

UNPUBLISHED = {
    "en": "The bureau of Shanghai has not published a contact for inquiries, so the portal takes none for it.",
    "zh-hans": "上海投资促进部门尚未公布受理咨询的联系方式，本门户因此不接收对该区的咨询。",
}
TALK = {"en": "Talk to the bureau", "zh-hans": "联系投资促进局"}
ASK = {"en": "Ask Shanghai about this", "zh-hans": "就此政策咨询上海"}


def inquiry_data(**overrides):
    return {
        "company": "Studio",
        "contact_name": "Li",
        "email": "li@example.com",
        "consent": "on",
        "message": "We want to move our production team.",
        "website": "",
        "started": signing.dumps(time.time() - 30, salt=spam.SALT),
        **overrides,
    }


@pytest.fixture
def shanghai(settings):
    # The host bureau's address is set: it must still not receive another district's inquiries.
    settings.BUREAU_INQUIRY_EMAIL = "invest@host.example"
    DistrictFactory(slug="haizhu", name_en="Haizhu", is_host=True)
    return DistrictFactory(slug="shanghai", name_en="Shanghai", name_zh_hans="上海")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("office_only", [False, True], ids=["no contact", "office name only"])
def test_the_district_page_says_the_contact_is_not_published_and_offers_no_form(
    client, shanghai, language, office_only
):
    if office_only:
        InvestmentContact.objects.create(district=shanghai, office_en="Shanghai bureau", office_zh_hans="上海某局")
    page = client.get(f"/{language}/districts/shanghai/").content.decode()
    assert UNPUBLISHED[language] in page
    assert TALK[language] not in page
    assert "/districts/shanghai/inquiry/" not in page and 'name="consent"' not in page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_incentive_of_such_a_district_offers_no_question_to_it(client, shanghai, language):
    incentive = IncentiveFactory(district=shanghai)
    page = client.get(f"/{language}/incentives/{incentive.pk}/").content.decode()
    assert ASK[language] not in page and "#inquiry" not in page
    assert UNPUBLISHED[language] in page


def test_an_inquiry_posted_to_such_a_district_is_not_found_and_nothing_is_stored(
    client, shanghai, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/districts/shanghai/inquiry/", inquiry_data())
    assert response.status_code == 404
    assert not Inquiry.objects.exists() and not OutgoingEmail.objects.exists() and mail.outbox == []


def test_the_service_refuses_an_inquiry_for_a_district_with_no_recipient(shanghai):
    with pytest.raises(services.InquiryNotAccepted):
        services.inquiry_submit(
            district=shanghai,
            company="Studio",
            contact_name="Li",
            email="li@example.com",
            message="Hello",
            consent=True,
            language="en",
        )
    assert not Inquiry.objects.exists() and not OutgoingEmail.objects.exists()


def test_the_host_district_writes_to_the_host_bureau_and_no_one_else_does(
    client, settings, shanghai, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/en/districts/haizhu/inquiry/", inquiry_data()).status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["invest@host.example", "li@example.com"]
    assert TALK["en"] in client.get("/en/districts/haizhu/").content.decode()
    assert TALK["en"] in client.get("/en/").content.decode()

    settings.BUREAU_INQUIRY_EMAIL = ""
    assert client.post("/en/districts/haizhu/inquiry/", inquiry_data(email="wang@example.com")).status_code == 404
    assert TALK["en"] not in client.get("/en/").content.decode()
    assert Inquiry.objects.count() == 1


def test_a_published_public_email_receives_the_district_inquiries(client, shanghai, django_capture_on_commit_callbacks):
    InvestmentContact.objects.create(district=shanghai, office_en="Shanghai bureau", email="invest@shanghai.example")
    assert TALK["en"] in client.get("/en/districts/shanghai/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/en/districts/shanghai/inquiry/", inquiry_data()).status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["invest@shanghai.example", "li@example.com"]


def test_the_finder_offers_a_question_only_to_districts_that_take_inquiries(client, shanghai):
    IncentiveFactory(district=shanghai, title_en="Shanghai grant")
    page = client.get("/en/incentives/finder/", {"stage": "growth", "segment": "production"}).content.decode()
    assert "Shanghai grant" in page
    assert "Ask Shanghai about these" not in page
