"""Nobody holds a meeting that overlaps a session they booked, nor books a session over a meeting."""

import datetime

import pytest
from django.utils import translation

from events.models import SessionBooking
from events.services import SessionError, sessions_choose, sessions_first_book
from meetings.models import Meeting
from meetings.services import MeetingError, meeting_request
from tests.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages read in English, whichever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def workshop(event, slots):
    """A 40-seat workshop over the first two slots' time."""
    return AgendaItemFactory(
        event=event,
        title_en="Vertical-screen directing",
        starts_at=slots[0].starts_at,
        ends_at=slots[1].ends_at,
        capacity=40,
    )


def test_a_meeting_during_a_booked_session_is_refused_and_one_after_it_is_given(attendee, slots, workshop):
    sessions_choose(registration=attendee, items=[workshop])

    with pytest.raises(MeetingError) as refused:
        meeting_request(registration=attendee, slot=slots[1], note="Locations")
    assert refused.value.code == "busy"
    assert "a meeting or a session at that time" in str(refused.value.message)

    assert meeting_request(registration=attendee, slot=slots[2], note="Locations").status == Meeting.Status.REQUESTED


def test_a_session_over_a_meeting_is_refused_naming_the_meeting_and_nothing_is_booked(attendee, slots, workshop):
    meeting_request(registration=attendee, slot=slots[0], note="Locations")

    with pytest.raises(SessionError) as refused:
        sessions_choose(registration=attendee, items=[workshop])
    assert refused.value.code == "meeting_clash"
    assert "“Vertical-screen directing” overlaps your meeting" in str(refused.value.message)
    assert not SessionBooking.objects.filter(registration=attendee).exists()


def test_a_session_that_ends_as_the_meeting_begins_is_no_clash(attendee, slots, workshop):
    workshop.ends_at = slots[0].starts_at
    workshop.starts_at = slots[0].starts_at - datetime.timedelta(hours=1)
    workshop.save()
    meeting_request(registration=attendee, slot=slots[0], note="Locations")

    assert [booking.agenda_item for booking in sessions_choose(registration=attendee, items=[workshop])] == [workshop]


def test_first_sessions_over_a_meeting_are_refused_naming_the_meeting_and_none_is_booked(attendee, slots, workshop):
    later = AgendaItemFactory(
        event=workshop.event,
        title_en="Distribution talk",
        starts_at=slots[2].ends_at,
        ends_at=slots[2].ends_at + datetime.timedelta(hours=1),
        capacity=40,
    )
    meeting_request(registration=attendee, slot=slots[0], note="Locations")

    with pytest.raises(SessionError) as refused:
        sessions_first_book(attendee, [workshop, later])
    assert refused.value.code == "meeting_clash"
    assert "“Vertical-screen directing” overlaps your meeting" in str(refused.value.message)
    assert not SessionBooking.objects.filter(registration=attendee).exists()
