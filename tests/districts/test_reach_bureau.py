"""Each district page tells investors how to reach its bureau, with only the details a source gives."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import InvestmentContact
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def reach_block(client, url) -> str:
    page = client.get(url).content.decode()
    match = re.search(r'<section aria-labelledby="reach-heading".*?</section>', page, re.S)
    assert match, "no 'how to reach the bureau' block"
    return match.group(0)


@pytest.fixture
def district():
    return DistrictFactory(slug="haizhu")


def test_every_published_way_to_reach_the_bureau_shows_in_both_languages(client, district):
    InvestmentContact.objects.create(
        district=district,
        office_en="Haizhu District Investment Promotion Bureau",
        office_zh_hans="海珠区投资促进局",
        address_en="1 Example Road",
        address_zh_hans="示例路1号",
        phone="020 1234 5678",
        email="invest@haizhu.example",
        office_hours_en="Mon-Fri 9:00-12:00, 14:00-17:30",
        office_hours_zh_hans="周一至周五 9:00-12:00，14:00-17:30",
        wechat_account="haizhu_invest",
    )
    english = reach_block(client, "/en/districts/haizhu/")
    assert "How to reach the bureau" in english
    for text in [
        "Haizhu District Investment Promotion Bureau",
        "1 Example Road",
        'href="tel:02012345678"',
        'href="mailto:invest@haizhu.example"',
        "Office hours",
        "Mon-Fri 9:00-12:00, 14:00-17:30",
        "WeChat official account",
        "haizhu_invest",
    ]:
        assert text in english
    chinese = reach_block(client, "/zh-hans/districts/haizhu/")
    for text in [
        "投资促进局联系方式",
        "海珠区投资促进局",
        "示例路1号",
        "办公时间",
        "周一至周五 9:00-12:00，14:00-17:30",
        "微信公众号",
    ]:
        assert text in chinese


def test_details_no_source_gives_are_left_out(client, district):
    InvestmentContact.objects.create(district=district, office_en="Haizhu Bureau", email="invest@haizhu.example")
    block = reach_block(client, "/en/districts/haizhu/")
    assert "Haizhu Bureau" in block and "invest@haizhu.example" in block
    for label in ["Address", "Phone", "Office hours", "WeChat official account", "tel:"]:
        assert label not in block


def test_without_a_bureau_there_is_no_block(client, district):
    assert "reach-heading" not in client.get("/en/districts/haizhu/").content.decode()


def test_the_bureau_details_cost_no_extra_query(client, district):
    url = "/en/districts/haizhu/"
    client.get(url)  # warm caches such as content types
    with CaptureQueriesContext(connection) as without_contact:
        client.get(url)
    InvestmentContact.objects.create(
        district=district, office_en="Bureau", phone="020 1234 5678", office_hours_en="Mon-Fri", wechat_account="hz"
    )
    with CaptureQueriesContext(connection) as with_contact:
        assert "Mon-Fri" in client.get(url).content.decode()
    assert len(with_contact) == len(without_contact)
