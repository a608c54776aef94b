"""A slot goes to one party even when many ask for it in the same instant, each on its own connection."""

import pytest

from meetings.models import Meeting
from meetings.services import MeetingError, meeting_request
from tests.events.test_capacity import run_at_once
from tests.factories import RegistrationFactory
from tests.meetings.conftest import make_slots


@pytest.mark.django_db(transaction=True)
def test_ten_people_asking_for_one_slot_at_once_get_exactly_one_meeting(event, desk):
    [slot] = make_slots(desk, count=1)
    people = [RegistrationFactory(event=event) for _ in range(10)]

    outcomes = run_at_once(10, lambda number: meeting_request(registration=people[number], slot=slot, note="Funds"))

    meetings = [outcome for outcome in outcomes if isinstance(outcome, Meeting)]
    refusals = [outcome for outcome in outcomes if isinstance(outcome, MeetingError)]
    assert len(meetings) == 1 and len(refusals) == 9
    assert {refusal.code for refusal in refusals} == {"slot_taken"}
    assert Meeting.objects.filter(slot=slot).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_person_asking_for_two_overlapping_slots_at_once_gets_one(event, desk, other_desk):
    [first] = make_slots(desk, count=1)
    [second] = make_slots(other_desk, count=1, start=first.starts_at)
    person = RegistrationFactory(event=event)

    outcomes = run_at_once(
        2, lambda number: meeting_request(registration=person, slot=[first, second][number], note="x")
    )

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Meeting", "MeetingError"]
    assert Meeting.objects.filter(registration=person).count() == 1
