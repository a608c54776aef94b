"""Chinese that reads as written Chinese: full-width punctuation after Chinese text in emails, lists with
、, a prompt rather than dashes as the empty choice, the words a page means."""

import re

import pytest
from django.core import mail
from django.utils import translation

from districts.formatting import format_labels
from tests.alerts.test_alerts import form_data as alert_data
from tests.districts.test_inquiry_sent import inquiry_data
from tests.enterprises.test_submission import form_data as listing_data
from tests.events.test_pages import form_data as registration_data
from tests.factories import DistrictFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

CHINESE = r"[\u4e00-\u9fff）》」]"
ASCII_AFTER_CHINESE = re.compile(rf"{CHINESE}[:.,;!?]")
SPACE_AFTER_FULL_WIDTH = re.compile(r"[：，。；、] ")


@pytest.fixture
def haizhu(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BUREAU_INQUIRY_EMAIL = "bureau@example.com"
    return DistrictFactory(slug="haizhu", name_en="Haizhu District", name_zh_hans="海珠区", is_host=True)


@pytest.fixture
def chinese_emails(client, haizhu, django_capture_on_commit_callbacks):
    EventFactory(slug="open-class", capacity=1, district=haizhu)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/zh-hans/events/open-class/register/", registration_data())
        client.post("/zh-hans/events/open-class/register/", registration_data(email="second@example.com"))
        client.post("/zh-hans/districts/haizhu/inquiry/", inquiry_data())
        client.post("/zh-hans/alerts/", alert_data())
        client.post("/zh-hans/enterprises/submit/", listing_data(haizhu))
    return mail.outbox


def body(emails, to: str, subject: str = "") -> str:
    (found,) = [message.body for message in emails if message.to == [to] and subject in message.subject]
    return found


def test_chinese_emails_use_full_width_punctuation_after_chinese_text(chinese_emails):
    assert len(chinese_emails) == 7
    for message in chinese_emails:
        assert not ASCII_AFTER_CHINESE.findall(message.body), (message.subject, message.body)
        assert not SPACE_AFTER_FULL_WIDTH.findall(message.body), (message.subject, message.body)


def test_chinese_emails_name_things_as_a_reader_writes_them(chinese_emails):
    ticket = body(chinese_emails, "li@example.com")
    assert re.search(r"入场时请出示此票码（或下方页面中的二维码）：[A-Z0-9]{10}\n", ticket)
    assert "您在候补名单中的位置：第1位。" in body(chinese_emails, "second@example.com")
    assert "您的留言：\nWe plan" in body(chinese_emails, "obrien@example.com")
    listing = body(chinese_emails, "bureau@example.com", subject="映宇宙影业")
    assert "产业链环节：制作、海外发行" in listing and "语言：简体中文" in listing and "['" not in listing
    assert "产业链环节：制作、海外发行" in body(chinese_emails, "li@yingyuzhou.example.com")
    assert "更改提醒内容：http" in body(chinese_emails, "investor@example.com")


def test_lists_are_joined_with_the_enumeration_comma_in_chinese_and_commas_in_english():
    with translation.override("zh-hans"):
        assert format_labels(["IP 与内容", "人才与培训"]) == "IP 与内容、人才与培训"
        assert format_labels(["初创", "成长", "成熟"]) == "初创、成长、成熟"
    with translation.override("en"):
        assert format_labels(["start-up", "growing"]) == "start-up, growing"
        assert format_labels(["start-up", "growing", "established"]) == "start-up, growing, established"
        assert format_labels(["start-up"]) == "start-up"


@pytest.mark.parametrize("language, prompt", [("zh-hans", "请选择"), ("en", "Choose…")])
def test_public_forms_offer_a_prompt_not_dashes_as_the_empty_choice(client, haizhu, language, prompt):
    EventFactory(slug="open-class", district=haizhu)
    for url in ("/events/open-class/register/", "/enterprises/submit/", "/districts/haizhu/"):
        page = client.get(f"/{language}{url}").content.decode()
        assert "---------" not in page, url
    register = client.get(f"/{language}/events/open-class/register/").content.decode()
    assert f'<option value="" selected>{prompt}</option>' in register


def test_the_ticket_page_calls_the_persons_name_by_its_word(client):
    registration = RegistrationFactory(full_name="李明")
    page = client.get(f"/zh-hans/events/ticket/{registration.manage_token}/").content.decode()
    assert "<dt>姓名</dt><dd>李明</dd>" in page


@pytest.mark.parametrize(
    "language, words",
    [
        ("en", "Answer five short questions (only the first two are needed)"),
        ("zh-hans", "回答五个简短问题（只有前两个必答）"),
    ],
)
def test_the_finder_counts_the_questions_it_asks(client, language, words):
    page = client.get(f"/{language}/incentives/finder/").content.decode()
    assert words in page
    assert len(re.findall(r'<div class="field', page.split('class="stacked-form"')[1].split("</form>")[0])) == 5


def test_the_alert_email_to_a_subscriber_lists_their_choices_in_chinese(
    client, haizhu, django_capture_on_commit_callbacks
):
    DistrictFactory(slug="linping", name_zh_hans="临平区")
    choices = alert_data(districts=["haizhu", "linping"], segments=["production", "overseas"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/zh-hans/alerts/", choices)
    client.post(re.search(r"http://[^/]+(/zh-hans/alerts/confirm/\S+)", mail.outbox[-1].body).group(1))
    # The form sent again for a confirmed address changes nothing: it sends the subscriber their own link.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/zh-hans/alerts/", alert_data())
    changed = mail.outbox[-1].body
    assert "地区：海珠区、临平区" in changed and "产业链环节：制作、海外发行" in changed
    assert not ASCII_AFTER_CHINESE.findall(changed) and "['" not in changed
