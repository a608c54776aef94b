"""Bureau staff cannot publish a figure the portal could not defend: the admin refuses it, on the field to
fill in, in the staff member's language, and saves the record once it is sound."""

import html
import re

import pytest
from django.test import Client

from districts.models import Incentive, KeyFigure, Source
from staff.roles import BUREAU_STAFF
from tests.factories import DistrictFactory, SourceFactory
from tests.portal.test_roles import staff_member

pytestmark = pytest.mark.django_db

NO_SOURCE = {
    "en": "Name the source, or mark the record as illustrative.",
    "zh-hans": "请注明来源，或将该条目标为示例。",
}
NO_BASIS = {
    "en": "Say whom the amount is for and over what period (or that the source gives no period).",
    "zh-hans": "请说明金额面向谁、按什么期限计算（或注明来源未给出期限）。",
}
EMPTY_PUBLISHED_TITLE = {
    "en": "A title marked as published cannot be empty.",
    "zh-hans": "标为原文标题的标题不能为空。",
}
REPRINT_NOT_PLACED = {
    "en": "Say where the reprint or summary was read.",
    "zh-hans": "请说明转载或摘要是在哪个网站读到的。",
}
LANGUAGES = ["en", "zh-hans"]


@pytest.fixture
def district():
    return DistrictFactory(slug="haizhu", name_en="Haizhu District")


@pytest.fixture
def editor(django_user_model, district):
    user = staff_member(django_user_model, "editor", BUREAU_STAFF)
    district.editors.add(user)
    return user


