from django import forms
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.models import District, ValueChainSegment
from enterprises.models import Enterprise, Work
from enterprises.services import SUBMITTED_FIELDS
from foundation.forms import EmailAddressField, OneLineField, prompt_empty_choices
from foundation.images import LogoField
from foundation.spam import SpamProtectedForm

FIRST_FOUNDED_YEAR = 1900
DESCRIPTION_MAX_LENGTH = 5000
MAX_WORKS = 3
WEB_ADDRESS = [URLValidator(schemes=["http", "https"])]


def plausible_year(year, *, latest: int):
    if year is not None and not FIRST_FOUNDED_YEAR <= year <= latest:
        raise forms.ValidationError(
            _("Please enter a year between %(first)s and %(last)s."),
            params={"first": FIRST_FOUNDED_YEAR, "last": latest},
        )
    return year


class OneNameRequired:
    """A listing needs the company's name in Chinese, in English or both; each is optional alone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_zh_hans"].required = False
        self.fields["name_en"].required = False

    def clean(self):
        cleaned_data = super().clean()
        names_valid = "name_zh_hans" not in self.errors and "name_en" not in self.errors
        if names_valid and not cleaned_data.get("name_zh_hans") and not cleaned_data.get("name_en"):
            self.add_error("name_zh_hans", _("Please give the company's name in Chinese, in English or both."))
        return cleaned_data


class EnterpriseSubmissionForm(OneNameRequired, SpamProtectedForm, forms.ModelForm):
    """A company's own listing. The company's website is `homepage`: `website` is the spam honeypot."""

    segments = forms.MultipleChoiceField(
        label=_("What the company does"),
        choices=ValueChainSegment.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every segment of the micro-drama value chain that applies."),
        error_messages={"required": _("Choose at least one segment.")},
    )
    founded_year = forms.IntegerField(
        label=_("Year founded"), required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    homepage = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=300,
        validators=WEB_ADDRESS,
        widget=forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the investment promotion bureau may contact me about this listing and publish it on the "
            "portal once staff have reviewed it. My name and email are not published."
        ),
        error_messages={"required": _("Please agree, otherwise the bureau cannot review and publish the listing.")},
    )

    class Meta:
        model = Enterprise
        fields = [
            "name_zh_hans",
            "name_en",
            "district",
            "segments",
            "founded_year",
            "size_band",
            "homepage",
            "logo",
            "summary_zh_hans",
            "summary_en",
            "description_zh_hans",
            "description_en",
            "contact_name",
            "contact_email",
            "consent",
        ]
        field_classes = {
            "name_zh_hans": OneLineField,
            "name_en": OneLineField,
            "logo": LogoField,
            "summary_zh_hans": OneLineField,
            "summary_en": OneLineField,
            "contact_name": OneLineField,
            "contact_email": EmailAddressField,
        }
        labels = {
            "name_zh_hans": _("Company name in Chinese"),
            "name_en": _("Company name in English"),
            "district": _("District"),
            "size_band": _("Number of people"),
            "logo": _("Logo"),
            "summary_zh_hans": _("One-sentence summary in Chinese"),
            "summary_en": _("One-sentence summary in English"),
            "description_zh_hans": _("Description in Chinese"),
            "description_en": _("Description in English"),
            "contact_name": _("Your name"),
            "contact_email": _("Your email"),
        }
        help_texts = {
            "name_en": _("Give at least one of the two names."),
            "district": _("Where the company is registered or works."),
            "logo": _("Optional. JPEG, PNG or WebP, at most 5 MB; it is shown at most 320 pixels wide."),
            "summary_en": _("Shown in the directory list; at most 300 characters."),
            "contact_email": _("The bureau writes to you here about the review. Not published."),
        }
        widgets = {
            "logo": forms.FileInput,
            "summary_zh_hans": forms.TextInput(attrs={"maxlength": 300}),
            "summary_en": forms.TextInput(attrs={"maxlength": 300}),
            "description_zh_hans": forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX_LENGTH}),
            "description_en": forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX_LENGTH}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].required = True
        self.fields["contact_email"].required = True
        district = self.fields["district"]
        district.queryset = District.objects.published()
        district.empty_label = _("Elsewhere, or not sure")
        district.error_messages["invalid_choice"] = _("Choose a district from the list.")
        self.fields["size_band"].choices = [("", _("Prefer not to say")), *Enterprise.SizeBand.choices]
        for name in ("description_zh_hans", "description_en"):
            self.fields[name].validators.append(MaxLengthValidator(DESCRIPTION_MAX_LENGTH))

    def clean_founded_year(self):
        return plausible_year(self.cleaned_data.get("founded_year"), latest=timezone.localdate().year)

    def listing_data(self) -> dict:
        """The cleaned listing, named as enterprise_submit expects it."""
        data = {name: self.cleaned_data[name] for name in SUBMITTED_FIELDS if name in self.cleaned_data}
        data["website"] = self.cleaned_data["homepage"]
        return data


class WorkForm(forms.ModelForm):
    title = OneLineField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    link = forms.URLField(label=_("Link"), required=False, max_length=300, validators=WEB_ADDRESS)

    class Meta:
        model = Work
        fields = ["title", "year", "kind", "platform", "link"]
        labels = {"kind": _("Kind"), "platform": _("Platform")}
        help_texts = {"platform": _("For example Douyin, Hongguo or ReelShort.")}
        field_classes = {"platform": OneLineField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prompt_empty_choices(self)

    def clean_year(self):
        # Announced works may carry next year's date.
        return plausible_year(self.cleaned_data.get("year"), latest=timezone.localdate().year + 1)


WorkFormSet = forms.formset_factory(
    WorkForm, extra=MAX_WORKS, max_num=MAX_WORKS, absolute_max=MAX_WORKS, validate_max=True
)
