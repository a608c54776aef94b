"""A district page runs to many screens on a phone: a contents list at its top jumps to each section it has."""

import re

import pytest
from django.core.management import call_command

from districts.models import District, InvestmentContact, ServiceCenter, TalentProgramme
from tests.factories import DistrictFactory, FacilityFactory, IncentiveFactory, IndustrialFundFactory, KeyFigureFactory

pytestmark = pytest.mark.django_db

CONTENTS = re.compile(r'<nav class="page-contents" aria-label="([^"]+)">\s*<ul>(.*?)</ul>\s*</nav>', re.S)
LINK = re.compile(r'<li><a href="#([^"]+)">([^<]+)</a></li>')


def contents(page: str) -> tuple[str, list[tuple[str, str]]]:
    """The contents list's name and its links, (target, text), in order."""
    found = CONTENTS.findall(page)
    assert len(found) == 1
    label, items = found[0]
    return label, LINK.findall(items)


def section_ids(page: str) -> list[str]:
    return re.findall(r'<section\b[^>]*\bid="([^"]+)"', page)


@pytest.mark.parametrize(
    "language, label, headings",
    [
        (
            "en",
            "On this page",
            ["Key figures", "Incentives and policies", "Studios, shooting bases and creative parks", "Enterprises"],
        ),
        ("zh-hans", "本页内容", ["关键数据", "扶持政策", "影棚、拍摄基地与创意园区", "企业"]),
    ],
)
def test_the_contents_list_names_only_the_sections_the_district_has(client, language, label, headings):
    district = DistrictFactory(slug="sparse")
    KeyFigureFactory(district=district)
    IncentiveFactory(district=district)
    FacilityFactory(district=district)
    page = client.get(f"/{language}/districts/sparse/").content.decode()
    name, links = contents(page)
    assert name == label
    assert [text for _, text in links] == headings
    # Each link lands on its section, and in the order the page shows them.
    targets = [target for target, _ in links]
    assert targets == ["key-figures", "incentives", "studios", "enterprises"]
    assert [section for section in section_ids(page) if section in targets] == targets


def test_a_district_with_every_kind_of_record_lists_every_section_in_page_order(client):
    district = DistrictFactory(slug="full")
    KeyFigureFactory(district=district)
    IncentiveFactory(district=district)
    IndustrialFundFactory(district=district)
    FacilityFactory(district=district)
    ServiceCenter.objects.create(district=district, name_en="Review center", kind=ServiceCenter.Kind.values[0])
    TalentProgramme.objects.create(district=district, name_en="Screenwriting camp")
    InvestmentContact.objects.create(district=district, office_en="Investment bureau")
    page = client.get("/en/districts/full/").content.decode()
    _, links = contents(page)
    targets = [target for target, _ in links]
    assert targets == [
        "key-figures",
        "reach-bureau",
        "incentives",
        "funds",
        "studios",
        "service-centers",
        "talent",
        "enterprises",
    ]
    assert [section for section in section_ids(page) if section in targets] == targets


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_demo_district_links_only_to_sections_on_its_page(client, language):
    call_command("load_demo")
    for district in District.objects.published():
        page = client.get(f"/{language}/districts/{district.slug}/").content.decode()
        targets = [target for target, _ in contents(page)[1]]
        assert targets and set(targets) <= set(section_ids(page)), district.slug
