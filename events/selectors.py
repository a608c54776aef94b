"""Reads for the organiser pages: the attendee list in the order the door needs it, and its counts."""

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from events.models import Event, Registration, normalise_ticket_code

# Confirmed attendees first, then the waiting list in the order seats are offered, then cancellations.
STATUS_RANK = Case(
    When(status=Registration.Status.CONFIRMED, then=Value(0)),
    When(status=Registration.Status.WAITING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
# Only the waiting list is ordered by priority (an organiser's "move to the front").
WAITING_PRIORITY = Case(When(status=Registration.Status.WAITING, then="priority"), default=Value(0))


def attendee_list(event: Event, *, query: str = "", status: str = "") -> QuerySet[Registration]:
    """The event's registrations, found by name, email, organisation or ticket code, optionally of one status."""
    registrations = event.registrations.order_by(STATUS_RANK, WAITING_PRIORITY.desc(), "created_at", "pk")
    if status:
        registrations = registrations.filter(status=status)
    if query := query.strip():
        registrations = registrations.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(organisation__icontains=query)
            | Q(ticket_code=normalise_ticket_code(query))
        )
    return registrations


def attendee_counts(event: Event) -> dict:
    """How many registrations are in each status, and how many have arrived, in one query."""
    counts = event.registrations.aggregate(
        **{value: Count("pk", filter=Q(status=value)) for value in Registration.Status.values},
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    return {
        "by_status": [(value, label, counts[value]) for value, label in Registration.Status.choices],
        "checked_in": counts["checked_in"],
    }


def badge_attendees(event: Event) -> QuerySet[Registration]:
    """Confirmed attendees whose details are kept, by name, so a printed stack is found in order at the desk."""
    return event.registrations.filter(
        status=Registration.Status.CONFIRMED, personal_data_erased_at__isnull=True
    ).order_by("full_name", "pk")
