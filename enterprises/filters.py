import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from districts.fields import PublishedDistrictsFilter
from districts.models import ValueChainSegment
from enterprises.models import Enterprise
from enterprises.search import matching, ranked_by_relevance, search_terms
from enterprises.selectors import (
    FACETS,
    count_facet_passes,
    directory_facets,
    facet_condition,
    name_in_current_language,
)
from foundation.content_versions import ENTERPRISES, cached_results
from foundation.filtering import FilterSet


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class EnterpriseFilter(FilterSet):
    class Sort:
        RELEVANCE = "relevance"
        NAME = "name"
        NEWEST = "newest"
        OLDEST = "oldest"

    q = django_filters.CharFilter(
        label=_("Keyword"),
        method="filter_keyword",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
    )
    district = PublishedDistrictsFilter(field_name="district", method="filter_facet")
    segment = django_filters.MultipleChoiceFilter(
        label=_("Value-chain segment"),
        choices=ValueChainSegment.choices,
        method="filter_facet",
        widget=forms.CheckboxSelectMultiple,
    )
    size = django_filters.MultipleChoiceFilter(
        label=_("Size"), choices=Enterprise.SizeBand.choices, method="filter_facet", widget=forms.CheckboxSelectMultiple
    )
    founded_from = YearFilter(
        label=_("Founded in or after"), field_name="founded_year", lookup_expr="gte", min_value=1800, max_value=2200
    )
    founded_to = YearFilter(
        label=_("Founded in or before"), field_name="founded_year", lookup_expr="lte", min_value=1800, max_value=2200
    )
    verified = django_filters.BooleanFilter(
        label=_("Verified by the bureau"), method="filter_facet", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        empty_label=None,
        null_label=None,
        choices=[
            (Sort.RELEVANCE, _("Best match")),
            (Sort.NAME, _("Name")),
            (Sort.NEWEST, _("Newest founded first")),
            (Sort.OLDEST, _("Oldest founded first")),
        ],
        # Applied last, in filter_queryset, because the best match depends on the keyword.
        method=lambda queryset, name, value: queryset,
    )

    class Meta:
        model = Enterprise
        fields = []

    def filter_keyword(self, queryset, name, value):
        return matching(queryset, value)

    def filter_facet(self, queryset, name, value):
        return queryset.filter(facet_condition(name, self.facet_selections()[name]))

    def facet_selections(self) -> dict:
        """The values ticked in each facet, as plain values; a facet that did not validate is empty."""
        data = self.form.cleaned_data
        return {
            "district": [district.pk for district in data.get("district") or []],
            "segment": list(data.get("segment") or []),
            "size": list(data.get("size") or []),
            "verified": bool(data.get("verified")),
        }

    def chosen_sort(self) -> str:
        return self.form.cleaned_data.get("sort") or self.Sort.RELEVANCE

    def best_match_keyword(self) -> str:
        """The keyword, when the results are in best-match order (the default with a keyword); else ""."""
        keyword = self.form.cleaned_data.get("q") or ""
        return keyword if self.chosen_sort() == self.Sort.RELEVANCE and search_terms(keyword) else ""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.chosen_sort()
        name = name_in_current_language()
        if sort == self.Sort.NEWEST:
            return queryset.order_by(F("founded_year").desc(nulls_last=True), name, "pk")
        if sort == self.Sort.OLDEST:
            return queryset.order_by(F("founded_year").asc(nulls_last=True), name, "pk")
        if sort == self.Sort.NAME:
            return queryset.order_by(name, "pk")
        return ranked_by_relevance(queryset, self.best_match_keyword(), name, "pk")

    def facets(self) -> dict[str, dict[str, int]]:
        """Counts beside each filter value, for the enterprises this filter set finds.

        The counts of each condition (selectors.facet_passes) are kept until an enterprise or
        district changes, apart from each other: a facet's counts leave out its own selection, so
        the district counts of a keyword, the costliest (they look across every district), serve
        every district chosen with it; all of them serve every page and sort order of one search.
        """
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in FACETS and name != "sort" and value not in EMPTY_VALUES:
                queryset = self.filters[name].filter(queryset, value)

        def count_passes(queryset, passes):
            # What they count is told by the FROM and WHERE alone: the one column and no order compile quicker.
            matches = queryset.order_by().values("pk").query.sql_with_params()
            return cached_results(
                "directory-facets",
                [(matches, repr(facet_pass.condition), facet_pass.facets) for facet_pass in passes],
                [ENTERPRISES],
                lambda missing: count_facet_passes(queryset, [passes[index] for index in missing]),
            )

        return directory_facets(queryset, self.facet_selections(), count_passes)
