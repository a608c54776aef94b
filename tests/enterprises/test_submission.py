import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client

from enterprises.models import Enterprise, Work
from enterprises.services import enterprise_submit
from foundation import limits, spam
from foundation.models import OutgoingEmail
from tests.enterprises import image_files
from tests.enterprises.factories import SubmittedEnterpriseFactory
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

URL = "/en/enterprises/submit/"
DESCRIPTION = "We write and shoot vertical micro-dramas for Douyin and overseas apps, 60 series a year."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BUREAU_INQUIRY_EMAIL = "review@bureau.example"
    return tmp_path


@pytest.fixture
def district():
    return DistrictFactory(slug="haizhu", name_en="Haizhu District", name_zh_hans="海珠区")


def form_data(district=None, /, **overrides):
    data = {
        "name_zh_hans": "映宇宙影业",
        "name_en": "Yingyuzhou Pictures",
        "district": str(district.pk) if district else "",
        "segments": ["production", "overseas"],
        "founded_year": "2019",
        "size_band": "small",
        "homepage": "https://yingyuzhou.example.com",
        "summary_zh_hans": "竖屏短剧制作公司",
        "summary_en": "Vertical micro-drama studio",
        "description_zh_hans": "",
        "description_en": DESCRIPTION,
        "contact_name": "李明",
        "contact_email": "li@yingyuzhou.example.com",
        "consent": "on",
        "website": "",
        "started": signing.dumps(time.time() - 30, salt=spam.SALT),
        "works-TOTAL_FORMS": "3",
        "works-INITIAL_FORMS": "0",
        "works-MIN_NUM_FORMS": "0",
        "works-MAX_NUM_FORMS": "3",
        "works-0-title": "Return of the Heiress",
        "works-0-year": "2024",
        "works-0-kind": "series",
        "works-0-platform": "ReelShort",
        "works-0-link": "https://reelshort.example.com/heiress",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_form_offers_published_districts_and_every_segment_in_both_languages(client, district):
    DistrictFactory(slug="hidden", name_en="Hidden District", is_published=False)
    page = client.get(URL).content.decode()
    assert "Haizhu District" in page and "Hidden District" not in page
    assert 'value="post_production"' in page and 'enctype="multipart/form-data"' in page
    assert client.get("/zh-hans/enterprises/submit/").status_code == 200


def test_a_submission_is_stored_pending_and_both_sides_are_emailed(
    client, district, media_root, django_capture_on_commit_callbacks
):
    logo = image_files.upload(image_files.jpeg_bytes(size=(1200, 600), gps=True), "logo.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**form_data(district), "logo": logo})
    assert response.status_code == 302
    assert response["Location"] == "/en/enterprises/submit/thanks/"

    enterprise = Enterprise.objects.get()
    assert enterprise.state == Enterprise.State.PENDING
    assert not Enterprise.objects.published().exists()
    assert enterprise.slug == "yingyuzhou-pictures"
    assert (enterprise.name_zh_hans, enterprise.name_en) == ("映宇宙影业", "Yingyuzhou Pictures")
    assert enterprise.district == district
    assert enterprise.segments == ["production", "overseas"]
    assert enterprise.founded_year == 2019 and enterprise.size_band == "small"
    assert enterprise.website == "https://yingyuzhou.example.com"
    assert enterprise.description_en == DESCRIPTION
    assert enterprise.submission_language == "en"
    assert (enterprise.contact_name, enterprise.contact_email) == ("李明", "li@yingyuzhou.example.com")
    assert not enterprise.is_verified and enterprise.reviewed_at is None
    assert (enterprise.logo_width, enterprise.logo_height) == (320, 160)
    assert image_files.CAMERA.encode() not in (media_root / enterprise.logo.name).read_bytes()

    work = Work.objects.get()
    assert (work.enterprise, work.title_en, work.year, work.kind) == (
        enterprise,
        "Return of the Heiress",
        2024,
        "series",
    )

    assert sorted(message.to[0] for message in mail.outbox) == ["li@yingyuzhou.example.com", "review@bureau.example"]
    receipt = next(message for message in mail.outbox if message.to == ["li@yingyuzhou.example.com"])
    assert receipt.subject == "We received the listing for Yingyuzhou Pictures"
    assert "Dear 李明" in receipt.body and "nothing is published without a review" in receipt.body
    notice = next(message for message in mail.outbox if message.to == ["review@bureau.example"])
    assert "映宇宙影业" in notice.subject
    assert f"/admin/enterprises/enterprise/{enterprise.pk}/change/" in notice.body
    assert "li@yingyuzhou.example.com" in notice.body

    thanks = client.get(response["Location"]).content.decode()
    assert (
        "Thank you. The bureau has the listing for Yingyuzhou Pictures "
        "and will write to li@yingyuzhou.example.com after the review." in thanks
    )
    # Said once: a reload gives the page's general wording.
    again = client.get(response["Location"]).content.decode()
    assert "Yingyuzhou Pictures" not in again and "li@yingyuzhou.example.com" not in again
    assert "We have sent a confirmation to the email address you gave" in again


def test_without_a_bureau_address_the_listing_waits_in_the_admin_and_only_the_company_is_emailed(
    client, admin_client, settings, district, django_capture_on_commit_callbacks
):
    settings.BUREAU_INQUIRY_EMAIL = ""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(district))
    assert response["Location"] == "/en/enterprises/submit/thanks/"
    enterprise = Enterprise.objects.get(state=Enterprise.State.PENDING)
    assert [message.to for message in mail.outbox] == [["li@yingyuzhou.example.com"]]
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["li@yingyuzhou.example.com"]
    admin_client.cookies["django_language"] = "en"
    changelist = admin_client.get("/admin/enterprises/enterprise/?state__exact=pending").content.decode()
    assert f'href="/admin/enterprises/enterprise/{enterprise.pk}/change/' in changelist


def test_a_chinese_only_submission_gets_a_random_slug_and_its_work_title_in_chinese(client):
    data = form_data(name_en="", **{"works-0-title": "重生之我在海珠拍短剧"})
    response = Client().post("/zh-hans/enterprises/submit/", data)
    assert response.status_code == 302
    enterprise = Enterprise.objects.get()
    assert enterprise.slug.startswith("enterprise-") and len(enterprise.slug) == len("enterprise-") + 6
    assert enterprise.name_en is None and enterprise.name_zh_hans == "映宇宙影业"
    assert enterprise.district is None
    assert enterprise.submission_language == "zh-hans"
    assert Work.objects.get().title_zh_hans == "重生之我在海珠拍短剧"


def test_a_name_already_taken_gets_the_next_free_slug(client):
    SubmittedEnterpriseFactory(slug="yingyuzhou-pictures")
    SubmittedEnterpriseFactory(slug="yingyuzhou-pictures-2")
    assert client.post(URL, form_data()).status_code == 302
    assert Enterprise.objects.filter(slug="yingyuzhou-pictures-3").exists()


def test_a_slug_taken_by_a_simultaneous_submission_is_replaced_by_the_next_free_one():
    SubmittedEnterpriseFactory(slug="acme-studio")
    # As if another company of the same name had saved between the check and the insert.
    with mock.patch("enterprises.services.enterprise_slug", side_effect=["acme-studio", "acme-studio-2"]):
        enterprise = enterprise_submit(
            data={"name_en": "Acme Studio", "segments": ["production"], "contact_email": "a@example.com"},
            works=[],
            language="en",
        )
    assert Enterprise.objects.get(pk=enterprise.pk).slug == "acme-studio-2"


def test_empty_work_rows_are_ignored(client):
    data = form_data(**{"works-0-title": "", "works-0-year": "", "works-0-kind": "", "works-0-platform": ""})
    data["works-0-link"] = ""
    assert client.post(URL, data).status_code == 302
    assert Work.objects.count() == 0


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name_zh_hans": "", "name_en": ""}, "name_zh_hans", "in Chinese, in English or both"),
        ({"segments": None}, "segments", "Choose at least one segment."),
        ({"segments": ["smuggling"]}, "segments", "Select a valid choice."),
        ({"founded_year": "1850"}, "founded_year", "between 1900 and"),
        ({"founded_year": "3000"}, "founded_year", "between 1900 and"),
        ({"founded_year": "nineteen"}, "founded_year", "Enter a whole number."),
        ({"homepage": "javascript:alert(1)"}, "homepage", "Enter a valid URL."),
        ({"contact_email": "not-an-email"}, "contact_email", "Enter a valid email address."),
        ({"contact_name": ""}, "contact_name", "This field is required."),
        ({"consent": None}, "consent", "otherwise the bureau cannot review"),
        ({"district": "999999"}, "district", "Choose a district from the list."),
        ({"district": "haizhu'; drop table"}, "district", "Choose a district from the list."),
        ({"size_band": "galactic"}, "size_band", "Select a valid choice."),
        ({"summary_en": "x" * 301}, "summary_en", "at most 300 characters"),
    ],
)
def test_each_invalid_field_is_refused_with_a_message_and_keeps_what_was_typed(
    client, district, overrides, field, message
):
    response = client.post(URL, form_data(district, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert message in page.replace("&#x27;", "'")
    assert "everything you typed is kept" in page
    assert DESCRIPTION in page
    assert 'value="Return of the Heiress"' in page
    if field != "contact_email":
        assert 'value="li@yingyuzhou.example.com"' in page
    assert Enterprise.objects.count() == 0


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"works-0-title": ""}, "This field is required."),
        ({"works-0-kind": "podcast"}, "Select a valid choice."),
        ({"works-0-year": "1700"}, "between 1900 and"),
        ({"works-0-link": "ftp://files.example.com/heiress"}, "Enter a valid URL."),
    ],
)
def test_an_invalid_work_is_refused_and_the_listing_kept(client, overrides, message):
    response = client.post(URL, form_data(**overrides))
    assert response.status_code == 400
    assert response.context["works"].errors[0]
    page = response.content.decode()
    assert message in page and "everything you typed is kept" in page
    assert 'value="Yingyuzhou Pictures"' in page
    assert Enterprise.objects.count() == 0


