"""The header's search on a 390 px phone in both languages, and its suggestions used by keyboard alone."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.test_phone_pages import axe_violations, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("load_demo")


@pytest.mark.parametrize(
    "language, label, words, heading, kinds",
    [
        ("en", "Search the portal", "copyright", "2 results for “copyright”", ["Districts (1)", "Service centers (1)"]),
        ("zh-hans", "搜索本站", "版权", "“版权”共2条结果", ["地区 (1)", "服务中心 (1)"]),
    ],
)
def test_searching_from_the_header_on_a_phone(
    live_server, phone, screenshot, demo, language, label, words, heading, kinds
):
    phone.goto(f"{live_server.url}/{language}/events/")
    box = phone.get_by_role("combobox", name=label)
    expect(box).to_be_in_viewport()
    box.fill(words)
    box.press("Enter")

    expect(phone).to_have_url(re.compile(rf"/{language}/search/\?q="))
    expect(phone.locator("#results-heading")).to_have_text(heading)
    expect(phone.locator(".search-group h3")).to_have_text(kinds)
    expect(phone.locator(".search-hit mark").first).to_have_text(re.compile(words, re.IGNORECASE))
    screenshot(f"search-{language}")
    assert page_width(phone) <= phone.viewport_size["width"]
    assert axe_violations(phone) == []

    phone.get_by_role("link", name=re.compile(re.escape(kinds[1].split(" (")[0]))).first.click()
    expect(phone).to_have_url(re.compile(r"kind=service_center"))
    expect(phone.locator(".search-hit")).to_have_count(1)


def test_suggestions_are_chosen_by_keyboard(live_server, phone, screenshot, demo):
    phone.goto(f"{live_server.url}/zh-hans/")
    box = phone.get_by_role("combobox", name="搜索本站")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("临平", delay=50)

    listbox = phone.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("临平区")
    screenshot("search-suggestions-zh-hans")
    assert page_width(phone) <= phone.viewport_size["width"]

    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    box.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    assert axe_violations(phone) == []

    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".+"))

    box.press("ArrowDown")  # opens the list again
    expect(listbox).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(phone).to_have_url(re.compile(r"/zh-hans/districts/linping/$"))
