from django import template

from events.models import Event

register = template.Library()


@register.inclusion_tag("events/_upcoming.html")
def upcoming_events(limit: int = 3):
    """The next published events, for the home page."""
    events = Event.objects.published().upcoming().select_related("district", "source").with_seat_counts()
    return {"events": events[:limit]}
