"""Every public form answers a sending it accepts the same way: a redirect to a confirmation page of its
own, which names the address once, from a signed cookie, and says its general wording on a reload."""

import pytest
from django.contrib.sessions.models import Session

from tests.alerts.test_alerts import form_data as alert_data
from tests.districts.test_inquiry_sent import inquiry_data
from tests.enterprises.test_submission import form_data as listing_data
from tests.events.test_pages import form_data as registration_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_form_places")]

# Each public form: its address, what a person typed, its confirmation page, and what that page says
# (by language) first naming what was sent, then in its general wording once the cookie is spent.
FORMS = {
    "registration": (
        "/{language}/events/open-class/register/",
        registration_data,
        "/{language}/events/open-class/register/sent/",
        {
            "en": "The link to your registration is on its way to li@example.com:",
            "zh-hans": "报名链接正在发往 li@example.com：",
        },
        {
            "en": "The link to your registration is on its way to the address you gave:",
            "zh-hans": "报名链接正在发往您填写的邮箱：",
        },
    ),
    "inquiry": (
        "/{language}/districts/haizhu/inquiry/",
        inquiry_data,
        "/{language}/districts/haizhu/inquiry/sent/",
        {
            "en": "Thank you. The bureau has your inquiry and will reply to obrien@example.com.",
            "zh-hans": "谢谢！投资促进部门已收到您的咨询，将回复至 obrien@example.com。",
        },
        {"en": "Thank you. The bureau has your inquiry.", "zh-hans": "谢谢！投资促进部门已收到您的咨询。"},
    ),
    "alerts": (
        "/{language}/alerts/",
        alert_data,
        "/{language}/alerts/sent/",
        {
            "en": "We have sent a link to investor@example.com. Follow it to start your alerts;",
            "zh-hans": "我们已向 investor@example.com 发送了一个链接。点击该链接即可开始接收提醒；",
        },
        {
            "en": "We have sent a link to the address you gave. Follow it to start your alerts;",
            "zh-hans": "我们已向您填写的邮箱发送了一个链接。点击该链接即可开始接收提醒；",
        },
    ),
    "listing": (
        "/{language}/enterprises/submit/",
        listing_data,
        "/{language}/enterprises/submit/thanks/",
        {
            "en": "The bureau has the listing for Yingyuzhou Pictures and will write to li@yingyuzhou.example.com",
            "zh-hans": "投资促进局已收到 映宇宙影业 的条目，审核后将发邮件至 li@yingyuzhou.example.com。",
        },
        {
            "en": "We have sent a confirmation to the email address you gave;",
            "zh-hans": "我们已向您填写的邮箱发送确认邮件；",
        },
    ),
}
ADDRESSES = ["li@example.com", "obrien@example.com", "investor@example.com", "li@yingyuzhou.example.com"]


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_accepted_form_redirects_to_its_page_which_names_the_address_once(client, name, language):
    url, data, sent, named, general = FORMS[name]
    sent = sent.format(language=language)
    response = client.post(url.format(language=language), data())
    assert response.status_code == 302
    assert response["Location"].split("#")[0] == sent
    cookie = response.cookies["sent_to"]
    assert cookie["path"] == sent and cookie["httponly"] and cookie["max-age"] == 600
    page = client.get(sent)
    assert page.status_code == 200 and named[language] in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    # Said once: a reload (or the page opened from history or a shared link) gives the general wording.
    reloaded = client.get(sent)
    text = reloaded.content.decode()
    assert reloaded.status_code == 200 and general[language] in text
    assert not any(address in text for address in ADDRESSES)
    assert "no-store" in reloaded["Cache-Control"]
    # Nothing is stored for the confirmation: no session row, no message waiting for another page.
    assert not Session.objects.exists() and "messages" not in client.cookies
