"""The two longest pages on a 390 px phone: the catalogue's Apply button is in view as soon as its filters
open, and a district page's contents list jumps to each section."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_phone_pages import axe_violations, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"apply": "Apply filters", "contents": "On this page"},
    "zh-hans": {"apply": "应用筛选", "contents": "本页内容"},
}


@pytest.fixture
def demo():
    call_command("load_demo")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_catalogue_apply_button_is_in_view_as_soon_as_the_filters_open(
    live_server, phone, screenshot, demo, language
):
    words = WORDS[language]
    phone.goto(f"{live_server.url}/{language}/incentives/")
    apply = phone.get_by_role("button", name=words["apply"])
    expect(apply).to_be_hidden()
    phone.locator("details.filters-panel > summary").click()
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"catalogue-filters-open-{language}.png"))
    # No scrolling at all: the button sits at the foot of the screen over the open panel.
    assert phone.evaluate("window.scrollY") == 0
    expect(apply).to_be_in_viewport(ratio=1)
    talent = phone.locator("input[name=category][value=talent]")
    count = int(re.search(r"\((\d+)\)", phone.locator(f"label[for='{talent.get_attribute('id')}']").inner_text())[1])
    talent.check()  # scrolls the panel to the option: the button stays in view
    expect(apply).to_be_in_viewport(ratio=1)
    assert page_width(phone) <= phone.viewport_size["width"]
    assert axe_violations(phone) == []
    screenshot(f"catalogue-filters-{language}")
    apply.click()
    expect(phone).to_have_url(re.compile(r"category=talent"))
    # What the count promised is what the page finds.
    assert phone.locator("main article.incentive").count() == count
    screenshot(f"catalogue-talent-{language}")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_district_contents_list_jumps_to_each_section(live_server, phone, screenshot, demo, language):
    phone.goto(f"{live_server.url}/{language}/districts/haizhu/")
    screenshot(f"district-{language}")
    contents = phone.get_by_role("navigation", name=WORDS[language]["contents"])
    expect(contents).to_be_in_viewport()
    links = contents.get_by_role("link")
    assert links.count() >= 5
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href")
        phone.evaluate("window.scrollTo(0, 0)")
        link.click()
        expect(phone).to_have_url(re.compile(f"{target}$"))
        heading = phone.locator(f"{target} h2").first
        expect(heading).to_be_in_viewport(ratio=1)
        # The section's own heading says what the link said.
        assert heading.inner_text() == link.inner_text()
    assert page_width(phone) <= phone.viewport_size["width"]
    if language == "zh-hans":
        assert not re.search("[A-Za-z]", contents.inner_text())


def test_the_catalogue_filters_work_without_javascript(live_server, browser, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/incentives/")
    page.locator("details.filters-panel > summary").click()
    apply = page.get_by_role("button", name="Apply filters")
    expect(apply).to_be_in_viewport(ratio=1)
    open_now = page.locator("label", has=page.locator("input[name=open_now]"))
    count = re.search(r"\((\d+)\)", open_now.inner_text())[1]
    open_now.click()
    apply.click()
    expect(page).to_have_url(re.compile(r"open_now=on"))
    expect(page.get_by_role("heading", name=f"{count} incentives found")).to_be_visible()
    context.close()
