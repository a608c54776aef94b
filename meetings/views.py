from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events.models import Event, Registration, normalise_ticket_code
from events.permissions import organiser_required
from meetings.forms import EventMeetingRequestForm, MeetingRequestForm
from meetings.models import Meeting, MeetingProgramme
from meetings.selectors import event_slots, free_slots, programme_of, schedule_grid
from meetings.services import MeetingError, meeting_cancel, meeting_request, meetings_open

# Refusals that concern the chosen slot: shown on that field; the rest above the form.
SLOT_ERRORS = ("slot_past", "slot_taken", "busy", "desk_not_taking_part", "wrong_event")


def _ticket(token) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event__district"), manage_token=token, personal_data_erased_at__isnull=True
    )


def _refused(form, error: MeetingError) -> None:
    if error.code in SLOT_ERRORS:
        form.add_error("slot", error.message)
    elif error.code in ("note_empty", "note_too_long"):
        form.add_error("note", error.message)
    else:
        form.add_error(None, error.message)


@never_cache
def event_meetings(request, slug):
    """The event's desks and free slots, and a request form for attendees who give their email and ticket code."""
    event = get_object_or_404(Event.objects.visible().select_related("district"), slug=slug)
    programme = get_object_or_404(MeetingProgramme, event=event)
    offered = list(free_slots(event))
    form = EventMeetingRequestForm(request.POST or None, slots=event_slots(event), offered=offered)
    if request.method == "POST" and form.is_valid():
        registration = (
            event.registrations.filter(
                email__iexact=form.cleaned_data["email"],
                ticket_code=normalise_ticket_code(form.cleaned_data["ticket_code"])[:16],
                status=Registration.Status.CONFIRMED,
                personal_data_erased_at__isnull=True,
            )
            .select_related("event")
            .first()
        )
        if registration is None:
            form.add_error("ticket_code", MeetingError("unknown_ticket").message)
        else:
            try:
                meeting_request(
                    registration=registration, slot=form.cleaned_data["slot"], note=form.cleaned_data["note"]
                )
            except MeetingError as error:
                _refused(form, error)
            else:
                messages.success(
                    request, _("Your request is sent. The desk will answer by email; see your ticket page.")
                )
                return redirect("meetings:event", slug=event.slug)
    context = {
        "event": event,
        "programme": programme,
        "open": meetings_open(event),
        "offered": offered,
        "form": form,
    }
    return render(request, "meetings/event_meetings.html", context, status=400 if form.errors else 200)


@never_cache
def ticket_request(request, token):
    """A request from the ticket page; back to it when sent, or this page with the errors and what was typed."""
    registration = _ticket(token)
    event = registration.event
    offered = list(free_slots(event))
    form = MeetingRequestForm(request.POST or None, slots=event_slots(event), offered=offered)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_request(registration=registration, slot=form.cleaned_data["slot"], note=form.cleaned_data["note"])
        except MeetingError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Your meeting request is sent. The desk will answer by email."))
            return redirect(reverse("events:manage", kwargs={"token": registration.manage_token}) + "#meetings")
    context = {"registration": registration, "event": event, "form": form, "open": meetings_open(event)}
    return render(request, "meetings/ticket_request.html", context, status=400 if form.errors else 200)


@never_cache
@require_POST
def ticket_cancel(request, token, meeting_id):
    registration = _ticket(token)
    meeting = get_object_or_404(Meeting, pk=meeting_id, registration=registration)
    try:
        meeting_cancel(meeting=meeting)
    except MeetingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The meeting is cancelled; the desk has been told."))
    return redirect(reverse("events:manage", kwargs={"token": registration.manage_token}) + "#meetings")


@never_cache
@organiser_required
def organise_meetings(request, event):
    """The schedule by desk and table, to read on screen or print."""
    context = {"event": event, "programme": programme_of(event), "schedules": schedule_grid(event)}
    return render(request, "meetings/organise_meetings.html", context)