def test_a_bad_logo_is_refused_with_its_reason(client):
    fake = image_files.upload(b"MZ\x90\x00 this is a program, not a picture", "logo.png", "image/png")
    response = client.post(URL, {**form_data(), "logo": fake})
    assert response.status_code == 400
    assert "This file is not an image we can read." in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_a_good_logo_sent_with_another_mistake_must_be_chosen_again_and_the_page_says_so(client):
    logo = image_files.upload(image_files.png_bytes(), "logo.png", "image/png")
    response = client.post(URL, {**form_data(consent=None), "logo": logo})
    assert response.status_code == 400
    page = response.content.decode()
    assert "please choose the logo again" in page
    assert 'value="Yingyuzhou Pictures"' in page


@pytest.mark.parametrize(
    "payload, status",
    [
        ({}, 400),
        ({"segments": ["production", "x" * 5000]}, 400),
        ({"works-TOTAL_FORMS": "many", "works-INITIAL_FORMS": "x"}, 400),
        ({"works-TOTAL_FORMS": None, "works-INITIAL_FORMS": None}, 400),
        ({"works-TOTAL_FORMS": "1000000", "works-INITIAL_FORMS": "0"}, 400),
        ({"works-TOTAL_FORMS": "-5", "works-INITIAL_FORMS": "0"}, 302),
        ({"logo": "not a file but a string", "founded_year": "99999999999999999999"}, 400),
        ({"district": ["1", "2"], "name_en": "\x00"}, 400),
        ({"started": None}, 400),
    ],
    ids=range(9),
)
def test_malformed_posts_are_answered_with_the_form_never_a_server_error(client, payload, status):
    data = form_data() if payload else {}
    data.update(payload)
    response = client.post(URL, {key: value for key, value in data.items() if value is not None})
    assert response.status_code == status
    assert Enterprise.objects.count() == (1 if status == 302 else 0)


