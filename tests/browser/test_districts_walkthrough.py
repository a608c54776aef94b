import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from districts.models import Inquiry
from foundation import spam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(monkeypatch, settings):
    # The host bureau's address, as production sets it: Haizhu takes inquiries; the demo's other
    # districts publish no contact and take none.
    settings.BUREAU_INQUIRY_EMAIL = "invest@bureau.example"
    call_command("load_demo")
    # A script types faster than the bot check allows a person to.
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)


def test_investor_walks_from_home_to_an_inquiry_on_a_phone(live_server, phone, screenshot, demo):
    phone.goto(f"{live_server.url}/en/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Create micro-dramas in Haizhu")
    screenshot("01-home")

    phone.get_by_role("link", name="Haizhu District").first.click()
    phone.wait_for_url("**/en/districts/haizhu/")
    expect(phone.get_by_role("heading", name="Key figures")).to_be_visible()
    screenshot("02-district")

    phone.goto(f"{live_server.url}/en/incentives/")
    phone.get_by_text("Filters").first.click()  # folded on a phone
    phone.get_by_label("Subsidy").check()
    phone.get_by_label("Haizhu District").check()
    phone.get_by_role("button", name="Apply filters").click()
    phone.wait_for_url("**/en/incentives/?*")
    expect(phone.get_by_role("link", name="Remove filter Category: Subsidy")).to_be_visible()
    results = phone.locator("article.incentive")
    expect(results).to_have_count(2)
    expect(results).to_contain_text(["800,000"])
    screenshot("03-incentives-filtered")

    phone.get_by_role("link", name="Remove filter Category: Subsidy").click()
    expect(phone.locator("article.incentive")).to_have_count(6)

    phone.goto(f"{live_server.url}/en/districts/compare/?d=haizhu&d=linping")
    table = phone.get_by_role("table")
    expect(table).to_contain_text("Linping District")
    expect(table).to_contain_text("Lin Ying Factory")
    screenshot("04-compare")

    phone.goto(f"{live_server.url}/en/districts/linping/#inquiry")
    expect(
        phone.get_by_text("The bureau of Linping District has not published a contact for inquiries")
    ).to_be_visible()
    expect(phone.get_by_role("button", name="Send inquiry")).to_have_count(0)
    screenshot("05-no-published-contact")

    phone.goto(f"{live_server.url}/en/districts/haizhu/#inquiry")
    phone.get_by_label("Company").fill("FlickReels Studio")
    phone.get_by_label("Contact person").fill("Wang Fang")
    phone.get_by_label("Email").fill("not-an-email")
    phone.get_by_label("Message").fill("We plan an overseas distribution team of 20 people.")
    phone.get_by_role("checkbox", name="I agree").check()
    phone.get_by_role("button", name="Send inquiry").click()
    expect(phone.get_by_text("Enter a valid email address.")).to_be_visible()
    expect(phone.get_by_label("Company")).to_have_value("FlickReels Studio")
    screenshot("06-inquiry-error")

    phone.get_by_label("Email").fill("wang@example.com")
    phone.get_by_role("checkbox", name="I agree").check()
    phone.get_by_role("button", name="Send inquiry").click()
    expect(phone.get_by_text("The bureau has your inquiry")).to_be_visible()
    screenshot("07-inquiry-sent")
    assert Inquiry.objects.get().company == "FlickReels Studio"


def test_language_switcher_keeps_the_page(live_server, phone, demo):
    phone.goto(f"{live_server.url}/en/districts/linping/")
    phone.get_by_role("link", name="简体中文").click()
    phone.wait_for_url("**/zh-hans/districts/linping/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("临平区")


def test_investor_uses_the_finder_and_asks_the_district_on_a_phone(live_server, phone, screenshot, demo):
    phone.goto(f"{live_server.url}/en/incentives/finder/")
    phone.get_by_label("Growing").check()
    phone.get_by_label("Production", exact=True).check()
    phone.get_by_label("Planned investment (CNY)").fill("5000000")
    phone.get_by_role("button", name="Show matching incentives").click()
    phone.wait_for_url("**/en/incentives/finder/?*")
    haizhu = phone.get_by_role("region", name="Haizhu District")
    # Haizhu's 800,000 a year is a general content measure's: listed at most, never counted as micro-drama's.
    expect(haizhu).not_to_contain_text("Largest amount:")
    expect(haizhu).to_contain_text("No micro-drama measure that fits publishes an amount per company")
    expect(haizhu.locator(".match").first).to_contain_text("not specific to micro-drama")
    # Datong's 2025 guide has closed: named among the closed fits with its amount, never as an open result.
    expect(phone.get_by_role("region", name=re.compile("^Datong"))).to_have_count(0)
    expect(phone.locator(".finder-result")).to_contain_text("closed round: up to 1.5 million yuan per work")
    screenshot("08-finder-result")

    haizhu.get_by_role("link", name="Ask Haizhu District about these").click()
    phone.wait_for_url("**/en/districts/haizhu/?finder=*")
    expect(phone.get_by_text("Your incentive finder answers are attached")).to_be_visible()
    phone.get_by_label("Company").fill("Pearl River Shorts")
    phone.get_by_label("Contact person").fill("Chen Jing")
    phone.get_by_label("Email").fill("chen@example.com")
    phone.get_by_label("Message").fill("We would like to open a production base.")
    phone.get_by_role("checkbox", name="I agree").check()
    screenshot("09-finder-inquiry")
    phone.get_by_role("button", name="Send inquiry").click()
    expect(phone.get_by_text("The bureau has your inquiry")).to_be_visible()
    assert Inquiry.objects.get().context["investment_cny"] == "5000000"
