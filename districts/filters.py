import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from districts.fields import PublishedDistrictsFilter
from districts.models import CompanyStage, Incentive, ValueChainSegment


class IncentiveFilter(django_filters.FilterSet):
    class Sort:
        AMOUNT = "amount"
        DEADLINE = "deadline"
        DISTRICT = "district"

    district = PublishedDistrictsFilter()
    category = django_filters.MultipleChoiceFilter(
        label=_("Category"), choices=Incentive.Category.choices, widget=forms.CheckboxSelectMultiple
    )
    stage = django_filters.MultipleChoiceFilter(
        label=_("Company stage"),
        choices=CompanyStage.choices,
        method="filter_eligible",
        widget=forms.CheckboxSelectMultiple,
    )
    segment = django_filters.MultipleChoiceFilter(
        label=_("Value-chain segment"),
        choices=ValueChainSegment.choices,
        method="filter_eligible",
        widget=forms.CheckboxSelectMultiple,
    )
    min_amount = django_filters.NumberFilter(
        label=_("Maximum support of at least (CNY)"),
        field_name="max_amount_cny",
        lookup_expr="gte",
        min_value=0,
        max_value=10**13,
    )
    open_now = django_filters.BooleanFilter(label=_("Open now"), method="filter_open_now", widget=forms.CheckboxInput)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        empty_label=None,
        null_label=None,
        choices=[
            (Sort.DISTRICT, _("District and category")),
            (Sort.AMOUNT, _("Largest amount first")),
            (Sort.DEADLINE, _("Closing soonest first")),
        ],
        method="sort_by",
    )

    class Meta:
        model = Incentive
        fields = []

    def filter_eligible(self, queryset, name, value):
        return queryset.accepting(**{"stages" if name == "stage" else "segments": value})

    def filter_open_now(self, queryset, name, value):
        return queryset.open_now() if value else queryset

    def sort_by(self, queryset, name, value):
        if value == self.Sort.AMOUNT:
            return queryset.order_by(F("max_amount_cny").desc(nulls_last=True), "pk")
        if value == self.Sort.DEADLINE:
            return queryset.order_by(F("valid_until").asc(nulls_last=True), "pk")
        return queryset
