import copy
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
            # `label is not CHOOSE` first: comparing the lazy prompt translates it.
            if any(value == "" and label is not CHOOSE and label == DASHES for value, label in field.choices):
                field.choices = [
                    (value, CHOOSE if value == "" and label == DASHES else label) for value, label in field.choices
                ]


# Fields and widgets whose own copying is Django's plain one (a ModelChoiceField copies its queryset, a
# MultiWidget its widgets: those are left to copy.deepcopy).
PLAIN_FIELD_COPIES = {forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__}
PLAIN_WIDGET_COPIES = {forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__}


class FieldsCopiedDirectly(dict):
    """A form class's own fields, which Form.__init__ deep-copies for every form: copied here as Django's
    __deepcopy__ methods copy them (the field, its widget and the widget's attributes, error messages,
    validators, choices), without copy.copy's general machinery. Building a registration form cost 0.92
    million instructions with copy.deepcopy, 0.42 so (benchmarks/registration_parts.py)."""

    def __deepcopy__(self, memo):
        return {name: field_copy(field, memo) for name, field in self.items()}


def copied_directly(form_class) -> None:
    """Have every form of `form_class` copy the class's fields with FieldsCopiedDirectly."""
    if not isinstance(form_class.__dict__.get("base_fields"), FieldsCopiedDirectly):
        form_class.base_fields = FieldsCopiedDirectly(form_class.base_fields)


def field_copy(field, memo: dict):
    """What copy.deepcopy(field) gives, for fields and widgets copied as Django's Field and Widget do."""
    widget = field.widget
    if type(field).__deepcopy__ not in PLAIN_FIELD_COPIES or type(widget).__deepcopy__ not in PLAIN_WIDGET_COPIES:
        return copy.deepcopy(field, memo)
    choices = field.__dict__.get("_choices")
    if choices is not None and not _flat(choices):
        return copy.deepcopy(field, memo)
    copied = memo[id(field)] = _object_copy(field)
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    if choices is not None:
        copied._choices = list(choices)
    # A widget two fields share stays shared between their copies, as with copy.deepcopy's memo.
    copied.widget = memo.get(id(widget))
    if copied.widget is None:
        copied.widget = memo[id(widget)] = _object_copy(widget)
        copied.widget.attrs = widget.attrs.copy()
        if "_choices" in widget.__dict__:
            copied.widget._choices = list(widget._choices)
    return copied


def _object_copy(thing):
    copied = object.__new__(type(thing))
    copied.__dict__.update(thing.__dict__)
    return copied


def _flat(choices) -> bool:
    """A list of (value, label) pairs with no group of choices, whose copy need not go deeper than the list."""
    return isinstance(choices, list) and not any(isinstance(label, (list, tuple)) for _, label in choices)


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
