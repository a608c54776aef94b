"""Atom feeds of upcoming events: every district, or one."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from districts.models import District
from events.models import Event, Registration
from haizhu_portal.feeds import PortalFeed, entry_id


class UpcomingEventFeed(PortalFeed):
    """Soonest first; cancelled events stay in the feed until they would have ended, marked as cancelled."""

    description_template = "events/feeds/event.html"

    def get_object(self, request, district=None):
        return get_object_or_404(District, slug=district, is_published=True) if district else None

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
        events = (
            Event.objects.visible()
            .upcoming()
            .select_related("district", "source")
            .annotate(confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)))
        )
        if district:
            events = events.filter(district=district)
        return events[: self.limit]

    def item_title(self, event):
        title = f"{event.title} · {event.district.name}"
        return _("Cancelled: %(title)s") % {"title": title} if event.is_cancelled else title

    def item_link(self, event):
        return event.get_absolute_url()

    def item_guid(self, event):
        return entry_id("event", event.pk)

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at
