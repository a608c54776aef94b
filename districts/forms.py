from django import forms
from django.utils.translation import gettext_lazy as _

from districts.models import District, Inquiry
from haizhu_portal.phone_numbers import normalise_phone
from haizhu_portal.spam import SpamProtectedForm


class InquiryForm(SpamProtectedForm, forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "I agree that the investment promotion bureau may store these details and contact me about this inquiry."
        ),
        error_messages={"required": _("Please agree to be contacted, otherwise the bureau cannot answer you.")},
    )

    class Meta:
        model = Inquiry
        fields = ["company", "contact_name", "email", "phone", "segment", "message", "consent"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(_("Please tell the bureau a little more (at least 10 characters)."))
        return message


class CompareForm(forms.Form):
    MIN_DISTRICTS = 2
    MAX_DISTRICTS = 4

    d = forms.ModelMultipleChoiceField(
        label=_("Districts to compare"),
        queryset=District.objects.filter(is_published=True),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("There is no district “%(value)s”."),
            "required": _("Choose two to four districts."),
        },
    )

    def clean_d(self):
        districts = self.cleaned_data["d"]
        if not self.MIN_DISTRICTS <= len(districts) <= self.MAX_DISTRICTS:
            raise forms.ValidationError(_("Choose two to four districts."))
        return districts
