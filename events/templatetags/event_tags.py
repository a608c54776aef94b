from django import template
from django.db.models import Count, Q

from events.models import Event, Registration

register = template.Library()


@register.inclusion_tag("events/_upcoming.html")
def upcoming_events(limit: int = 3):
    """The next published events, for the home page."""
    events = (
        Event.objects.published()
        .upcoming()
        .select_related("district", "source")
        .annotate(confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)))
    )
    return {"events": events[:limit]}
