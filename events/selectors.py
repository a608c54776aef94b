"""Reads for the organiser pages: the attendee list in the order the door needs it, its counts, and the
answers to the event's questions for the list, the export and the door."""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from events.models import Answer, Event, Registration, normalise_ticket_code

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
