import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from districts.fields import PublishedDistrictsFilter
from events.models import Event
from foundation.filtering import FilterSet


class EventFilter(FilterSet):
    district = PublishedDistrictsFilter()
    month = django_filters.DateFilter(
        label=_("Month"),
        method="filter_month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("For example 2025-11."),
    )

    class Meta:
        model = Event
        fields = []

    def filter_month(self, queryset, name, value):
        if not value:
            return queryset
        # An event no source dates is in no month: its stored start only places it in lists.
        return queryset.filter(date_announced=True, starts_at__year=value.year, starts_at__month=value.month)
