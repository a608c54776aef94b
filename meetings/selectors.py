"""Reads of meetings that pages, the dashboard and tests share."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from events.models import Event, Registration
from meetings.models import Desk, Meeting, MeetingProgramme, Slot

DESK_RELATED = ("desk__district", "desk__enterprise")


def programme_of(event: Event) -> MeetingProgramme | None:
    return MeetingProgramme.objects.filter(event=event).first()


def free_slots(event: Event, now=None) -> QuerySet:
    """Slots ahead at the event's desks taking part that nobody has requested or holds, by time and desk."""
    return (
        Slot.objects.filter(desk__event=event, desk__accepted_at__isnull=False)
        .ahead(now)
        .free()
        .select_related(*DESK_RELATED)
        .order_by("starts_at", "desk", "table")
    )


def event_slots(event: Event) -> QuerySet:
    """Every slot of the event's desks: what a request form accepts, so a taken or past slot gets its own message."""
    return Slot.objects.filter(desk__event=event).select_related(*DESK_RELATED)


def registration_meetings(registration: Registration) -> list[Meeting]:
    """The person's meetings for their ticket page, soonest first, with their slot and desk in the same query."""
    return list(
        registration.meetings.select_related("slot__desk__district", "slot__desk__enterprise").order_by(
            "slot__starts_at", "pk"
        )
    )


def accepted_meetings(district, start, end) -> QuerySet:
    """Accepted meetings starting in [start, end) at the district's own desk or at the desk of an enterprise
    in the district: the leads a district won at events. `.count()` for the figure."""
    return Meeting.objects.filter(
        Q(slot__desk__district=district) | Q(slot__desk__enterprise__district=district),
        status=Meeting.Status.ACCEPTED,
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
    )


@dataclass
class DeskSchedule:
    desk: Desk
    tables: list[int]
    # Each row: the start and end of a time, then per table the slot there (or None) with its active meeting.
    rows: list[tuple] = field(default_factory=list)


def schedule_grid(event: Event) -> list[DeskSchedule]:
    """The organiser's grid: per desk, one row per time and one column per table, in three queries
    however many desks, slots and meetings there are."""
    active = Meeting.objects.active().select_related("registration")
    desks = (
        Desk.objects.filter(event=event)
        .select_related("district", "enterprise")
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=Slot.objects.order_by("starts_at", "table").prefetch_related(
                    Prefetch("meetings", queryset=active, to_attr="active_meetings")
                ),
            )
        )
    )
    schedules = []
    for desk in desks:
        slots = list(desk.slots.all())
        tables = sorted({slot.table for slot in slots})
        by_time = defaultdict(dict)
        for slot in slots:
            slot.meeting = slot.active_meetings[0] if slot.active_meetings else None
            by_time[(slot.starts_at, slot.ends_at)][slot.table] = slot
        rows = [(start, end, [cells.get(table) for table in tables]) for (start, end), cells in sorted(by_time.items())]
        schedules.append(DeskSchedule(desk=desk, tables=tables, rows=rows))
    return schedules
