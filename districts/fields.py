"""Choosing published districts by slug (?district=haizhu&district=linping): one field for every form and filter."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from districts.models import District


class ChoicesReadOnce(forms.models.ModelChoiceIterator):
    """Lists the districts from one read per form, however often a page lists them (check boxes, filter chips).

    Django's iterator reads them afresh each time.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for district in self.queryset:
            yield self.choice(district)


class PublishedDistrictsField(forms.ModelMultipleChoiceField):
    """Published districts as check boxes, submitted by slug; an unknown or unpublished slug is named in the error."""

    widget = forms.CheckboxSelectMultiple
    iterator = ChoicesReadOnce
    default_error_messages = {"invalid_choice": _("There is no district “%(value)s”.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", District.objects.published())
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(**kwargs)


class PublishedDistrictsFilter(django_filters.ModelMultipleChoiceFilter):
    """Keeps the rows of the ticked districts; `field_name` is the path to the district's slug."""

    field_class = PublishedDistrictsField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("District"))
        kwargs.setdefault("field_name", "district__slug")
        super().__init__(*args, **kwargs)
