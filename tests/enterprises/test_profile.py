import json
import re

import factory
import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.models import ValueChainSegment
from enterprises.models import Enterprise
from staff.roles import BUREAU_STAFF
from tests.factories import DistrictFactory, EnterpriseFactory, PhotoFactory, SourceFactory, WorkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def json_ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_profile_shows_the_facts_works_and_district(client, directory):
    enterprise = directory["factory"]
    enterprise.website = "https://pearl.example.com"
    enterprise.description_en = "Shoots vertical series.\n\nNear Pazhou."
    enterprise.save()
    WorkFactory(
        enterprise=enterprise,
        title_en="Rain Over Pazhou",
        year=2024,
        platform="WeChat Channels",
        link="https://example.com/rain",
        source=SourceFactory(publisher="Guangzhou Daily"),
    )
    response = client.get("/en/enterprises/pearl-shorts/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Pearl Shorts Factory</h1>" in page
    assert "Production" in page and "2019" in page and "10–49 people" in page
    assert '<a href="https://pearl.example.com" rel="noopener nofollow">' in page
    assert "Verified" in page
    assert '<a href="/en/districts/haizhu/">Haizhu District</a>' in page
    assert "<p>Shoots vertical series.</p>" in page
    assert "Rain Over Pazhou" in page and "Micro-drama series" in page and "WeChat Channels" in page
    assert '<a href="https://example.com/rain" rel="noopener nofollow">' in page
    assert "Source:" in page and "Guangzhou Daily" in page


def test_unknown_facts_are_left_out_rather_than_guessed(client, directory):
    page = client.get("/en/enterprises/promo-house/").content.decode()
    for label in ("Founded", "Size", "Website", "Verified", "District"):
        assert f"<dt>{label}</dt>" not in page
    data = json_ld(page)
    assert not {"foundingDate", "numberOfEmployees", "url", "logo", "address"} & data.keys()


def test_illustrative_profile_is_labelled(client, directory):
    EnterpriseFactory(slug="example", is_illustrative=True, source=None)
    page = client.get("/en/enterprises/example/").content.decode()
    assert "Illustrative" in page and "not a sourced fact" in page


def test_logo_and_photos_carry_their_size_and_alt_text(client, directory, media):
    enterprise = EnterpriseFactory(
        slug="with-pictures", name_en="Pictured Studio", logo=factory.django.ImageField(width=120, height=60)
    )
    PhotoFactory(enterprise=enterprise, caption_en="Sound stage")
    page = client.get("/en/enterprises/with-pictures/").content.decode()
    assert re.search(
        r'<img class="enterprise-logo-large" src="[^"]+" width="120" height="60" alt="Logo of Pictured Studio">', page
    )
    assert re.search(r'<img src="[^"]+" width="640" height="360" alt="Sound stage" loading="lazy">', page)


def test_related_enterprises_share_the_district_or_a_segment(client, directory):
    related = [enterprise.slug for enterprise in client.get("/en/enterprises/pearl-shorts/").context["related"]]
    # Galaxy shares the district; nothing else shares Production or Haizhu; the pending one stays hidden.
    assert related == ["galaxy-animation"]
    EnterpriseFactory(slug="both", district=directory["factory"].district, segments=[ValueChainSegment.PRODUCTION])
    EnterpriseFactory(
        slug="segment-only", district=directory["reels"].district, segments=[ValueChainSegment.PRODUCTION]
    )
    related = [enterprise.slug for enterprise in client.get("/en/enterprises/pearl-shorts/").context["related"]]
    assert related == ["both", "segment-only", "galaxy-animation"]


def test_an_enterprise_without_district_or_segment_has_no_related_ones(client, directory):
    EnterpriseFactory(slug="alone", district=None, segments=[])
    response = client.get("/en/enterprises/alone/")
    assert response.status_code == 200 and list(response.context["related"]) == []


@pytest.mark.parametrize("state", [Enterprise.State.PENDING, Enterprise.State.UNPUBLISHED, Enterprise.State.REJECTED])
def test_an_unpublished_profile_is_a_404_for_the_public(client, state):
    EnterpriseFactory(slug="not-yet", state=state)
    assert client.get("/en/enterprises/not-yet/").status_code == 404


def test_an_unknown_profile_is_a_404(client):
    assert client.get("/en/enterprises/atlantis/").status_code == 404


def staff_user(*, in_bureau_group: bool, is_staff: bool = True) -> User:
    user = User.objects.create_user("staff", password="x", is_staff=is_staff)
    if in_bureau_group:
        user.groups.add(Group.objects.get(name=BUREAU_STAFF))
    return user


def test_bureau_staff_preview_an_unpublished_profile_of_their_district(client, directory):
    editor = staff_user(in_bureau_group=True)
    directory["hidden"].district.editors.add(editor)
    client.force_login(editor)
    response = client.get("/en/enterprises/hidden-drama/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview for bureau staff" in page and "Waiting for review" in page
    assert '<meta name="robots" content="noindex">' in page


def test_an_editor_of_another_district_does_not_preview_it(client, directory):
    editor = staff_user(in_bureau_group=True)
    directory["reels"].district.editors.add(editor)
    client.force_login(editor)
    assert client.get("/en/enterprises/hidden-drama/").status_code == 404
    assert client.get("/en/enterprises/overseas-reels/").status_code == 200


@pytest.mark.parametrize("is_staff, in_group", [(True, False), (False, True)])
def test_preview_needs_staff_status_and_the_change_permission(client, directory, is_staff, in_group):
    client.force_login(staff_user(in_bureau_group=in_group, is_staff=is_staff))
    assert client.get("/en/enterprises/hidden-drama/").status_code == 404


def test_json_ld_describes_the_organization(client, directory):
    data = json_ld(client.get("/en/enterprises/pearl-shorts/").content.decode())
    assert data["@type"] == "Organization"
    assert data["name"] == "Pearl Shorts Factory" and data["alternateName"] == ["珠江微短剧工厂"]
    assert data["@id"] == "http://testserver/en/enterprises/pearl-shorts/"
    assert data["foundingDate"] == "2019"
    assert data["numberOfEmployees"] == {"@type": "QuantitativeValue", "minValue": 10, "maxValue": 49}
    assert data["address"]["addressCountry"] == "CN"


def test_json_ld_text_cannot_close_its_script_element(client):
    EnterpriseFactory(
        slug="sneaky",
        name_en="</script><script>alert(1)</script>",
        summary_en="<!-- & -->",
    )
    page = client.get("/en/enterprises/sneaky/").content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    assert json.loads(script)["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in page


def test_profile_query_count_does_not_grow_with_works_photos_or_related(client, media):
    district = DistrictFactory()
    enterprise = EnterpriseFactory(slug="busy", district=district)

    def grow(count):
        for _ in range(count):
            WorkFactory(enterprise=enterprise, source=SourceFactory())
            PhotoFactory(enterprise=enterprise)
            EnterpriseFactory(district=district)

    grow(1)
    client.get("/en/enterprises/busy/")
    with CaptureQueriesContext(connection) as few:
        client.get("/en/enterprises/busy/")
    grow(6)
    with CaptureQueriesContext(connection) as many:
        client.get("/en/enterprises/busy/")
    assert len(many) == len(few) == 4  # the enterprise, its works, its photos, related enterprises


def test_sitemap_lists_the_directory_and_published_profiles_in_both_languages(client, directory):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/en/enterprises/</loc>" in sitemap and "/zh-hans/enterprises/</loc>" in sitemap
    assert "/en/enterprises/pearl-shorts/" in sitemap and "/zh-hans/enterprises/pearl-shorts/" in sitemap
    assert "hidden-drama" not in sitemap
    assert Enterprise.objects.filter(slug="hidden-drama").exists()
