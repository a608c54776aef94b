"""The sources register on a 390 px phone, in both languages: each entry stacks into named lines, nothing is
wider than the screen, and axe-core finds no accessibility violation."""

import pytest
from django.core.management import call_command

from tests.browser.test_phone_pages import LANGUAGES, axe_violations, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.BUREAU_INQUIRY_EMAIL = "invest@bureau.example"  # the host takes inquiries: errors can be reported
    call_command("load_demo")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_register_stacks_each_entry_and_fits_a_phone(live_server, phone, screenshot, demo, language):
    response = phone.goto(f"{live_server.url}/{language}/sources/")
    assert response.status == 200
    screenshot(f"sources-register-{language}")
    assert page_width(phone) <= phone.viewport_size["width"]
    first = phone.locator(".register tbody tr").first
    district, what = first.locator("th").bounding_box(), first.locator("td").first.bounding_box()
    # Stacked: the entry's "what" sits under its district, not beside it, both as wide as the screen allows.
    assert what["y"] >= district["y"] + district["height"]
    assert what["x"] + what["width"] <= phone.viewport_size["width"]
    assert first.get_by_role("link", name="Report an error" if language == "en" else "报告错误").count() == 1
    assert axe_violations(phone) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_register_filtered_to_one_district_fits_a_phone(live_server, phone, demo, language):
    phone.goto(f"{live_server.url}/{language}/sources/?district=linping&district=nowhere")
    assert phone.locator(".message-warning").count() == 1
    assert page_width(phone) <= phone.viewport_size["width"]
