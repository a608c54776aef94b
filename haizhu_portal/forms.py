from django import forms
from django.utils.translation import gettext_lazy as _


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person"))
    confirm = forms.BooleanField(
        label=_("I have checked who asks: erase this person's data for good."),
        required=False,
        help_text=_("Needed to erase, not to export."),
    )
