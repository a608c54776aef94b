"""Every public page on a 390 px phone, in both languages: nothing wider than the screen, every menu
item in reach, no accessibility violation found by axe-core, and the bugs once seen on a phone."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from alerts.models import AlertSubscription
from districts.models import District, Incentive, Inquiry
from enterprises.models import Enterprise
from foundation import spam
from tests.browser.conftest import AXE_SOURCE
from tests.factories import RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "zh-hans"]
LONG_WEBSITE = "https://www.an-unusually-long-company-domain-name-for-micro-dramas.example.com/about/our-studios"


@pytest.fixture
def demo(monkeypatch, settings):
    settings.BUREAU_INQUIRY_EMAIL = "invest@bureau.example"  # Haizhu, the host, takes inquiries
    call_command("load_demo")
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)  # a script types faster than a person


@pytest.fixture
def public_paths(demo):
    """The public pages, a profile with a long website, a ticket and an alert subscription among them."""
    Enterprise.objects.filter(slug="winsing-animation").update(website=LONG_WEBSITE)
    registration = RegistrationFactory(event__slug="phone-open-class", event__title_en="Open class")
    subscription = AlertSubscription.objects.create(email="investor@example.com", consent=True, language="en")
    subscription.districts.set(District.objects.filter(slug__in=["haizhu", "linping"]))
    # The incentive with the longest summary: the most text to wrap on a narrow screen.
    incentive = max(Incentive.objects.all(), key=lambda incentive: len(incentive.summary_zh_hans or ""))
    return {
        "home": "/",
        "districts": "/districts/",
        "district": "/districts/haizhu/",
        "catalogue": "/incentives/",
        "incentive": f"/incentives/{incentive.pk}/",
        "finder": "/incentives/finder/?stage=growth&segment=production&investment_cny=5000000",
        "comparison": "/districts/compare/?d=haizhu&d=linping&d=datong&d=zhengzhou",
        "enterprises": "/enterprises/",
        "profile": "/enterprises/winsing-animation/",
        "submission": "/enterprises/submit/",
        "events": "/events/",
        "event": "/events/phone-open-class/",
        "ticket": f"/events/ticket/{registration.manage_token}/",
        "cancel": f"/events/ticket/{registration.manage_token}/cancel/",
        "inquiry sent": "/districts/haizhu/inquiry/sent/",
        "alerts": "/alerts/?district=haizhu",
        "alert choices": f"/alerts/manage/{subscription.token}/",
        "unsubscribe": f"/alerts/unsubscribe/{subscription.token}/",
        "open data": "/open-data/",
    }


def page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def axe_violations(page) -> list[str]:
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes']]}"
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_is_wider_than_a_phone_or_breaks_accessibility_rules(
    live_server, phone, screenshot, public_paths, language
):
    too_wide, violations = {}, {}
    for name, path in public_paths.items():
        response = phone.goto(f"{live_server.url}/{language}{path}")
        assert response.status == 200, name
        if page_width(phone) > phone.viewport_size["width"]:
            too_wide[name] = page_width(phone)
            screenshot(f"too-wide-{language}-{name.replace(' ', '-')}")
        if found := axe_violations(phone):
            violations[name] = found
    assert too_wide == {}
    assert violations == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_subscribing_to_alerts_fits_a_phone_and_keeps_accessibility_rules_at_every_step(
    live_server, phone, screenshot, demo, language
):
    """The subscription form refused (errors shown), then accepted (check your email)."""
    phone.goto(f"{live_server.url}/{language}/alerts/?district=haizhu")
    form = phone.locator("main form")
    form.locator("[name=email]").fill("investor@example.com")
    form.locator("button[type=submit]").click()
    phone.wait_for_load_state()
    screenshot(f"alerts-refused-{language}")
    assert phone.locator(".errorlist").count() > 0
    assert phone.locator("[name=email]").input_value() == "investor@example.com"
    steps = {"refused": (page_width(phone), axe_violations(phone))}
    phone.locator("main form [name=consent]").check()
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    screenshot(f"alerts-check-email-{language}")
    assert AlertSubscription.objects.filter(email="investor@example.com").exists()
    steps["check email"] = (page_width(phone), axe_violations(phone))
    problems = {step: found for step, (width, found) in steps.items() if found or width > phone.viewport_size["width"]}
    assert problems == {}, steps


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [320, 390])
def test_every_main_menu_item_is_on_screen_on_a_narrow_phone(live_server, phone, screenshot, demo, language, width):
    phone.set_viewport_size({"width": width, "height": 700})
    phone.goto(f"{live_server.url}/{language}/events/")
    screenshot(f"menu-{language}-{width}")
    links = phone.locator(".main-nav a")
    assert links.count() == 5
    for link in links.all():
        expect(link).to_be_in_viewport(ratio=1)
    assert page_width(phone) <= width


@pytest.mark.parametrize(
    "language, company, thanks",
    [
        ("en", "FlickReels Studio", "The bureau has your inquiry"),
        ("zh-hans", "映宇宙工作室", "投资促进部门已收到您的咨询"),
    ],
)
def test_the_inquiry_confirmation_is_where_the_eye_is(live_server, phone, screenshot, demo, language, company, thanks):
    phone.goto(f"{live_server.url}/{language}/districts/haizhu/")
    form = phone.locator("#inquiry form")
    form.locator("[name=company]").fill(company)
    form.locator("[name=contact_name]").fill("Wang Fang")
    form.locator("[name=email]").fill("wang@example.com")
    form.locator("[name=message]").fill("We plan an overseas distribution team of 20 people.")
    form.locator("[name=consent]").check()
    form.get_by_role("button").click()
    phone.wait_for_url(f"**/{language}/districts/haizhu/inquiry/sent/#inquiry-sent")
    expect(phone.get_by_text(thanks)).to_be_in_viewport()
    expect(phone.get_by_role("heading", level=1)).to_be_in_viewport()
    # Focused, so a screen reader reads the confirmation first.
    expect(phone.locator("#inquiry-sent")).to_be_focused()
    screenshot(f"inquiry-sent-{language}")
    assert Inquiry.objects.get().company == company


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_comparison_names_each_district_beside_its_figures_without_sideways_scrolling(
    live_server, phone, screenshot, demo, language
):
    phone.goto(f"{live_server.url}/{language}/districts/compare/?d=haizhu&d=linping&d=datong")
    screenshot(f"comparison-{language}")
    width = phone.viewport_size["width"]
    cells = phone.locator("table.comparison tbody td")
    assert cells.count() > 0
    for cell in cells.all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    names = ["Haizhu District", "Linping District", "Datong"]
    if language == "zh-hans":
        names = ["海珠区", "临平区", "大同市"]
    # In every row, each district's line starts with the district's name.
    names_by_row = phone.locator("table.comparison tbody").evaluate(
        """body => [...body.rows].map(row => [...row.cells].filter(cell => cell.tagName === "TD")
            .map(cell => getComputedStyle(cell, "::before").content))"""
    )
    assert len(names_by_row) > 5
    expected = [f'"{name}"' for name in names]
    assert all(row_names == expected for row_names in names_by_row)
    assert page_width(phone) <= width


def test_district_cards_are_all_as_wide_as_each_other(live_server, phone, demo):
    phone.goto(f"{live_server.url}/en/districts/")
    widths = {round(card.bounding_box()["width"]) for card in phone.locator(".card").all()}
    assert len(widths) == 1


def test_event_filters_are_folded_on_a_phone_and_every_field_has_a_label(live_server, phone, demo):
    phone.goto(f"{live_server.url}/en/events/")
    expect(phone.get_by_label("Month")).to_be_hidden()
    expect(phone.get_by_role("heading", name="Upcoming events")).to_be_in_viewport()
    phone.get_by_text("Filters").first.click()
    phone.get_by_label("Month").fill("2025-11")
    phone.get_by_role("button", name="Apply filters").click()
    expect(phone).to_have_url(re.compile(r"month=2025-11"))


def test_cancelling_a_registration_is_offered_in_red_not_the_primary_green(live_server, phone):
    registration = RegistrationFactory()
    phone.goto(f"{live_server.url}/en/events/ticket/{registration.manage_token}/cancel/")
    button = phone.get_by_role("button", name="Yes, cancel my registration")
    expect(button).to_have_css("background-color", "rgb(163, 22, 26)")


def test_the_submission_form_offers_each_further_work_once(live_server, phone):
    phone.goto(f"{live_server.url}/en/enterprises/submit/")
    toggles = [summary.inner_text() for summary in phone.locator(".more-work > summary").all()]
    assert toggles and len(toggles) == len(set(toggles))
    phone.get_by_text(toggles[0]).click()
    expect(phone.get_by_role("group", name="Work 2")).to_be_visible()
