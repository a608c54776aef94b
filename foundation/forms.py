import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# What a drop-down list of a public form shows before a choice, instead of Django's dashes.
CHOOSE = pgettext_lazy("the empty choice of a drop-down list", "Choose…")
DASHES = BLANK_CHOICE_DASH[0][1]


# The form classes whose own fields prompt_empty_choices has given the prompt already.
_PROMPTED_CLASSES: set = set()


def prompt_empty_choices(form):
    """Replace the dashes of each drop-down list's empty choice with a prompt a person reads. Done once in the
    form class's own fields, which every form of the class copies (setting a list's choices again on every form
    cost about 1% of a registration's instructions), then in any field the form added or changed."""
    form_class = type(form)
    if form_class not in _PROMPTED_CLASSES:
        _prompt(form_class.base_fields.values())
        _PROMPTED_CLASSES.add(form_class)
    _prompt(form.fields.values())


def _prompt(fields) -> None:
    for field in fields:
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = CHOOSE
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            if any(value == "" and label == DASHES for value, label in field.choices):
                field.choices = [
                    (value, CHOOSE if value == "" and label == DASHES else label) for value, label in field.choices
                ]


# The longest address mail can carry (RFC 5321's 256-character path less its angle brackets); every
# email column is this long, so a longer one is refused on the form rather than failing in the database.
EMAIL_MAX_LENGTH = 254


class EmailAddressField(forms.EmailField):
    """An email address on any form, at most EMAIL_MAX_LENGTH characters, with a message a person understands."""

    default_error_messages = {"max_length": _("An email address has at most %(limit_value)d characters.")}

    def __init__(self, *, max_length=EMAIL_MAX_LENGTH, **kwargs):
        super().__init__(max_length=max_length, **kwargs)


# Control characters (line breaks, tab, NUL, escape, DEL, NEL) and the Unicode line and paragraph separators.
NOT_ON_ONE_LINE = {"Cc", "Zl", "Zp"}


def refuse_control_characters(value: str) -> None:
    if any(unicodedata.category(character) in NOT_ON_ONE_LINE for character in value):
        raise ValidationError(
            _("Please keep this on one line, without line breaks or control characters."), code="not_one_line"
        )


class OneLineField(forms.CharField):
    """A name, a company, a phone number: text that stays on one line wherever it goes, so nothing typed
    into it can start a line of its own ("Bcc: ...") in an email built from it."""

    default_validators = [refuse_control_characters]


class PersonalDataForm(forms.Form):
    email = EmailAddressField(label=_("Email address of the person"))
    confirm = forms.BooleanField(
        label=_("I have checked who asks: erase this person's data for good."),
        required=False,
        help_text=_("Needed to erase, not to export."),
    )
