from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from districts.models import District, Incentive
from enterprises.models import Enterprise
from events.models import Event


class PageSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return [
            "home",
            "districts:list",
            "districts:incentives",
            "districts:finder",
            "districts:sources",
            "enterprises:list",
            "events:list",
        ]

    def location(self, item):
        return reverse(item)


class DistrictSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return District.objects.published()


class IncentiveSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Incentive.objects.published().only("pk").order_by("pk")


class EventSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Event.objects.visible()


class EnterpriseSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Enterprise.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, enterprise):
        return enterprise.updated_at


sitemaps = {
    "pages": PageSitemap,
    "districts": DistrictSitemap,
    "incentives": IncentiveSitemap,
    "enterprises": EnterpriseSitemap,
    "events": EventSitemap,
}
