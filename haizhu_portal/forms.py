from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# What a drop-down list of a public form shows before a choice, instead of Django's dashes.
CHOOSE = pgettext_lazy("the empty choice of a drop-down list", "Choose…")
DASHES = BLANK_CHOICE_DASH[0][1]


def prompt_empty_choices(form):
    """Replace the dashes of each drop-down list's empty choice with a prompt a person reads."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = CHOOSE
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            field.choices = [
                (value, CHOOSE if value == "" and label == DASHES else label) for value, label in field.choices
            ]


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person"))
    confirm = forms.BooleanField(
        label=_("I have checked who asks: erase this person's data for good."),
        required=False,
        help_text=_("Needed to erase, not to export."),
    )
