"""Reads for the organiser pages: the attendee list in the order the door needs it, its counts, and the
answers to the event's questions for the list, the export and the door."""

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from events.models import SESSION_ORDER, AgendaItem, Answer, Event, Registration, SessionBooking, normalise_ticket_code

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
    registrations = event.registrations.select_related("invitation_code").order_by(
        STATUS_RANK, WAITING_PRIORITY.desc(), "created_at", "pk"
    )
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


def with_answers(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """The registrations with their answers, fetched for all of them in one more query."""
    return registrations.prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))


def export_columns(event: Event) -> list[tuple[str, object]]:
    """The answer columns of the attendee export: one per question in its order, named in the reader's
    language, then one per removed question that people answered, named as they were shown it."""
    columns = [(question.label, question.pk) for question in event.questions.all()]
    removed = (
        Answer.objects.filter(registration__event=event, question__isnull=True)
        .order_by("question_label")
        .values_list("question_label", flat=True)
        .distinct()
    )
    return columns + [(label, label) for label in removed]


def export_answer_cells(registration: Registration, columns: list[tuple[str, object]]) -> list[str]:
    """A registration's answers under export_columns(); reads the answers with_answers() fetched."""
    answers = {}
    for answer in registration.answers.all():
        answers[answer.question_id if answer.question_id is not None else answer.question_label] = answer.shown_value
    return [answers.get(key, "") for _label, key in columns]


def door_answers(registration: Registration) -> list[Answer]:
    """The answers to questions marked to be shown at the door, in the questions' order."""
    return list(
        registration.answers.filter(question__show_at_door=True)
        .select_related("question")
        .order_by("question__display_order", "question")
    )


def event_sessions(event: Event, *, counted: bool = True) -> QuerySet[AgendaItem]:
    """The event's sessions with seats of their own, in the agenda's order, each with its booking counts unless
    not `counted` (what a posted form is checked against needs none)."""
    sessions = AgendaItem.objects.filter(event=event).sessions()
    return sessions.with_booking_counts() if counted else sessions


def person_sessions(registration: Registration) -> list[SessionBooking]:
    """A person's bookings in the agenda's order, each waiting one with the number of people `ahead` of it
    in its session's line: one query however many."""
    ahead = (
        SessionBooking.objects.filter(agenda_item=OuterRef("agenda_item"), status=SessionBooking.Status.WAITING)
        .filter(Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")))
        .order_by()
        .values("agenda_item")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return list(
        registration.session_bookings.select_related("agenda_item")
        .annotate(ahead=Coalesce(Subquery(ahead), 0))
        .order_by(*SESSION_ORDER)
    )


def with_sessions(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """The registrations with their session bookings (and the sessions), for all of them in one more query."""
    bookings = SessionBooking.objects.select_related("agenda_item").order_by(*SESSION_ORDER)
    return registrations.prefetch_related(Prefetch("session_bookings", queryset=bookings))


def sessions_text(registration: Registration) -> str:
    """A person's sessions on one line, each with its status: reads what with_sessions() fetched."""
    bookings = registration.session_bookings.all()
    return "; ".join(f"{booking.agenda_item.title} ({booking.get_status_display()})" for booking in bookings)
