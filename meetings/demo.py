"""Demo meetings: the illustrative Haizhu briefing (events/demo.py) offers its agenda's one-to-one hour and
a half with the bureau as time slots at the Haizhu desk. The event is labelled illustrative, so are they;
the desk's address is a reserved, undeliverable one, so no demo request reaches a real inbox.

Loading is idempotent: the programme and desk are matched on their event, slots are made once.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from districts.models import District
from events.models import Event
from foundation.demo import demo_row
from meetings.models import Desk, MeetingProgramme, Slot

EVENT_SLUG = "create-micro-dramas-in-haizhu-briefing"
DEMO_DESK_EMAIL = "haizhu-desk-demo@example.invalid"
# The briefing's agenda item "One-to-one meetings with the bureau": from 90 to 210 minutes after the start.
MEETINGS_FROM, MEETINGS_UNTIL = timedelta(minutes=90), timedelta(minutes=210)
SLOT_LENGTH, TABLES = timedelta(minutes=20), 2


def load(*, reset: bool = False) -> dict:
    event = Event.objects.filter(slug=EVENT_SLUG, is_illustrative=True).first()
    district = District.objects.filter(slug="haizhu").first()
    if event is None or district is None:
        return {"meeting slots": 0}
    with transaction.atomic():
        demo_row(MeetingProgramme, reset=reset, event=event, defaults={"is_open": True})
        desk, _ = demo_row(
            Desk,
            reset=reset,
            event=event,
            district=district,
            defaults={
                "kind": Desk.Kind.DISTRICT,
                "contact_email": DEMO_DESK_EMAIL,
                "language": "zh-hans",
                "accepted_at": timezone.now(),
            },
        )
        starts = []
        start = event.starts_at + MEETINGS_FROM
        while start + SLOT_LENGTH <= event.starts_at + MEETINGS_UNTIL:
            starts.append(start)
            start += SLOT_LENGTH
        if not desk.slots.exists():
            Slot.objects.bulk_create(
                Slot(desk=desk, table=table, starts_at=start, ends_at=start + SLOT_LENGTH)
                for table in range(1, TABLES + 1)
                for start in starts
            )
    return {"meeting slots": desk.slots.count()}
