import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import AlertSubscription
from alerts.services import digests_send
from foundation import spam
from tests.factories import DistrictFactory, IncentiveFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(message, kind: str, live_server) -> str:
    path = re.search(rf"https?://\S+?(/en/alerts/{kind}/[^/\s]+/)", message.body).group(1)
    return live_server.url + path


def test_subscribe_confirm_receive_a_digest_and_unsubscribe_on_a_phone(live_server, phone, screenshot, monkeypatch):
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)  # a script types faster than a person
    DistrictFactory(slug="haizhu", name_en="Haizhu District")
    phone.goto(f"{live_server.url}/en/districts/haizhu/")
    phone.get_by_role("link", name="Weekly email alerts").click()
    expect(phone.get_by_role("checkbox", name="Haizhu District")).to_be_checked()
    phone.get_by_role("textbox", name="Email").fill("investor@example.com")
    phone.get_by_role("button", name="Subscribe").click()
    expect(phone.get_by_text("Please agree, otherwise we cannot email you.")).to_be_visible()
    expect(phone.get_by_role("textbox", name="Email")).to_have_value("investor@example.com")
    screenshot("alerts-01-subscribe-error")

    phone.get_by_role("checkbox", name="Email me a weekly digest").check()
    phone.get_by_role("button", name="Subscribe").click()
    phone.wait_for_url("**/en/alerts/sent/")
    expect(phone.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(phone.get_by_text("We have sent a link to investor@example.com.")).to_be_visible()
    screenshot("alerts-02-check-email")
    phone.reload()  # sends nothing again, and no longer names the address
    expect(phone.get_by_text("We have sent a link to the address you gave.")).to_be_visible()
    assert len(mail.outbox) == 1

    confirmation = mail.outbox[-1]
    phone.goto(link_in(confirmation, "confirm", live_server))
    expect(phone.get_by_role("heading", name="Confirm your email alerts")).to_be_visible()
    assert not AlertSubscription.objects.get().is_confirmed  # opening the link is not confirming
    phone.get_by_role("button", name="Start my alerts").click()
    expect(phone.get_by_text("Confirmed.", exact=False).first).to_be_visible()
    screenshot("alerts-03-manage")

    IncentiveFactory(district=AlertSubscription.objects.get().districts.get(), title_en="Script subsidy")
    assert digests_send(now=timezone.now() + datetime.timedelta(minutes=1)) == 1
    digest = mail.outbox[-1]
    assert "Script subsidy" in digest.body

    phone.goto(link_in(digest, "unsubscribe", live_server))
    phone.get_by_role("button", name="Unsubscribe").click()
    expect(phone.get_by_role("heading", name="Unsubscribed")).to_be_visible()
    screenshot("alerts-04-unsubscribed")
    assert not AlertSubscription.objects.exists()
