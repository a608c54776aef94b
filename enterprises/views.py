from functools import partial

from django.utils.decorators import method_decorator
from django.views.generic import DetailView

from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from enterprises.permissions import previewable
from enterprises.search import best_matches_page, in_order, walking_is_cheaper
from enterprises.selectors import enterprise_profiles, name_in_current_language, related_enterprises
from foundation.content_versions import ENTERPRISES, kept_in_process
from foundation.filtering import LenientFilterView
from foundation.json_ld import json_ld
from foundation.page_cache import cached_public_page, rendered_each

# Head counts behind each size band, for schema.org's numberOfEmployees.
EMPLOYEE_RANGES = {
    Enterprise.SizeBand.MICRO: (1, 9),
    Enterprise.SizeBand.SMALL: (10, 49),
    Enterprise.SizeBand.MEDIUM: (50, 249),
    Enterprise.SizeBand.LARGE: (250, 999),
    Enterprise.SizeBand.VERY_LARGE: (1000, None),
}


@method_decorator(cached_public_page(ENTERPRISES), name="dispatch")
class EnterpriseListView(LenientFilterView):
    template_name = "enterprises/enterprise_list.html"
    filterset_class = EnterpriseFilter
    context_object_name = "enterprises"

    def get_queryset(self):
        return Enterprise.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        # Before pagination: the facet query also counts the results, so the paginator need not.
        self.facets = self.filterset.facets()
        context = super().get_context_data(**kwargs)
        context["facets"] = self.facets
        context["is_searching"] = bool(self.filterset.form.cleaned_data.get("q"))
        context["enterprise_cards"] = rendered_each(
            "enterprises/_enterprise_card.html",
            "enterprise",
            context["enterprises"],
            # Built only when some card is not kept: a queryset with its annotations costs to build.
            lambda ids: self.get_queryset().in_bulk(ids),
            (ENTERPRISES,),
        )
        return context

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.facets["total"]
        return paginator

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        keyword = self.filterset.best_match_keyword()
        start, end = page.start_index() - 1, page.end_index()
        listed = partial(kept_in_process, "listed-enterprises", (ENTERPRISES,), lambda: self.get_queryset().count())
        if keyword and walking_is_cheaper(paginator.count, end, listed):
            keys = best_matches_page(queryset.order_by(), keyword, name_in_current_language(), start, end)
            page.object_list = in_order(self.get_queryset(), keys)
        return paginator, page, page.object_list, is_paginated


@method_decorator(cached_public_page(ENTERPRISES), name="dispatch")
class EnterpriseDetailView(DetailView):
    template_name = "enterprises/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_queryset(self):
        return previewable(self.request.user, enterprise_profiles())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["json_ld"] = organization_json_ld(self.request, self.object)
        context["related"] = related_enterprises(self.object)
        return context


def organization_json_ld(request, enterprise: Enterprise) -> str:
    """schema.org Organization data for the profile; unknown facts are left out, not guessed."""
    names = {enterprise.name_zh_hans, enterprise.name_en} - {None, "", enterprise.name}
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": request.build_absolute_uri(enterprise.get_absolute_url()),
        "name": enterprise.name,
        "alternateName": sorted(names) or None,
        "description": enterprise.summary or enterprise.description or None,
        "url": enterprise.website or None,
        "logo": request.build_absolute_uri(enterprise.logo.url) if enterprise.logo else None,
        "foundingDate": str(enterprise.founded_year) if enterprise.founded_year else None,
    }
    if enterprise.district:
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": enterprise.district.city,
            "addressRegion": enterprise.district.province,
            "addressCountry": "CN",
        }
    if enterprise.size_band:
        low, high = EMPLOYEE_RANGES[enterprise.size_band]
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "minValue": low}
        if high:
            data["numberOfEmployees"]["maxValue"] = high
    return json_ld({key: value for key, value in data.items() if value is not None})
