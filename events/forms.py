from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Registration
from foundation.forms import EmailAddressField, OneLineField
from foundation.phone_numbers import normalise_phone
from foundation.spam import SpamProtectedForm


class RegistrationForm(SpamProtectedForm, forms.ModelForm):
    # Someone whose first sending was lost with its server sends the form again; registration_create
    # answers an address already registered by emailing its link, so nothing is stored twice.
    resendable_by_same_address = True

    consent = forms.BooleanField(
        label=_(
            "I agree that the organisers may store and use these details to manage my registration, "
            "admit me at the door and email me about this event. They are erased after the event."
        ),
        error_messages={"required": _("Please agree, otherwise the organisers cannot register you.")},
    )

    class Meta:
        model = Registration
        fields = ["full_name", "email", "organisation", "role", "phone", "consent"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {"phone": _("Optional. Chinese numbers may omit +86.")}
        field_classes = {
            "full_name": OneLineField,
            "email": EmailAddressField,
            "organisation": OneLineField,
            "phone": OneLineField,
        }

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))


class ManageLinkForm(forms.Form):
    email = EmailAddressField(label=_("Email"))


class CheckInForm(forms.Form):
    ticket_code = forms.CharField(
        label=_("Ticket code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True, "spellcheck": "false"}
        ),
    )
    # Set by the second press when the event does not take place today.
    confirm_other_day = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AttendeeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search name, email, organisation or ticket"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Registration.Status.choices]
    )
