"""The bureau's inquiry email reads the investor's finder answers in the recipient's language."""

import pytest

from foundation.emails import email_queue
from tests.factories import DistrictFactory, InquiryFactory

pytestmark = pytest.mark.django_db

FINDER_URL = (
    "https://portal.example/en/incentives/finder/?stage=growth&segment=production&investment=5000000&team_size=20"
)


def bureau_email_body(language):
    district = DistrictFactory(name_en="Haizhu District", name_zh_hans="海珠区")
    inquiry = InquiryFactory(
        district=district, company="Studio", language="en", context={"finder_url": FINDER_URL, "team_size": 20}
    )
    context = {"inquiry": inquiry, "district": district, "site_url": "https://portal.example"}
    email = email_queue(to="bureau@example.com", template="inquiry_to_bureau", context=context, language=language)
    return email.body, inquiry


def test_bureau_email_in_chinese_has_chinese_labels_full_width_colons_and_formatted_amount():
    body, inquiry = bureau_email_body("zh-hans")
    assert "区域：海珠区" in body and "公司：Studio" in body
    assert "- 计划投资额（元）：500万元" in body
    assert "- 企业阶段：成长期" in body
    assert "语言：英语" in body
    assert f"/admin/districts/inquiry/{inquiry.pk}/change/" in body
    assert "investment_cny" not in body and "5000000" not in body.replace(FINDER_URL, "")
    assert ": " not in body.replace(FINDER_URL, "").replace("https://", "")


def test_bureau_email_in_english_has_english_labels_and_formatted_amount():
    body, _ = bureau_email_body("en")
    assert "Company: Studio" in body
    assert "- Planned investment (CNY): 5 million yuan" in body
    assert "- Company stage: Growing" in body
    assert "- Team size: 20" in body
    assert "Language: English" in body
    assert "investment_cny" not in body and "5000000" not in body.replace(FINDER_URL, "")


def test_bureau_email_without_finder_answers_has_no_answers_section():
    district = DistrictFactory()
    inquiry = InquiryFactory(district=district)
    context = {"inquiry": inquiry, "district": district, "site_url": "https://portal.example"}
    body = email_queue(to="b@example.com", template="inquiry_to_bureau", context=context, language="en").body
    assert "finder answers" not in body and "Company: " in body
