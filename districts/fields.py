"""Choosing published districts by slug (?district=haizhu&district=linping): one field for every form and filter."""

import django_filters
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from districts.models import District
from foundation.content_versions import DISTRICTS, kept_in_process


def published_district_choices(published) -> list[tuple[str, str]]:
    """(slug, name) of each published district in the page's language, kept until a district changes: the
    filter forms of the catalogue, the directory and the events list show them on every page. Read from
    `published` (a field's queryset, whose rows every iterator of the field shares) when not kept."""
    return kept_in_process(
        f"district-choices:{get_language()}",
        (DISTRICTS,),
        lambda: [(district.slug, str(district)) for district in published],
    )


class PublishedDistrictChoices(forms.models.ModelChoiceIterator):
    """The published districts, read once per form however often a page lists them (check boxes, filter chips),
    and mostly without a query (published_district_choices). Django's iterator reads them afresh each time."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # One read per form: the field's queryset keeps its rows for the field's other iterators.
        if not hasattr(self, "districts"):
            self.districts = published_district_choices(self.queryset)
        yield from self.districts

    def __len__(self):
        return len(list(self))

    def __bool__(self):
        return bool(len(self))


class PublishedDistrictsField(forms.ModelMultipleChoiceField):
    """Published districts as check boxes, submitted by slug; an unknown or unpublished slug is named in the error."""

    widget = forms.CheckboxSelectMultiple
    iterator = PublishedDistrictChoices
    default_error_messages = {"invalid_choice": _("There is no district “%(value)s”.")}

    def __init__(self, **kwargs):
        # The choices are every published district, by slug (PublishedDistrictChoices); the queryset checks
        # what is submitted.
        super().__init__(queryset=District.objects.published(), to_field_name="slug", **kwargs)


class PublishedDistrictsFilter(django_filters.ModelMultipleChoiceFilter):
    """Keeps the rows of the ticked districts; `field_name` is the path to the district's slug."""

    field_class = PublishedDistrictsField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("District"))
        kwargs.setdefault("field_name", "district__slug")
        super().__init__(*args, **kwargs)
