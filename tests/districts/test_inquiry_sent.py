import time

import pytest
from django.core import signing

from foundation import spam
from tests.events.test_pages import form_data as registration_data
from tests.factories import DistrictFactory, EventFactory, InvestmentContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    district = DistrictFactory(slug="linping", name_en="Linping District", name_zh_hans="临平区")
    return InvestmentContactFactory(district=district).district


def inquiry_data(**overrides):
    return {
        "company": "Tom & Jerry Studio",
        "contact_name": "Seán O'Brien",
        "email": "obrien@example.com",
        "message": "We plan an overseas distribution team of 20 people.",
        "consent": "on",
        "website": "",
        "started": signing.dumps(time.time() - 30, salt=spam.SALT),
        **overrides,
    }


def test_a_sent_inquiry_lands_on_its_own_page_with_the_confirmation_focused(client, district):
    response = client.post("/en/districts/linping/inquiry/", inquiry_data())
    assert response.status_code == 302
    assert response["Location"] == "/en/districts/linping/inquiry/sent/#inquiry-sent"
    page = client.get("/en/districts/linping/inquiry/sent/").content.decode()
    assert '<section id="inquiry-sent" class="confirmation" tabindex="-1"' in page
    assert "Thank you. The bureau has your inquiry and will reply to obrien@example.com." in page
    assert 'id="inquiry"' not in page  # no second form to send it again from
    # Said once: a reload or a shared link does not show the address again.
    again = client.get("/en/districts/linping/inquiry/sent/").content.decode()
    assert "obrien@example.com" not in again and "Thank you. The bureau has your inquiry." in again


def test_the_confirmation_page_is_in_chinese_too(client, district):
    client.post("/zh-hans/districts/linping/inquiry/", inquiry_data())
    page = client.get("/zh-hans/districts/linping/inquiry/sent/").content.decode()
    assert "投资促进部门已收到您的咨询，将回复至 obrien@example.com" in page and "临平区" in page


def test_the_confirmation_page_of_an_unknown_district_is_not_found(client):
    assert client.get("/en/districts/atlantis/inquiry/sent/").status_code == 404


def test_the_confirmation_page_reads_few_queries(client, district, django_assert_num_queries):
    client.post("/en/districts/linping/inquiry/", inquiry_data())
    # The district only: the address comes in a signed cookie, not a session row.
    with django_assert_num_queries(1):
        page = client.get("/en/districts/linping/inquiry/sent/")
    assert "obrien@example.com" in page.content.decode()


def test_the_confirmation_page_names_only_an_address_the_site_signed_for_it(client, district):
    client.cookies["sent_to"] = "mallory@example.com"
    assert "mallory@example.com" not in client.get("/en/districts/linping/inquiry/sent/").content.decode()
    # A cookie signed for another confirmation page is not believed here either.
    EventFactory(slug="open-class", capacity=5)
    client.post("/en/events/open-class/register/", registration_data(email="li@example.com"))
    client.cookies["sent_to"] = client.cookies["sent_to"].value
    assert "li@example.com" not in client.get("/en/districts/linping/inquiry/sent/").content.decode()
