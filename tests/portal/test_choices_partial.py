"""partials/choices.html writes check boxes and radio buttons itself, for speed: it must say what
Django's own widget templates say (same inputs, names, values, ids, labels, checked and required)."""

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.html import parse_html

from districts.filters import IncentiveFilter
from districts.forms import FinderForm
from districts.models import Incentive
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
