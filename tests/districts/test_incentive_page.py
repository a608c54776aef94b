import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import Incentive
from tests.factories import DistrictFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo")


def test_an_incentive_has_a_page_with_who_qualifies_amounts_documents_and_the_policy(client, demo):
    incentive = Incentive.objects.get(title_en="Reward for horizontal micro-dramas by revenue share")
    page = client.get(f"/en/incentives/{incentive.pk}/").content.decode()
    assert "<h1>Reward for horizontal micro-dramas by revenue share</h1>" in page
    assert "up to 1.5 million yuan per work" in page
    # The guide asks for the production and distribution licences: producers, and no segment more.
    assert "Production" in page and "IP and content, Production" not in page
    assert "distribution licence (发行许可证)" in page
    assert "同政规〔2025〕1号" in page and 'href="https://www.dt.gov.cn/' in page
    assert "2025 application round; dates not published" in page and "Not open now" in page
    assert "Reward for vertical micro-dramas by revenue share" in page  # same district
    assert "The bureau of Datong has not published a contact for inquiries" in page
    assert 'href="/en/districts/datong/#inquiry"' not in page
    assert 'property="og:title" content="Reward for horizontal micro-dramas by revenue share · Datong"' in page


def test_incentive_page_in_chinese(client, demo):
    incentive = Incentive.objects.get(title_en="Support for bases with shared shooting sets or live-stream rooms")
    page = client.get(f"/zh-hans/incentives/{incentive.pk}/").content.decode()
    assert "共享拍摄场景、直播间基地补贴" in page and "每年最高80万元" in page and "申请材料" in page


def test_catalogue_finder_and_sitemap_link_to_incentive_pages(client, demo):
    incentive = Incentive.objects.get(title_en="Reward for bringing in top streamers and influencers")
    url = f"/en/incentives/{incentive.pk}/"
    assert f'href="{url}"' in client.get("/en/incentives/?district=haizhu").content.decode()
    finder = client.get("/en/incentives/finder/?stage=growth&segment=marketing").content.decode()
    assert f'href="{url}"' in finder
    assert url in client.get("/sitemap.xml").content.decode()


def test_an_unpublished_districts_incentive_is_not_found(client):
    incentive = IncentiveFactory(district=DistrictFactory(is_published=False))
    assert client.get(f"/en/incentives/{incentive.pk}/").status_code == 404


def test_incentive_page_queries_do_not_grow_with_related_incentives(client):
    district = DistrictFactory()
    incentive = IncentiveFactory(district=district)
    url = f"/en/incentives/{incentive.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(6):
        IncentiveFactory(district=district)
        IncentiveFactory()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
