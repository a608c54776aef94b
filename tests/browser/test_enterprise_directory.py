import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("load_demo")


def test_investor_filters_searches_and_opens_a_profile_on_a_phone(live_server, phone, screenshot, demo):
    phone.goto(f"{live_server.url}/en/enterprises/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Enterprise directory"
    heading = phone.locator("#results-heading")
    status = phone.locator("#directory-status")
    expect(heading).to_have_text("6 enterprises found")
    # Set on this page; a full page load would lose it.
    phone.evaluate("window.stillTheSamePage = true")
    screenshot("enterprises-01-directory")

    phone.get_by_text("Filters").first.click()  # folded on a phone
    phone.get_by_label("Linping District").check()
    expect(heading).to_have_text("1 enterprise found")
    expect(status).to_have_text("1 enterprise found")
    expect(phone).to_have_url(re.compile(r"/en/enterprises/\?district=linping$"))
    expect(phone.locator("#directory-results")).to_contain_text("Long Eagle Technology")
    expect(phone.get_by_role("link", name="Remove filter District: Linping District")).to_be_visible()
    # Counts beside the other values now count within Linping; its own facet does not narrow itself.
    expect(phone.locator('[data-facet="segment:platform"]')).to_have_text("(1)")
    expect(phone.locator('[data-facet="segment:ip_content"]')).to_have_text("(0)")
    expect(phone.locator('[data-facet="district:haizhu"]')).to_have_text("(5)")
    screenshot("enterprises-02-filtered-by-district")

    phone.get_by_role("link", name="Remove filter District: Linping District").click()
    expect(heading).to_have_text("6 enterprises found")
    expect(phone.get_by_label("Linping District")).not_to_be_checked()
    expect(heading).to_be_focused()

    search = phone.get_by_label("Search by name or description, in Chinese or English")
    search.fill("咏声")
    expect(heading).to_have_text("1 enterprise found")
    expect(phone.locator("#directory-results")).to_contain_text("Winsing Animation")
    expect(phone).to_have_url(re.compile(r"\?q=%E5%92%8F%E5%A3%B0$"))
    screenshot("enterprises-03-search-chinese")

    search.fill("短剧")
    expect(heading).to_have_text("6 enterprises found")

    search.fill("FLICK")
    search.press("Enter")
    expect(heading).to_have_text("1 enterprise found")
    expect(heading).to_be_focused()
    expect(phone.locator("#directory-results")).to_contain_text("Long Eagle Technology")
    expect(phone.locator('[data-facet="district:linping"]')).to_have_text("(1)")
    screenshot("enterprises-04-search-english")
    assert phone.evaluate("window.stillTheSamePage") is True

    phone.get_by_role("link", name="Long Eagle Technology").click()
    phone.wait_for_url("**/en/enterprises/long-eagle-technology/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Long Eagle Technology"
    expect(phone.get_by_role("heading", name="FlickReels")).to_be_visible()
    expect(phone.get_by_role("link", name="Linping District", exact=True)).to_be_visible()
    screenshot("enterprises-05-profile")


def test_the_directory_works_without_javascript(live_server, browser, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/enterprises/")
    page.get_by_text("Filters").first.click()
    page.get_by_label("Haizhu District").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/en/enterprises/?*district=haizhu*")
    expect(page.locator("#results-heading")).to_have_text("5 enterprises found")
    page.get_by_label("Search by name or description, in Chinese or English").fill("映宇宙")
    page.get_by_role("main").get_by_role("button", name="Search").click()  # the header has a search button too
    expect(page.locator("#results-heading")).to_have_text("1 enterprise found")
    expect(page.locator("#directory-results")).to_contain_text("Inkeverse")
    context.close()
