import pytest
from django.core import mail
from playwright.sync_api import expect

from enterprises.models import Enterprise
from foundation import spam
from tests.enterprises import image_files
from tests.factories import DistrictFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BUREAU_INQUIRY_EMAIL = "review@bureau.example"
    DistrictFactory(slug="haizhu", name_en="Haizhu District", name_zh_hans="海珠区")
    # A script types faster than the bot check allows a person to.
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)
    logo = tmp_path / "logo.jpg"
    logo.write_bytes(image_files.jpeg_bytes(size=(900, 600), gps=True))
    return logo


def test_a_company_lists_itself_on_a_phone_and_fixes_a_mistake_on_the_way(live_server, phone, screenshot, setup):
    phone.goto(f"{live_server.url}/en/enterprises/submit/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("List your company in the enterprise directory")
    phone.get_by_label("Company name in Chinese").fill("映宇宙影业")
    phone.get_by_label("Company name in English").fill("Yingyuzhou Pictures")
    phone.get_by_label("District").select_option(label="Haizhu District")
    phone.get_by_label("Production", exact=True).check()
    phone.get_by_label("Overseas distribution").check()
    phone.get_by_label("Year founded").fill("1850")
    phone.get_by_label("Logo").set_input_files(str(setup))
    phone.get_by_label("Title").first.fill("Return of the Heiress")
    phone.get_by_label("Kind").first.select_option(label="Micro-drama series")
    phone.get_by_label("Your name").fill("Li Ming")
    phone.get_by_label("Your email").fill("li@yingyuzhou.example.com")
    phone.get_by_role("checkbox", name="I agree").check()
    screenshot("submission-01-filled")
    phone.get_by_role("button", name="Send for review").click()

    expect(phone.get_by_text("Please enter a year between 1900")).to_be_visible()
    expect(phone.get_by_text("Please choose the logo again.", exact=True)).to_be_visible()
    expect(phone.get_by_label("Company name in English")).to_have_value("Yingyuzhou Pictures")
    expect(phone.get_by_label("Production", exact=True)).to_be_checked()
    expect(phone.get_by_label("Title").first).to_have_value("Return of the Heiress")
    screenshot("submission-02-error")

    phone.get_by_label("Year founded").fill("2019")
    phone.get_by_label("Logo").set_input_files(str(setup))
    phone.get_by_role("button", name="Send for review").click()
    phone.wait_for_url("**/en/enterprises/submit/thanks/")
    expect(phone.get_by_text("The bureau has the listing for Yingyuzhou Pictures")).to_be_visible()
    screenshot("submission-03-thanks")
    phone.reload()  # sends nothing again, and no longer names the company or the address
    expect(phone.get_by_role("heading", name="Listing received")).to_be_visible()
    expect(phone.get_by_text("The bureau has the listing for")).to_have_count(0)

    enterprise = Enterprise.objects.get()
    assert enterprise.state == Enterprise.State.PENDING and enterprise.founded_year == 2019
    assert enterprise.logo_width == 320
    assert enterprise.works.get().title_en == "Return of the Heiress"
    assert sorted(message.to[0] for message in mail.outbox) == ["li@yingyuzhou.example.com", "review@bureau.example"]
