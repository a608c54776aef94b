"""partials/choices.html writes check boxes and radio buttons itself, for speed: it must say what
Django's own widget templates say (same inputs, names, values, ids, labels, checked and required)."""

import pytest
from django import forms, template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.html import parse_html
from django.utils import translation

from districts.filters import IncentiveFilter
from districts.forms import FinderForm
from districts.models import Incentive
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from search.forms import SearchForm
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


class Choices(forms.Form):
    colours = forms.MultipleChoiceField(
        choices=[("red", "Red & <b>bold</b>"), ("blue", "Blue")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "x"}),
    )
    size = forms.ChoiceField(choices=[(1, "Small"), (2, "Large")], widget=forms.RadioSelect)


def assert_same_as_django(field):
    assert parse_html(render_to_string("partials/choices.html", {"field": field})) == parse_html(str(field))


def test_the_partial_writes_what_django_writes_for_check_boxes_and_radio_buttons():
    bound = Choices(QueryDict("colours=red&size=2"))
    for form in (Choices(), bound):
        assert_same_as_django(form["colours"])
        assert_same_as_django(form["size"])
    html = render_to_string("partials/choices.html", {"field": bound["colours"]})
    assert "Red &amp; &lt;b&gt;bold&lt;/b&gt;" in html and 'id="id_colours_0" checked' in html


def test_the_catalogue_and_finder_choice_lists_match_django(rf):
    DistrictFactory(slug="haizhu", name_en="Haizhu District")
    catalogue = IncentiveFilter(QueryDict("district=haizhu&category=subsidy"), queryset=Incentive.objects.all()).form
    finder = FinderForm(QueryDict("stage=startup&segment=production"))
    for form in (catalogue, finder):
        form.is_valid()
        for field in form:
            if field.widget_type in ("checkboxselectmultiple", "radioselect"):
                assert_same_as_django(field)


def test_the_directory_facets_write_django_s_inputs_with_their_labels_and_counts():
    DistrictFactory(slug="haizhu", name_en="Haizhu <District>")
    with translation.override("en"):
        form = EnterpriseFilter(QueryDict("district=haizhu&segment=production"), queryset=Enterprise.objects.all()).form
        form.is_valid()
        facets = {"district": {"haizhu": 1234}, "segment": {"production": 2}}
        for name in ("district", "segment", "size"):
            field = form[name]
            page = parse_html(render_to_string("enterprises/_facet_group.html", {"field": field, "facets": facets}))
            for option in field.subwidgets:
                assert page.count(parse_html(str(option.tag(wrap_label=False)))) == 1
        district = render_to_string("enterprises/_facet_group.html", {"field": form["district"], "facets": facets})
        assert 'id="id_district_0" checked> Haizhu &lt;District&gt; ' in district
        assert '<span class="facet-count" data-facet="district:haizhu">(1234)</span>' in district


def test_the_catalogue_and_directory_sort_selects_match_django():
    select = template.Template("{% load choices %}{% select_html field %}")
    with translation.override("zh-hans"):
        for catalogue_data, directory_data in (("", ""), ("sort=amount", "sort=name"), ("sort=x", "sort=x")):
            catalogue = IncentiveFilter(QueryDict(catalogue_data), queryset=Incentive.objects.all()).form
            directory = EnterpriseFilter(QueryDict(directory_data), queryset=Enterprise.objects.all()).form
            for form in (catalogue, directory):
                form.is_valid()
                selects = [field for field in form if field.widget_type == "select"]
                assert selects
                for field in selects:
                    assert parse_html(select.render(template.Context({"field": field}))) == parse_html(str(field))


def test_the_search_form_s_selects_are_written_as_django_writes_them():
    districts = [DistrictFactory(slug="haizhu", name_en="Haizhu <District>"), DistrictFactory(slug="linping")]
    select = template.Template("{% load choices %}{% select_html field %}")
    with translation.override("en"):
        for data in ({}, {"q": "drama", "kind": "event", "district": "linping"}, {"q": "drama", "district": "nowhere"}):
            form = SearchForm(QueryDict(mutable=True) | data, districts=districts)
            form.is_valid()
            for name in ("kind", "district"):
                field = form[name]
                assert parse_html(select.render(template.Context({"field": field}))) == parse_html(str(field))
    assert 'aria-invalid="true"' in str(form["district"]) and "&lt;District&gt;" in str(form["district"])
