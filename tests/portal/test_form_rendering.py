"""Inputs written by foundation/form_rendering.py are byte for byte what Django's widget templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from alerts.forms import AlertSubscribeForm
from districts.filters import IncentiveFilter
from districts.models import Incentive
from enterprises.filters import EnterpriseFilter
from enterprises.forms import EnterpriseSubmissionForm
from events.forms import AttendeeSearchForm, CheckInForm, InvitationCodesForm
from foundation.form_rendering import FormRenderer


class EveryInput(forms.Form):
    text = forms.CharField(
        max_length=20, help_text="Help", widget=forms.TextInput(attrs={"placeholder": '"quoted" <b>'})
    )
    number = forms.DecimalField(min_value=0, max_value=10, decimal_places=2, required=False)
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    address = forms.URLField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    kept = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"disabled": False}))
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    moment = forms.DateTimeField(widget=forms.DateTimeInput, required=False)
    hour = forms.TimeField(widget=forms.TimeInput, required=False)
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}), required=False)
    query = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "aria-label": gettext_lazy("Search")}))
    colour = forms.CharField(widget=forms.TextInput(attrs={"type": "color", "data-note": mark_safe("a &amp; b")}))


TYPED = {
    "text": 'Tom & "Jerry" <script>',
    "number": "3.5",
    "email": "not an address",
    "address": "https://example.org/?a=1&b=<2>",
    "secret": "p&ss",
    "kept": "0",
    "agree": "on",
    "day": "2026-13-01",
    "moment": "2026-12-07 10:00",
    "hour": "25:00",
    "phone": "+86 20 1234 5678",
    "query": "短剧 '剧'",
    "colour": "",
}


def both_ways(form) -> list[tuple[str, str]]:
    """Each field as Django's own templates write it and as FormRenderer does."""
    written = []
    for name in form.fields:
        form.renderer = DjangoTemplates()
        django = str(form[name])
        form.renderer = FormRenderer()
        written.append((django, str(form[name])))
    return written


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("data", [None, TYPED, {**TYPED, "agree": "", "number": "-1", "text": ""}])
def test_every_input_is_written_as_django_writes_it(language, data):
    with override(language):
        form = EveryInput(data, initial={"moment": datetime.datetime(2026, 12, 7, 9, 30), "kept": 7})
        form.is_valid()
        for django, ours in both_ways(form):
            assert ours == django


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_form",
    [
        lambda: IncentiveFilter(QueryDict("min_amount=12&open_now=on&category=subsidy"), Incentive.objects.all()).form,
        lambda: EnterpriseFilter(QueryDict("q=<drama>&founded_after=x")).form,
        lambda: EnterpriseSubmissionForm({"name": "A & B", "website": "nope", "contact_email": "x@"}),
        lambda: AlertSubscribeForm({"email": "a@b"}),
        lambda: InvitationCodesForm({"count": "0", "uses": "x"}),
        lambda: CheckInForm({"ticket_code": "'"}),
        lambda: AttendeeSearchForm({"q": "王"}),
    ],
)
def test_the_portal_forms_are_written_as_django_writes_them(make_form):
    form = make_form()
    form.is_valid()
    written = both_ways(form)
    assert written
    for django, ours in written:
        assert ours == django


def test_other_widgets_are_left_to_django_templates():
    class Other(forms.Form):
        note = forms.CharField(widget=forms.Textarea)
        pick = forms.ChoiceField(choices=[("a", "A & a")])

    form = Other({"note": "<p>", "pick": "a"})
    for django, ours in both_ways(form):
        assert ours == django
        assert ours.startswith(("<textarea", "<select"))