def test_a_post_that_is_not_a_form_is_refused(client):
    response = client.post(URL, data=b'{"name_en": "x"}', content_type="application/json")
    assert response.status_code == 400


def test_honeypot_instant_and_forged_posts_are_refused(client):
    assert client.post(URL, form_data(website="https://spam.example")).status_code == 400
    assert client.post(URL, form_data(started=signing.dumps(time.time(), salt=spam.SALT))).status_code == 400
    assert client.post(URL, form_data(started="forged")).status_code == 400
    assert Enterprise.objects.count() == 0
    assert mail.outbox == []


def test_too_many_listings_for_one_email_are_refused(one_window, client):
    for _ in range(limits.LISTINGS_PER_EMAIL.allowed):
        assert client.post(URL, form_data()).status_code == 302
    response = client.post(URL, form_data())
    assert response.status_code == 429
    assert "Too many submissions" in response.content.decode()
    assert Enterprise.objects.count() == limits.LISTINGS_PER_EMAIL.allowed


def test_too_many_listings_from_one_network_are_refused(client, monkeypatch):
    monkeypatch.setattr(limits, "LISTINGS_PER_ADDRESS", limits.Limit("listing-address", 2))
    for number in range(2):
        assert client.post(URL, form_data(contact_email=f"{number}@example.com")).status_code == 302
    assert client.post(URL, form_data(contact_email="last@example.com")).status_code == 429
    assert Enterprise.objects.count() == 2


def test_submission_needs_a_csrf_token():
    assert Client(enforce_csrf_checks=True).post(URL, form_data()).status_code == 403


def test_a_third_work_with_a_mistake_shows_unfolded_with_the_work_before_it(client):
    response = client.post(URL, form_data(**{"works-2-title": "Third", "works-2-kind": "podcast"}))
    assert response.status_code == 400
    page = response.content.decode()
    # Works 2 and 3 unfold from one another: both open, so the mistake is in sight.
    assert page.count('<details class="more-work" open>') == 2
    assert "Select a valid choice." in page


def test_further_works_start_folded(client):
    page = client.get(URL).content.decode()
    assert page.count('<details class="more-work">') == 2 and "open>" not in page
