"""The finder's answer names published enterprises of each district shown that the investor's company would
work with, each with why, and links to the directory for more."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.html import strip_tags

from districts.partners import WORKS_WITH
from tests.factories import DistrictFactory, EnterpriseFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


def finder_page(client, query: str, language: str = "en") -> str:
    response = client.get(f"/{language}/incentives/finder/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def partners_of(page: str, slug: str) -> str:
    """The partners section of one district, as its HTML."""
    start = page.index(f'id="partners-{slug}"')
    return page[start : page.index("</div>", start)]


def text(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


@pytest.fixture
def haizhu():
    district = DistrictFactory(slug="haizhu", name_en="Haizhu District", name_zh_hans="海珠区")
    IncentiveFactory(district=district, segments=[])
    return district


def test_a_production_company_sees_ip_holders_and_platforms_with_why_in_both_languages(client, haizhu):
    EnterpriseFactory(district=haizhu, name_en="Story Vault", name_zh_hans="故事库", segments=["ip_content"])
    EnterpriseFactory(district=haizhu, name_en="Stream Co", name_zh_hans="流媒体公司", segments=["platform"])
    EnterpriseFactory(district=haizhu, name_en="Other Studio", segments=["production"])  # a rival, not a partner

    english = text(partners_of(finder_page(client, "stage=growth&segment=production"), "haizhu"))
    assert "Story Vault IP and content: a production company adapts its IP" in english
    assert "Stream Co Platform: it commissions and streams what a production company makes" in english
    assert "Other Studio" not in english

    chinese = text(partners_of(finder_page(client, "stage=growth&segment=production", "zh-hans"), "haizhu"))
    assert "故事库 IP 与内容：制作公司改编其 IP" in chinese
    assert "流媒体公司 平台：定制并播出制作公司的作品" in chinese


def test_an_ip_holder_sees_production_companies_and_each_partner_links_to_its_profile(client, haizhu):
    EnterpriseFactory(district=haizhu, slug="maker", name_en="Maker Films", segments=["production"])
    EnterpriseFactory(district=haizhu, name_en="Finishing House", segments=["post_production"])

    section = partners_of(finder_page(client, "stage=growth&segment=ip_content"), "haizhu")
    assert '<a href="/en/enterprises/maker/">Maker Films</a>' in section
    assert "Production: it turns an IP holder&#x27;s stories into series" in section
    assert "Finishing House" not in section


def test_every_pairing_has_a_reason_in_both_languages():
    for partners in WORKS_WITH.values():
        for reason in partners.values():
            with translation.override("en"):
                english = str(reason)
            with translation.override("zh-hans"):
                assert str(reason) != english, english


@pytest.mark.parametrize("state", ["pending", "unpublished", "rejected"])
def test_a_listing_that_is_not_published_is_never_named(client, haizhu, state):
    EnterpriseFactory(district=haizhu, name_en="Hidden Stories", segments=["ip_content"], state=state)

    page = finder_page(client, "stage=growth&segment=production")
    assert "Hidden Stories" not in page
    assert "No published enterprise works with your segments yet in Haizhu District." in page


def test_only_the_chosen_district_is_named_and_verified_partners_come_first_up_to_five(client, haizhu):
    other = DistrictFactory(slug="linping", name_en="Linping District")
    IncentiveFactory(district=other, segments=[])
    EnterpriseFactory(district=other, name_en="Elsewhere IP", segments=["ip_content"])
    for letter in "ABCDEF":
        EnterpriseFactory(district=haizhu, name_en=f"{letter} Stories", segments=["ip_content"])
    EnterpriseFactory(district=haizhu, name_en="Z Verified Stories", segments=["ip_content"], is_verified=True)

    page = finder_page(client, "stage=growth&segment=production&district=haizhu")
    assert 'id="partners-linping"' not in page and "Elsewhere IP" not in page
    assert "works with your segments yet" not in page
    named = re.findall(r"\b([A-Z])(?: Verified)? Stories", text(partners_of(page, "haizhu")))
    assert named == ["Z", "A", "B", "C", "D"]


def test_every_district_shown_gets_its_own_partners_read_in_one_query(client, haizhu):
    other = DistrictFactory(slug="linping", name_en="Linping District")
    IncentiveFactory(district=other, segments=[])
    EnterpriseFactory(district=haizhu, name_en="Haizhu IP", segments=["ip_content"])
    EnterpriseFactory(district=other, name_en="Linping IP", segments=["ip_content"])

    page = finder_page(client, "stage=growth&segment=production")
    assert "Haizhu IP" in partners_of(page, "haizhu") and "Linping IP" not in partners_of(page, "haizhu")
    assert "Linping IP" in partners_of(page, "linping")


def test_the_link_for_more_opens_the_directory_filtered_by_district_and_partner_segments(client, haizhu):
    EnterpriseFactory(district=haizhu, name_en="Listed IP", segments=["ip_content"])
    EnterpriseFactory(name_en="IP Far Away", segments=["ip_content"])
    EnterpriseFactory(district=haizhu, name_en="Rival Studio", segments=["production"])

    section = partners_of(finder_page(client, "stage=growth&segment=ip_content"), "haizhu")
    start = section.index('href="/en/enterprises/?') + len('href="')
    url = unescape(section[start : section.index('"', start)])
    assert parse_qs(urlsplit(url).query) == {"district": ["haizhu"], "segment": ["production", "platform", "overseas"]}
    directory = client.get(url).content.decode()
    assert "Rival Studio" in directory  # a production company, which an IP holder works with
    assert "Listed IP" not in directory and "IP Far Away" not in directory


def test_no_partners_are_named_when_no_district_is_shown(client):
    IncentiveFactory(segments=["platform"], stages=["established"])
    EnterpriseFactory(name_en="Somewhere IP", segments=["ip_content"])

    page = finder_page(client, "stage=startup&segment=production")
    assert "No incentive fits all your answers yet" in page
    assert 'id="partners-heading"' not in page and "Somewhere IP" not in page


def test_the_demo_names_haizhu_ip_holders_and_a_linping_platform_for_a_production_company(client):
    call_command("load_demo", verbosity=0)

    page = finder_page(client, "stage=growth&segment=production&district=haizhu&district=linping")
    haizhu, linping = text(partners_of(page, "haizhu")), text(partners_of(page, "linping"))
    assert "Byment Culture IP and content: a production company adapts its IP" in haizhu
    assert "Winsing Animation" in haizhu
    assert "Long Eagle Technology" in linping and "Platform: it commissions and streams" in linping
    assert "Long Eagle Technology" not in haizhu
    # Companies the demo names with no segment are not guessed into one.
    assert "Inkeverse" not in haizhu and "FLEXTV" not in haizhu
