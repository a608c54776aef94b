"""Atom feeds of upcoming events: every district, or one."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from districts.models import District
from events.views import events_with_seats
from foundation.feeds import PortalFeed


class UpcomingEventFeed(PortalFeed):
    """Soonest first; cancelled events stay in the feed until they would have ended, marked as cancelled."""

    entry_kind = "event"
    description_template = "events/feeds/event.html"

    def get_object(self, request, district=None):
        return get_object_or_404(District.objects.published(), slug=district) if district else None

    def title(self, district):
        if district:
            return _("Events in %(district)s") % {"district": district.name}
        return _("Micro-drama industry events")

    def subtitle(self, district):
        return _("Upcoming events on Haizhu Portal.")

    def link(self, district):
        url = reverse("events:list")
        return f"{url}?district={district.slug}" if district else url

    def items(self, district):
        events = events_with_seats().upcoming()
        if district:
            events = events.filter(district=district)
        return events[: self.limit]

    def item_title(self, event):
        title = f"{event.title} · {event.district.name}"
        return _("Cancelled: %(title)s") % {"title": title} if event.is_cancelled else title
