"""Atom feeds of new and changed incentives: the whole catalogue, one district, one value-chain segment."""

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from districts.filters import IncentiveFilter
from districts.models import District, Incentive, ValueChainSegment
from foundation.feeds import PortalFeed


class IncentiveFeed(PortalFeed):
    """Newest change first; an incentive appears again, with its new updated time, when it changes."""

    entry_kind = "incentive"
    description_template = "districts/feeds/incentive.html"

    def get_object(self, request, slug=None, segment=None):
        filters = QueryDict(mutable=True)
        scope = {"filters": filters, "district": None, "segment": None}
        if slug:
            scope["district"] = get_object_or_404(District.objects.published(), slug=slug)
            filters["district"] = slug
        if segment:
            if segment not in ValueChainSegment.values:
                raise Http404
            scope["segment"] = ValueChainSegment(segment)
            filters["segment"] = segment
        return scope

    def title(self, scope):
        if scope["district"]:
            return _("Incentives in %(district)s") % {"district": scope["district"].name}
        if scope["segment"]:
            return _("Incentives for %(segment)s") % {"segment": scope["segment"].label}
        return _("Incentives for micro-drama companies")

    def subtitle(self, scope):
        return _("New and changed incentives on Haizhu Portal, each with its source.")

    def link(self, scope):
        if scope["district"]:
            return scope["district"].get_absolute_url()
        return f"{reverse('districts:incentives')}?{scope['filters'].urlencode()}".rstrip("?")

    def items(self, scope):
        queryset = (
            Incentive.objects.published()
            .select_related("district", "source")
            .prefetch_related("further_sources")
            .with_open_flag()
        )
        # The catalogue's own filters, so "for this segment" means the same here as on the page.
        filterset = IncentiveFilter(data=scope["filters"], queryset=queryset)
        return filterset.qs.order_by("-updated_at", "-pk")[: self.limit]

    def item_title(self, incentive):
        return f"{incentive.title} · {incentive.district.name}"

    def item_categories(self, incentive):
        return [incentive.get_category_display(), *incentive.get_segments_display()]
