from django import forms
from django.utils.translation import gettext_lazy as _

from search.kinds import KINDS
from search.query import MAX_LENGTH, has_terms


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Type at most %(limit_value)d characters; this search has %(show_value)d."),
        },
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Every kind"))] + [(kind.key, kind.label) for kind in KINDS]
        self.fields["district"].choices = [("", _("Every district"))] + [
            (district.slug, district.name) for district in districts
        ]

    def clean_q(self):
        text = self.cleaned_data["q"]
        if text and not has_terms(text):
            raise forms.ValidationError(_("Type a word to search for: letters, digits or Chinese characters."))
        return text
