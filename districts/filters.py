import django_filters
from django import forms
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from districts.fields import PublishedDistrictsFilter
from districts.models import CompanyStage, District, Incentive, ValueChainSegment
from districts.selectors import BASES, CATALOGUE_FACETS, catalogue_condition, catalogue_facets, count_catalogue_passes
from foundation.content_versions import DISTRICTS, cached_results
from foundation.filtering import FilterSet

# The amount filters and the yuan each unit typed stands for.
AMOUNT_FIELDS = {"min_amount": 1, "min_amount_wan": 10_000}


class IncentiveFilter(FilterSet):
    class Sort:
        AMOUNT = "amount"
        DEADLINE = "deadline"
        DISTRICT = "district"

    district = PublishedDistrictsFilter(field_name="district", method="filter_facet")
    category = django_filters.MultipleChoiceFilter(
        label=_("Category"),
        choices=Incentive.Category.choices,
        method="filter_facet",
        widget=forms.CheckboxSelectMultiple,
    )
    stage = django_filters.MultipleChoiceFilter(
        label=_("Company stage"),
        choices=CompanyStage.choices,
        method="filter_facet",
        widget=forms.CheckboxSelectMultiple,
    )
    segment = django_filters.MultipleChoiceFilter(
        label=_("Value-chain segment"),
        choices=ValueChainSegment.choices,
        method="filter_facet",
        widget=forms.CheckboxSelectMultiple,
    )
    # Per company only: a per-work amount or a programme's budget is not what one company receives. The URL
    # says its unit: English pages ask in yuan (min_amount), Chinese pages in 万元 (min_amount_wan), as each
    # reader counts; either works on either page.
    min_amount = django_filters.NumberFilter(
        label=_("Amount per company of at least (yuan)"),
        method="filter_per_company_amount",
        min_value=0,
        max_value=10**13,
        help_text=_("Only amounts paid to one company count; per-work amounts and programme budgets are left out."),
    )
    min_amount_wan = django_filters.NumberFilter(
        label=_("Amount per company of at least (10,000 yuan)"),
        method="filter_per_company_amount",
        min_value=0,
        max_value=10**9,
        help_text=_("Only amounts paid to one company count; per-work amounts and programme budgets are left out."),
    )
    open_now = django_filters.BooleanFilter(
        label=_("Open now"),
        method="filter_facet",
        widget=forms.CheckboxInput,
        help_text=_(
            "A source gives its dates and today falls within them. Measures whose validity is not published "
            "(no date at all) are left out: they are neither open nor closed."
        ),
    )
    micro_drama_only = django_filters.BooleanFilter(
        label=_("Micro-drama incentives only (leave out general measures such as licence reforms)"),
        method="filter_facet",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        empty_label=None,
        null_label=None,
        choices=[
            (Sort.DISTRICT, _("District and category")),
            (Sort.AMOUNT, _("Largest amount first: per company, then per work, per project, budgets")),
            (Sort.DEADLINE, _("Closing soonest first")),
        ],
        method="sort_by",
    )

    class Meta:
        model = Incentive
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One day for the whole page: the results, the "open now" filter and its count.
        self.day = timezone.localdate()
        # Each language asks for the amount in its own unit; a link in the other unit keeps its field.
        asked_in = "min_amount_wan" if (get_language() or "").startswith("zh") else "min_amount"
        for name in AMOUNT_FIELDS:
            if name != asked_in and not (self.data or {}).get(name):
                del self.filters[name]

    def filter_per_company_amount(self, queryset, name, value):
        minimum = value * AMOUNT_FIELDS[name]
        return queryset.filter(amount_for=Incentive.AmountFor.COMPANY, max_amount_cny__gte=minimum)

    def filter_facet(self, queryset, name, value):
        return queryset.filter(catalogue_condition(name, self.facet_selections()[name], self.day))

    def facet_selections(self) -> dict:
        """The values ticked in each facet, as plain values; a facet that did not validate is empty."""
        data = self.form.cleaned_data
        return {
            "district": [district.pk for district in data.get("district") or []],
            "category": list(data.get("category") or []),
            "stage": list(data.get("stage") or []),
            "segment": list(data.get("segment") or []),
            "open_now": bool(data.get("open_now")),
            "micro_drama_only": bool(data.get("micro_drama_only")),
        }

    def facets(self) -> dict:
        """Counts beside each filter option, for the incentives this filter set finds.

        Each pass's counts (foundation.facets.facet_passes) are kept until a district's content
        changes, or the day does ("open now"): every page and sort order of one filter shares them.
        """
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in CATALOGUE_FACETS and name != "sort" and value not in EMPTY_VALUES:
                queryset = self.filters[name].filter(queryset, value)

        def count_passes(queryset, passes, day):
            # What they count is told by the FROM and WHERE alone: the one column and no order compile quicker.
            matches = queryset.order_by().values("pk").query.sql_with_params()
            return cached_results(
                "catalogue-facets",
                [(matches, repr(facet_pass.condition), facet_pass.facets, day) for facet_pass in passes],
                [DISTRICTS],
                lambda missing: count_catalogue_passes(queryset, [passes[index] for index in missing], day),
            )

        return catalogue_facets(queryset, self.facet_selections(), self.day, count_passes)

    def sort_by(self, queryset, name, value):
        if value == self.Sort.AMOUNT:
            # Amounts are ranked only against amounts of the same basis: a per-work reward is never
            # placed above a per-company amount for being larger.
            return queryset.order_by(amount_basis_rank(), F("max_amount_cny").desc(nulls_last=True), "pk")
        if value == self.Sort.DEADLINE:
            return queryset.order_by(F("valid_until").asc(nulls_last=True), "pk")
        return queryset


def amount_basis_rank():
    """The order of selectors.BASES (per company a year first, then per work, per project), then a programme's
    budget, then amounts of unknown basis."""
    ranks = [
        When(amount_for=amount_for, amount_period=period, then=Value(rank))
        for rank, (amount_for, period) in enumerate(BASES)
        if amount_for
    ]
    return Case(
        *ranks, When(amount_for=Incentive.AmountFor.PROGRAMME, then=Value(len(BASES))), default=Value(len(BASES) + 1)
    )


class SourcesRegisterFilter(django_filters.FilterSet):
    """The districts whose entries the sources register lists: all published ones unless some are ticked."""

    district = PublishedDistrictsFilter(field_name="slug")

    class Meta:
        model = District
        fields = []