def staff_client(user, language) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def error_beside(page: str, field_id: str) -> str:
    """The error text the admin shows with a field (empty when none)."""
    match = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def incentive_form(district, source, **changes) -> dict:
    data = {
        "district": district.pk,
        "title_zh_hans": "互联网优质内容扶持",
        "title_en": "Quality content support",
        "summary_zh_hans": "按来源摘要。",
        "summary_en": "As the source summarises it.",
        "category": Incentive.Category.SUBSIDY,
        "max_amount_cny": "800000",
        "amount_for": Incentive.AmountFor.COMPANY,
        "amount_period": Incentive.AmountPeriod.YEAR,
        "amount_is_maximum": "on",
        "eligibility_published": "on",
        "valid_from": "2025-01-01",
        "level": "district",
        "scope": "internet_content",
        "source": source.pk if source else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_incentive_without_a_source_is_refused_on_the_source_field(editor, district, language):
    response = staff_client(editor, language).post("/admin/districts/incentive/add/", incentive_form(district, None))
    assert response.status_code == 200
    assert error_beside(response.content.decode(), "id_source") == NO_SOURCE[language]
    assert not Incentive.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_amount_without_whom_for_and_period_is_refused_beside_each_missing_field(editor, district, language):
    form = incentive_form(district, SourceFactory(), amount_for="", amount_period="")
    page = staff_client(editor, language).post("/admin/districts/incentive/add/", form).content.decode()
    assert error_beside(page, "id_amount_for") == NO_BASIS[language]
    assert error_beside(page, "id_amount_period") == NO_BASIS[language]
    assert not Incentive.objects.exists()


def test_every_refusal_shows_at_once_and_what_was_typed_stays(editor, district):
    form = incentive_form(district, None, amount_period="")
    page = staff_client(editor, "en").post("/admin/districts/incentive/add/", form).content.decode()
    assert error_beside(page, "id_source") == NO_SOURCE["en"]
    assert error_beside(page, "id_amount_period") == NO_BASIS["en"]
    assert error_beside(page, "id_amount_for") == ""
    assert 'value="Quality content support"' in page and 'value="800000"' in page


def test_a_sound_incentive_saves_with_its_basis_level_scope_and_further_sources(editor, district):
    source, second = SourceFactory(), SourceFactory()
    form = incentive_form(district, source, further_sources=[second.pk], caveat_en="Two sources give this.")
    response = staff_client(editor, "en").post("/admin/districts/incentive/add/", form)
    assert response.status_code == 302
    incentive = Incentive.objects.get()
    assert incentive.amount_basis_display == "per company a year"
    assert (incentive.level, incentive.scope) == ("district", "internet_content")
    assert incentive.caveat_en == "Two sources give this."
    assert list(incentive.further_sources.all()) == [second]


def test_an_illustrative_incentive_needs_no_source_and_one_without_an_amount_no_basis(editor, district):
    form = incentive_form(district, None, is_illustrative="on", max_amount_cny="", amount_for="", amount_period="")
    assert staff_client(editor, "en").post("/admin/districts/incentive/add/", form).status_code == 302
    assert Incentive.objects.get().is_illustrative


def test_the_incentive_form_groups_the_amount_with_its_basis_and_offers_each_new_field(editor, district):
    page = staff_client(editor, "en").get("/admin/districts/incentive/add/").content.decode()
    row = re.search(r'<div class="form-row[^"]*field-max_amount_cny[^"]*">', page).group(0)
    assert "field-amount_for" in row and "field-amount_period" in row and "field-amount_is_maximum" in row
    for name in ["eligibility_published", "level", "scope", "caveat_zh_hans", "caveat_en", "further_sources"]:
        assert f'name="{name}"' in page, name
    # Further sources are looked up by typing, as the main source is.
    assert 'data-ajax--url="/admin/autocomplete/"' in page and 'data-field-name="further_sources"' in page


def source_form(**changes) -> dict:
    data = {"publisher": "南方都市报", "title": "", "kind": Source.Kind.ORIGINAL, "read_via": ""}
    data.update(changes)
    return data


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_title_marked_as_published_cannot_be_empty(admin_user, language):
    form = source_form(title_as_published="on")
    page = staff_client(admin_user, language).post("/admin/districts/source/add/", form).content.decode()
    assert error_beside(page, "id_title") == EMPTY_PUBLISHED_TITLE[language]
    assert not Source.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reprint_says_where_it_was_read(admin_user, language):
    form = source_form(kind=Source.Kind.REPRINT)
    page = staff_client(admin_user, language).post("/admin/districts/source/add/", form).content.decode()
    assert error_beside(page, "id_read_via") == REPRINT_NOT_PLACED[language]
    assert not Source.objects.exists()


def test_a_sound_source_saves_without_a_title_we_wrote(admin_user):
    form = source_form(kind=Source.Kind.REPRINT, read_via="eastmoney.com", read_on="2025-11-15")
    assert staff_client(admin_user, "en").post("/admin/districts/source/add/", form).status_code == 302
    source = Source.objects.get()
    assert (source.read_via, source.published_title) == ("eastmoney.com", "")


def district_page_form(client, district) -> dict:
    """The district's change form as the page fills it in, every inline included."""
    response = client.get(f"/admin/districts/district/{district.pk}/change/")
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def key_figure(**changes) -> dict:
    figure = {
        "figures-TOTAL_FORMS": "1",
        "figures-0-label_zh_hans": "微短剧企业",
        "figures-0-label_en": "Micro-drama companies",
        "figures-0-value": "200",
        "figures-0-date_meaning": KeyFigure.DateMeaning.PUBLISHED,
        "figures-0-display_order": "100",
        "figures-0-level": "district",
        "figures-0-scope": "micro_drama",
    }
    figure.update(changes)
    return figure


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_key_figure_added_on_the_district_page_without_a_source_is_refused(editor, district, language):
    client = staff_client(editor, language)
    form = {**district_page_form(client, district), **key_figure()}
    response = client.post(f"/admin/districts/district/{district.pk}/change/", form)
    assert response.status_code == 200
    assert error_beside(response.content.decode(), "id_figures-0-source") == NO_SOURCE[language]
    assert not KeyFigure.objects.exists()


def test_a_sourced_key_figure_saves_from_the_district_page(editor, district):
    client = staff_client(editor, "en")
    form = {**district_page_form(client, district), **key_figure(**{"figures-0-source": SourceFactory().pk})}
    response = client.post(f"/admin/districts/district/{district.pk}/change/", form)
    assert response.status_code == 302
    assert KeyFigure.objects.get().label_en == "Micro-drama companies"
