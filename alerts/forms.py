from django import forms
from django.utils.translation import gettext_lazy as _

from districts.fields import PublishedDistrictsField
from districts.models import ValueChainSegment
from foundation.forms import EmailAddressField
from foundation.spam import SpamProtectedForm


class AlertChoicesForm(forms.Form):
    """What to hear about: some districts, some segments, or both."""

    districts = PublishedDistrictsField(label=_("Districts"), required=False)
    segments = forms.MultipleChoiceField(
        label=_("Value-chain segments"),
        choices=ValueChainSegment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and not cleaned_data.get("districts") and not cleaned_data.get("segments"):
            raise forms.ValidationError(_("Choose at least one district or one segment to hear about."))
        return cleaned_data


class AlertSubscribeForm(SpamProtectedForm, AlertChoicesForm):
    email = EmailAddressField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    consent = forms.BooleanField(
        label=_(
            "Email me a weekly digest of what is new in my choices. My address is used for nothing else, "
            "and every email has a link that unsubscribes and erases it."
        ),
        error_messages={"required": _("Please agree, otherwise we cannot email you.")},
    )

    field_order = ["email", "districts", "segments", "consent"]
