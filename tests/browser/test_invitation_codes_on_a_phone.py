"""The organiser's codes page on a phone: withdrawing one code, then a batch, fits a 390 px screen and keeps
the accessibility rules, in both languages."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from events.models import InvitationCode
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_phone_pages import axe_violations, page_width
from tests.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organiser_phone(phone, live_server, django_user_model):
    """An event with a delegation's batch of three codes and one code for the press; its organiser's phone."""
    event = EventFactory(slug="summit", title_en="Summit", title_zh_hans="峰会", capacity=50)
    expires = timezone.now() + datetime.timedelta(days=7)
    for label, count in [("Hangzhou delegation", 3), ("Press", 1)]:
        for _number in range(count):
            InvitationCode.objects.create(event=event, label=label, max_uses=2, held_seats=1, expires_at=expires)
    organiser = django_user_model.objects.create_superuser("organiser", password="x")
    client = Client()
    client.force_login(organiser)
    phone.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return phone


@pytest.mark.parametrize(
    "language, withdraw_one, withdraw_batch, done",
    [
        ("en", "Withdraw", "Withdraw the batch of 3 codes", "1 code withdrawn"),
        ("zh-hans", "撤回", "撤回这批3个邀请码", "已撤回1个邀请码"),
    ],
)
def test_an_organiser_withdraws_a_code_then_a_batch_on_a_phone(
    live_server, organiser_phone, language, withdraw_one, withdraw_batch, done
):
    page = organiser_phone
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/{language}/events/summit/organise/codes/")
    press = InvitationCode.objects.get(label="Press")
    page.locator("tr.invitation-code", has_text=press.code).get_by_role("button", name=withdraw_one).click()
    expect(page.get_by_text(done)).to_be_visible()
    expect(page.locator("tr.code-withdrawn")).to_have_count(1)
    assert InvitationCode.objects.get(pk=press.pk).withdrawn_at is not None
    page.get_by_role("button", name=withdraw_batch).click()
    expect(page.locator("tr.code-withdrawn")).to_have_count(4)
    assert not InvitationCode.objects.filter(withdrawn_at__isnull=True).exists()
    assert page_width(page) <= 390
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / f"codes-withdrawn-{language}.png"), full_page=True)
