from urllib.parse import urlsplit

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from districts.fields import PublishedDistrictsField
from districts.finder import Answers
from districts.formatting import format_amount, format_labels
from districts.models import CompanyStage, Inquiry, ValueChainSegment
from foundation.forms import EmailAddressField, OneLineField
from foundation.phone_numbers import normalise_phone
from foundation.spam import SpamProtectedForm


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
        field_classes = {
            "company": OneLineField,
            "contact_name": OneLineField,
            "email": EmailAddressField,
            "phone": OneLineField,
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

    d = PublishedDistrictsField(
        label=_("Districts to compare"), error_messages={"required": _("Choose two to four districts.")}
    )

    def clean_d(self):
        districts = self.cleaned_data["d"]
        if not self.MIN_DISTRICTS <= len(districts) <= self.MAX_DISTRICTS:
            raise forms.ValidationError(_("Choose two to four districts."))
        return districts


class FinderForm(forms.Form):
    """The finder's five questions, two of them required; answers travel in the URL so results can be shared."""

    stage = forms.ChoiceField(label=_("Company stage"), choices=CompanyStage.choices, widget=forms.RadioSelect)
    segment = forms.MultipleChoiceField(
        label=_("Value-chain segments"),
        choices=ValueChainSegment.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one segment.")},
    )
    investment = forms.DecimalField(
        label=_("Planned investment (CNY)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        help_text=_("Optional. Used to show each amount as a share of your investment."),
    )
    team_size = forms.IntegerField(
        label=_("Team size"), required=False, min_value=1, max_value=1_000_000, help_text=_("Optional.")
    )
    district = PublishedDistrictsField(
        label=_("Districts of interest"),
        required=False,
        help_text=_("Optional; all districts when none is chosen."),
    )

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            stage=data["stage"],
            segments=tuple(data["segment"]),
            investment_cny=data.get("investment") or None,
            team_size=data.get("team_size"),
            district_slugs=tuple(district.slug for district in data.get("district") or ()),
        )

    def summary(self) -> list[tuple[str, str]]:
        """The answers as a person reads them, for the result page and the inquiry."""
        data = self.cleaned_data
        rows = [
            (self.fields["stage"].label, CompanyStage(data["stage"]).label),
            (self.fields["segment"].label, format_labels(ValueChainSegment(s).label for s in data["segment"])),
        ]
        if data.get("investment"):
            rows.append((self.fields["investment"].label, format_amount(data["investment"])))
        if data.get("team_size"):
            rows.append((self.fields["team_size"].label, str(data["team_size"])))
        if data.get("district"):
            rows.append((self.fields["district"].label, format_labels(d.name for d in data["district"])))
        return rows


def finder_summary_from_url(finder_url: str) -> list[tuple[str, str]]:
    """The finder answers behind an inquiry as a person reads them, in the active language.

    The inquiry keeps the finder's URL, so the answers are read back through the same form and
    formatter the investor saw, rather than printed as stored codes."""
    form = FinderForm(QueryDict(urlsplit(finder_url).query))
    return form.summary() if finder_url and form.is_valid() else []
