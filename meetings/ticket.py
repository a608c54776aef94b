"""What the ticket page (events' manage view) shows of meetings."""

from events.models import Registration
from meetings.forms import MeetingRequestForm
from meetings.selectors import event_slots, free_slots, registration_meetings
from meetings.services import meetings_open


def ticket_meetings(registration: Registration) -> dict:
    """The person's meetings and, while the event takes requests and slots are free, the request form."""
    event = registration.event
    context = {"meetings": registration_meetings(registration), "meeting_form": None, "meetings_offered": False}
    if registration.status == Registration.Status.CONFIRMED and meetings_open(event):
        context["meetings_offered"] = True
        offered = list(free_slots(event))
        if offered:
            context["meeting_form"] = MeetingRequestForm(slots=event_slots(event), offered=offered)
    return context
