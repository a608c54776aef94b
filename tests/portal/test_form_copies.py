"""Forms copy their class's fields with foundation.forms.field_copy: what copy.deepcopy gives, each form its own."""

import copy

import pytest
from django import forms
from django.db.models import QuerySet

from alerts.forms import AlertSubscribeForm
from enterprises.forms import EnterpriseSubmissionForm
from events.forms import RegistrationForm, SessionsForm, answer_field
from events.models import AgendaItem, Question
from foundation.forms import FieldsCopiedDirectly, field_copy


def comparable(thing) -> dict:
    """What a field or widget holds, compared by value (a queryset, which every copy has anew, by its SQL)."""
    return {
        name: str(value.query) if isinstance(value, QuerySet) else value
        for name, value in vars(thing).items()
        if name != "widget"
    }


def copies_alike(field):
    directly, deeply = field_copy(field, {}), copy.deepcopy(field)
    assert type(directly) is type(deeply) and comparable(directly) == comparable(deeply)
    assert type(directly.widget) is type(deeply.widget) and comparable(directly.widget) == comparable(deeply.widget)
    # What a form may change on its own fields is its own.
    for own in ("widget", "error_messages", "validators"):
        assert getattr(directly, own) is not getattr(field, own)
    assert directly.widget.attrs is not field.widget.attrs
    if isinstance(field, forms.ChoiceField):
        assert directly.choices is not field.choices and directly.widget.choices is not field.widget.choices
    return directly


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [RegistrationForm, EnterpriseSubmissionForm, AlertSubscribeForm])
def test_a_public_forms_fields_copy_as_deepcopy_copies_them(form_class):
    for field in form_class.base_fields.values():
        copies_alike(field)


@pytest.mark.parametrize("kind", Question.Kind.values)
def test_each_kind_of_questions_field_copies_as_deepcopy_copies_it(kind):
    question = Question(kind=kind, label_en="Which?", label_zh_hans="哪个？", choices_en="A\nB", required=True)
    field = answer_field(question)
    copied = copies_alike(field)
    copied.widget.attrs["class"] = "mine"
    assert "class" not in field.widget.attrs


@pytest.mark.django_db
def test_every_form_of_a_class_has_fields_of_its_own():
    first, second = RegistrationForm(), RegistrationForm()
    assert isinstance(RegistrationForm.base_fields, FieldsCopiedDirectly)
    first.fields["full_name"].widget.attrs["autofocus"] = True
    first.fields["role"].choices = [("investor", "Investor")]
    assert "autofocus" not in second.fields["full_name"].widget.attrs
    assert len(second.fields["role"].choices) > 1
    assert str(second["full_name"]) == str(RegistrationForm()["full_name"])


def test_fields_copied_otherwise_are_left_to_deepcopy():
    grouped = forms.ChoiceField(choices=[("Group", [("a", "A")]), ("b", "B")])
    models = forms.ModelChoiceField(queryset=Question.objects.all())
    for field in (grouped, models):
        copied = field_copy(field, {})
        assert copied is not field and type(copied) is type(field)
    assert field_copy(grouped, {}).choices[0][1] is not grouped.choices[0][1]


def test_two_sessions_forms_offer_each_their_own_sessions():
    first = SessionsForm([AgendaItem(pk=1), AgendaItem(pk=2)])
    second = SessionsForm([AgendaItem(pk=3)])
    assert [value for value, _ in first.fields["chosen"].choices] == [1, 2]
    assert [value for value, _ in second.fields["chosen"].choices] == [3]
    assert (
        isinstance(SessionsForm.base_fields, FieldsCopiedDirectly) and SessionsForm.base_fields["chosen"].choices == []
    )


def test_a_widget_two_fields_share_stays_shared_in_their_copies_as_with_deepcopy():
    widget = forms.TextInput(attrs={"class": "short"})
    fields = FieldsCopiedDirectly(first=forms.CharField(widget=widget), second=forms.CharField(widget=widget))
    fields["second"].widget = fields["first"].widget
    directly, deeply = copy.deepcopy(fields), copy.deepcopy(dict(fields))
    assert (directly["first"].widget is directly["second"].widget) == (
        deeply["first"].widget is deeply["second"].widget
    )
    assert directly["first"].widget is not fields["first"].widget
