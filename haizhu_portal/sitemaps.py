from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from districts.models import District
from events.models import Event


class PageSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return ["home", "districts:list", "districts:incentives", "districts:finder", "events:list"]

    def location(self, item):
        return reverse(item)


class DistrictSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return District.objects.filter(is_published=True)


class EventSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return Event.objects.visible()


sitemaps = {"pages": PageSitemap, "districts": DistrictSitemap, "events": EventSitemap}
