"""A bureau editor signs in on a phone, opens the leads dashboard from the admin's home page and reads its tables."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from districts.models import Inquiry
from staff.roles import BUREAU_STAFF
from tests.browser.test_phone_pages import axe_violations
from tests.factories import DistrictFactory, InquiryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bureau_editor(django_user_model):
    """Haizhu's editor, with two inquiries this week (one answered after three hours) and one long waiting."""
    haizhu = DistrictFactory(slug="haizhu", name_en="Haizhu District", name_zh_hans="海珠区")
    now = timezone.now()
    for company, received, replied_after in [
        ("Sunchuan Media", now - datetime.timedelta(hours=5), datetime.timedelta(hours=3)),
        ("Pearl Shorts", now - datetime.timedelta(hours=1), None),
        ("Waiting Pictures", now - datetime.timedelta(days=8), None),
    ]:
        inquiry = InquiryFactory(district=haizhu, company=company)
        replied = received + replied_after if replied_after else None
        Inquiry.objects.filter(pk=inquiry.pk).update(
            created_at=received, first_replied_at=replied, status="in_contact" if replied else "new"
        )
    editor = django_user_model.objects.create_user("wang", password="a long bureau password", is_staff=True)
    editor.groups.add(Group.objects.get(name=BUREAU_STAFF))
    haizhu.editors.add(editor)
    return editor


def test_a_bureau_editor_signs_in_and_reads_the_dashboards_tables(live_server, phone, screenshot, bureau_editor):
    page = phone
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("wang")
    page.get_by_label("Password").fill("a long bureau password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Leads dashboards of your districts").click()
    page.get_by_role("link", name="Haizhu District").click()

    expect(page.get_by_role("heading", name="Leads of Haizhu District")).to_be_visible()
    median = page.locator("#median-reply")
    expect(median).to_have_text("3.0 hours")
    weekly = page.locator("#weekly-table")
    expect(weekly.locator("tfoot td").first).to_have_text("3")  # all three came within the last twelve weeks
    waiting = page.locator("#waiting-table")
    expect(waiting.get_by_role("link", name="Waiting Pictures")).to_be_visible()
    funnel = page.locator("#funnel-table")
    expect(funnel.get_by_role("row", name="Inquiries")).to_contain_text("3")
    expect(funnel.get_by_role("row", name="Meetings at events")).to_contain_text("0")
    screenshot("leads-dashboard")
    assert axe_violations(page) == []

    # A period that ends before it starts is refused with a message, the dates kept.
    page.get_by_label("From", exact=True).fill("2026-11-15")
    page.get_by_label("To", exact=True).fill("2026-11-02")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("The last day comes before the first; choose a later one.")).to_be_visible()
    expect(page.get_by_label("From", exact=True)).to_have_value("2026-11-15")
