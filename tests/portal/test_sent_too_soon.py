"""A public form sent within seconds of opening (a phone's autofill) is answered with what to do, keeps
what was typed, and goes through when sent again a moment later."""

import datetime
import html
import re

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from foundation import spam
from tests.alerts.test_alerts import form_data as alert_data
from tests.districts.test_inquiry_sent import inquiry_data
from tests.enterprises.test_submission import form_data as listing_data
from tests.events.test_pages import form_data as registration_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_form_places")]

START = re.compile(r'name="started" value="([^"]+)"')
TOO_SOON = (
    "The form was sent a moment too soon after the page opened, so it was not accepted yet. "
    "Everything you typed is kept: wait a few seconds, then send it again."
)
TOO_SOON_ZH = "表单在页面打开后过快提交，暂未受理。您填写的内容都已保留：请稍等几秒，再提交一次。"
# Each public form: its address, what a person typed, and a typed value the re-displayed form must show.
# A successful sending redirects to the form's confirmation page.
FORMS = {
    "registration": ("/{language}/events/open-class/register/", registration_data, "映宇宙"),
    "inquiry": ("/{language}/districts/haizhu/inquiry/", inquiry_data, "Tom &amp; Jerry Studio"),
    "alerts": ("/{language}/alerts/", alert_data, "investor@example.com"),
    "listing": ("/{language}/enterprises/submit/", listing_data, "Yingyuzhou Pictures"),
}


def token(seconds_ago: float) -> str:
    return signing.dumps([spam.time.time() - seconds_ago, "0123456789abcdef"], salt=spam.SALT)


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_form_sent_too_soon_says_to_wait_and_send_again_and_then_goes_through(client, name, language):
    url, data, typed = FORMS[name]
    url = url.format(language=language)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        response = client.post(url, data(started=token(seconds_ago=1)))
        page = response.content.decode()
        assert response.status_code == 400
        assert (TOO_SOON_ZH if language == "zh-hans" else TOO_SOON) in page
        # No field is wrong, so none is marked and nobody is asked to correct one.
        assert "field-error" not in page
        assert "Please correct the marked fields" not in page and "请修改标出的字段" not in page
        assert typed in page
        clock.shift(datetime.timedelta(seconds=spam.MIN_SECONDS))
        again = client.post(url, data(started=html.unescape(START.search(page).group(1))))
    assert again.status_code == 302


def test_a_form_left_open_too_long_can_be_sent_again_from_the_page_that_says_so(client):
    url = "/en/events/open-class/register/"
    with time_machine.travel(timezone.now() - datetime.timedelta(seconds=spam.MAX_AGE_SECONDS + 60)):
        opened_yesterday = token(seconds_ago=0)
    stale = client.post(url, registration_data(started=opened_yesterday))
    page = stale.content.decode()
    assert stale.status_code == 400 and "This form was open for too long" in page and "李明" in page
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=spam.MIN_SECONDS), tick=False):
        again = client.post(url, registration_data(started=html.unescape(START.search(page).group(1))))
    assert again.status_code == 302
