import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from districts.models import District
from events.models import Event


class EventFilter(django_filters.FilterSet):
    district = django_filters.ModelMultipleChoiceFilter(
        label=_("District"),
        field_name="district__slug",
        queryset=District.objects.filter(is_published=True),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
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
        return queryset.filter(starts_at__year=value.year, starts_at__month=value.month)
