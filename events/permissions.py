"""Who runs an event: site administrators, and staff in the event organisers group named on the event."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from districts.models import District
from events.models import Event
from foundation.permissions import EVENT_ORGANISERS, edited_districts, in_scope, is_administrator


def is_event_organiser(user, event: Event) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if is_administrator(user):
        return True
    return (
        user.groups.filter(name=EVENT_ORGANISERS).exists()
        and in_scope(user, Event.objects.filter(pk=event.pk), events=["pk"]).exists()
    )


def event_district_choices(user, event: Event | None = None) -> QuerySet:
    """The districts an event may be attached to in the admin. Administrators: any. An organiser who
    also edits districts: those, besides the event's own. A pure organiser: any for a new event; on an
    existing one, only its own district, so an event never moves into another bureau's district."""
    districts = District.objects.all()
    if is_administrator(user):
        return districts
    own = Q(pk=event.district_id) if event is not None else Q(pk__in=[])
    edited = edited_districts(user)
    if edited.exists():
        return districts.filter(Q(pk__in=edited.values("pk")) | own)
    return districts.filter(own) if event is not None else districts


def organiser_required(view):
    """Pass the event (by its slug) to the view, for its organisers only."""

    @wraps(view)
    def wrapped(request, slug, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="admin:login")
        event = get_object_or_404(Event.objects.select_related("district"), slug=slug)
        if not is_event_organiser(request.user, event):
            raise PermissionDenied
        return view(request, event, *args, **kwargs)

    return wrapped
