"""Writes for events: registration under a hard capacity, the waiting list, cancellation and check-in.

Every rule about seats lives here (the registration's seat claim in events/seat_claim.py). Each write
locks the event row before it counts, so concurrent requests on any number of server processes take turns
and re-count inside their own transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from reversion.models import Version

from events.dates import session_when
from events.models import (
    AgendaItem,
    Answer,
    AttendeeMessage,
    Event,
    InvitationCode,
    Registration,
    SessionBooking,
    new_invitation_code,
    new_manage_token,
    normalise_ticket_code,
)
from events.seat_claim import event_locked, registration_inserted, seat_claimed
from events.session_claim import sessions_claimed, sessions_locked
from foundation.content_versions import EVENTS, content_committed
from foundation.emails import email_queue, email_render
from foundation.inserts import stored
from foundation.models import OutgoingEmail
from foundation.service_errors import ServiceError
from meetings.services import (
    meeting_clash,
    meeting_clash_among,
    meeting_notes_erase,
    meetings_cancel_for,
    meetings_held,
)

# Unique per registration, so the one-email-per-event constraint still holds after erasure.
ERASED_EMAIL = "erased-{pk}@erased.invalid"

ERROR_MESSAGES = {
    "event_not_published": _("This event is not open for registration."),
    "no_registration": _("Registration is not open here: no capacity has been published for this event."),
    "event_cancelled": _("This event has been cancelled; registration is closed."),
    "not_open_yet": _("Registration for this event has not opened yet."),
    "closed": _("Registration for this event has closed."),
    "duplicate": _(
        "This email address is already registered for this event. "
        "We can email you the link to view or cancel your registration."
    ),
    "already_cancelled": _("This registration was already cancelled."),
    "event_over": _("This event is over; the registration can no longer be changed."),
    "not_waiting": _("This person is no longer on the waiting list."),
    "answers_closed": _("Registration has closed, so the answers can no longer be changed."),
    "code_unknown": _("This invitation code is not valid for this event. Check it, or leave the field empty."),
    "code_expired": _("This invitation code has expired. Leave the field empty to register without it."),
    "code_used_up": _(
        "This invitation code has been used as many times as it allows. Leave the field empty to register without it."
    ),
    "code_withdrawn": _(
        "This invitation code has been withdrawn by the organisers. Leave the field empty to register without it."
    ),
    "too_many_held": _(
        "Not enough seats are free to hold back that many: lower the held seats or the number of codes."
    ),
}
# Refusals that concern the invitation code the person typed: shown on that field.
CODE_ERRORS = ("code_unknown", "code_expired", "code_used_up", "code_withdrawn")


class RegistrationError(ServiceError):
    """A registration request that the rules refuse; `code` is a key of ERROR_MESSAGES."""

    messages = ERROR_MESSAGES


def _lock_event(event: Event) -> Event:
    # FOR NO KEY UPDATE, as registration_create takes it (seat_claim.event_locked): registrations in flight hold
    # the row's key share.
    return Event.objects.select_for_update(no_key=True).get(pk=event.pk)


def _seats_taken(event: Event, now) -> tuple[int, int]:
    """Confirmed registrations and seats still held for invitation codes, in one query; under the event's lock."""
    return Event.objects.filter(pk=event.pk).with_seat_counts(now).values_list("confirmed", "held").get()


def invitation_code_find(event: Event, typed: str) -> InvitationCode:
    """The event's code as typed (any case, spaces or dashes), with its uses; raises RegistrationError when
    it is unknown, expired or used up."""
    code = InvitationCode.objects.with_uses().filter(event=event, code=normalise_ticket_code(typed)[:16]).first()
    if code is None:
        raise RegistrationError("code_unknown")
    if refusal := code.refusal():
        raise RegistrationError(refusal)
    return code


def email_registration(
    registration: Registration, template: str, bookings: list[SessionBooking] = (), **context
) -> None:
    """Queue one of the registration emails, in the language the person registered in; the ticket and
    sessions emails list the `bookings` of sessions, and `context` adds what a template names besides."""
    email_queue(
        to=registration.email,
        template=f"event_{template}",
        context={
            "registration": registration,
            "event": registration.event,
            "bookings": bookings,
            "site_url": settings.SITE_URL,
            "manage_url": _manage_url(registration),
            **context,
        },
        language=registration.language,
        about=registration,
    )


def _manage_url(registration: Registration) -> str:
    with translation.override(registration.language):
        return registration.get_absolute_url()


def registration_create(
    *,
    event: Event,
    full_name: str,
    email: str,
    organisation: str,
    role: str,
    phone: str = "",
    consent: bool,
    language: str,
    answers: list[Answer] = (),
    invitation_code: InvitationCode | None = None,
    sessions: list[AgendaItem] = (),
) -> Registration:
    """Register someone: confirmed while seats are left, otherwise on the waiting list, in order.

    `answers` (unsaved, from AnswersForm.answers()) are stored with the registration, in the same transaction.
    With an `invitation_code` (from invitation_code_find), the registration is one of its uses: it may take a
    seat the code holds, and register while registration is closed or full if the code allows.
    `sessions` (the event's agenda items with seats of their own) are booked with sessions_choose when the
    registration is confirmed at once; someone who waits for the event picks them on the ticket page later.

    Raises RegistrationError outside the registration window, for a cancelled event, or when the
    email address is already registered for this event.
    """
    registration = Registration(
        event=event,
        full_name=full_name,
        email=email,
        organisation=organisation,
        role=role,
        phone=phone,
        consent=consent,
        language=language,
        # Decided under the lock below; every status passes the field checks alike.
        status=Registration.Status.WAITING,
        invitation_code=invitation_code,
    )
    # Field checks and nothing else before the transaction. Inside it, the registration and its answers are
    # inserted first, as waiting and with no code; only then is the event row locked, for the one statement
    # that counts the seats and sets the status, its time and its code, and the commit. Every request holds
    # that lock in turn, so it is kept to those two (the email follows the commit). The database's unique
    # constraint answers a repeated address, before the lock.
    # The event is the row the caller read, so its foreign key needs no query of its own.
    registration.full_clean(exclude=["event", "invitation_code"], validate_unique=False, validate_constraints=False)
    refusal = event.registration_refusal(timezone.now(), invitation_code)
    if refusal:
        raise RegistrationError(refusal)
    registration.record_consent()
    registration.created_at = registration.status_changed_at = timezone.now()
    # Two settings for this transaction alone, and only when it is a transaction of its own, as a request's is
    # (a caller's may rely on the defaults). Django's foreign keys are checked at the commit, which is under the
    # lock: checked as each row is written instead, the registration's and its answers' are checked before it.
    # And the commit does not wait for the log to reach the disk, which would hold the lock meanwhile: nobody
    # is told the outcome before the email's row below commits, and that commit waits for the log up to
    # itself, this registration's commit included (as does every later registration's, which counted this
    # one). A crash in between loses a registration nobody was told of.
    own_transaction = not transaction.get_connection().in_atomic_block
    try:
        with transaction.atomic():
            if own_transaction:
                with connection.cursor() as cursor:
                    # One round trip: without parameters, psycopg sends the text as it is.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET LOCAL synchronous_commit = off")
            # Not yet one of the code's uses: those are counted under the lock, and this row with them.
            registration.invitation_code = None
            for answer in answers:
                answer.answered_at = registration.created_at
            registration_inserted(registration, list(answers))
            event_locked(event)
            now = timezone.now()
            if invitation_code is not None:
                # Its uses counted afresh: every use of the event's codes is made under this lock.
                invitation_code = InvitationCode.objects.with_uses(now).get(pk=invitation_code.pk)
                if refusal := invitation_code.refusal(now):
                    raise RegistrationError(refusal)
            refusal = event.registration_refusal(now, invitation_code)
            if refusal:
                raise RegistrationError(refusal)
            status = seat_claimed(registration, event, invitation_code, now)
    except IntegrityError:
        raise RegistrationError("duplicate")
    registration.invitation_code = invitation_code
    registration.status = status
    registration.created_at = registration.status_changed_at = now
    bookings = []
    if sessions and status == Registration.Status.CONFIRMED:
        # Booked once the event's lock is released, under the sessions' own locks, and told in the ticket
        # email rather than one of their own. The form has refused overlaps and sessions no longer offered, so
        # a refusal here is a race (a session started or closed meanwhile): the registration stands and the
        # ticket page offers the sessions again.
        try:
            bookings = sessions_first_book(registration, list(sessions))
        except SessionError:
            pass
    # After the commit, from the row as stored: rendering and queueing the email (the email and its task,
    # inserted in one statement, need no transaction) and the content version no longer keep other
    # registrations waiting. A process that dies before this leaves the email to the task worker's sweep
    # (registration_emails_missing_queue). The email's commit, waiting for the log, puts the registration on
    # disk before the response tells anyone (above).
    email_registration(
        registration,
        "registration_confirmed" if status == Registration.Status.CONFIRMED else "registration_waiting",
        bookings,
    )
    content_committed(EVENTS)
    return registration


# Longer than any request takes between its commit and its email: a registration older than this with no
# email at all lost its email with the process that made it.
REGISTRATION_EMAIL_GRACE = timedelta(minutes=2)


def registration_emails_missing_queue() -> int:
    """The task worker's sweep: queue the confirmation or waiting email of each registration of the last day
    that has no email at all (the server process died between the registration's commit and its email's);
    returns how many. Cancelled registrations are left alone."""
    now = timezone.now()
    missing = (
        Registration.objects.filter(
            created_at__lt=now - REGISTRATION_EMAIL_GRACE,
            created_at__gte=now - timedelta(days=1),
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
        )
        .exclude(Exists(OutgoingEmail.objects.filter(registration=OuterRef("pk"))))
        .select_related("event")
    )
    queued = 0
    for registration in missing:
        with transaction.atomic():
            # Locked and asked again, so two workers sweeping at once queue it once.
            still_missing = (
                Registration.objects.select_for_update(of=("self",), no_key=True)
                .filter(pk=registration.pk)
                .exclude(Exists(OutgoingEmail.objects.filter(registration=OuterRef("pk"))))
                .values_list("pk", flat=True)
            )
            if not list(still_missing):
                continue
            email_registration(
                registration,
                "registration_confirmed"
                if registration.status == Registration.Status.CONFIRMED
                else "registration_waiting",
            )
            queued += 1
    return queued


def seats_free_to_hold(event: Event) -> int:
    """Seats neither taken nor held already, which new or larger codes may hold (all of a new event's)."""
    if event.pk is None:
        return event.capacity or 0
    confirmed, held = _seats_taken(event, timezone.now())
    return max((event.capacity or 0) - confirmed - held, 0)


def invitation_codes_create(
    *, event: Event, label: str, count: int, max_uses: int, expires_at, held_seats: int, may_register_when_closed: bool
) -> list[InvitationCode]:
    """Create `count` codes alike but for their code, each unique in the event. Seats they hold must be free
    now (not taken nor held already): raises RegistrationError("too_many_held") otherwise."""
    with transaction.atomic():
        event = _lock_event(event)
        if held_seats and held_seats * count > seats_free_to_hold(event):
            raise RegistrationError("too_many_held")
        taken = set(event.invitation_codes.values_list("code", flat=True))
        codes = []
        while len(codes) < count:
            code = new_invitation_code()
            if code in taken:
                continue
            taken.add(code)
            codes.append(
                InvitationCode(
                    event=event,
                    code=code,
                    label=label,
                    max_uses=max_uses,
                    expires_at=expires_at,
                    held_seats=held_seats,
                    may_register_when_closed=may_register_when_closed,
                )
            )
        return InvitationCode.objects.bulk_create(codes)


def invitation_codes_withdraw(*, event: Event, codes) -> tuple[int, list[Registration]]:
    """Withdraw the event's `codes` (a queryset): refused at registration from now on, while the registrations
    made with them, their recorded uses, stay. The seats they held go back to the public at once and the
    waiting list moves up into them, in order. Returns how many codes were withdrawn (not counting those
    withdrawn already) and who was confirmed from the waiting list."""
    with transaction.atomic():
        # Every use of the event's codes is made under this lock: none slips in after the withdrawal.
        event = _lock_event(event)
        now = timezone.now()
        withdrawn = codes.filter(event=event, withdrawn_at__isnull=True).update(
            withdrawn_at=now, held_seats_released_at=Coalesce("held_seats_released_at", Value(now))
        )
        promoted = waiting_list_promote(event=event) if withdrawn else []
    return withdrawn, promoted


def expired_codes_seats_release() -> list[Registration]:
    """Seats held by invitation codes that expired go to the waiting list at once, in order, rather than at
    the next cancellation; the task worker runs it every minute or so. Each code is released once, so it is
    safe to run as often as wanted and from two workers at once. Returns who was confirmed."""
    now = timezone.now()
    expired = InvitationCode.objects.filter(expires_at__lte=now, held_seats__gt=0, held_seats_released_at__isnull=True)
    promoted = []
    for event_id in sorted(set(expired.values_list("event_id", flat=True))):
        with transaction.atomic():
            event = _lock_event(Event(pk=event_id))
            # Marked under the event's lock: a second run waits here, then finds nothing left to release.
            if expired.filter(event=event).update(held_seats_released_at=now) and not event.is_past:
                promoted += waiting_list_promote(event=event)
    return promoted


def registration_answers_change(*, registration: Registration, answers: list[Answer]) -> int:
    """Replace a registration's answers to the event's current questions with `answers`, until registration
    closes; returns how many changed. An unchanged answer keeps the wording it was given in, and answers to
    questions since removed stay as they were."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
        )
        if not registration.answers_can_change():
            raise RegistrationError("answers_closed")
        earlier = {
            answer.question_id: answer for answer in registration.answers.filter(question__event=registration.event)
        }
        given = {answer.question_id: answer for answer in answers}
        now = timezone.now()
        unchanged = {
            question_id
            for question_id, answer in given.items()
            if question_id in earlier and earlier[question_id].means_the_same_as(answer)
        }
        removed = [answer.pk for question_id, answer in earlier.items() if question_id not in unchanged]
        added = [answer for question_id, answer in given.items() if question_id not in unchanged]
        for answer in added:
            answer.registration = registration
            answer.answered_at = now
        Answer.objects.filter(pk__in=removed).delete()
        Answer.objects.bulk_create(added)
    return len((set(earlier) | set(given)) - unchanged)


def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel a registration; a freed seat goes to the first person waiting, who is told by email."""
    with transaction.atomic():
        event = _lock_event(registration.event)
        # No key update: a session's promotion may still store an email about this person meanwhile.
        registration = Registration.objects.select_for_update(no_key=True).get(pk=registration.pk)
        registration.event = event
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationError("already_cancelled")
        if event.is_past:
            raise RegistrationError("event_over")
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        email_registration(registration, "registration_cancelled")
        sessions_release(registration=registration)
        meetings_cancel_for(registration)
        if was_confirmed:
            waiting_list_promote(event=event)
    return registration


def waiting_list_promote(*, event: Event) -> list[Registration]:
    """Confirm people from the waiting list, first come first served, while seats are free.

    Call with the event row locked (inside registration_cancel, or after raising the capacity).
    """
    promoted = []
    if event.state != Event.State.PUBLISHED or event.capacity is None:
        return promoted
    # Seats held for invitation codes stay theirs: the line moves into public seats only.
    confirmed, held = _seats_taken(event, timezone.now())
    free = event.capacity - confirmed - held
    if free <= 0:
        return promoted
    waiting = event.registrations.waiting_in_order()[:free]
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        registration.event = event
        email_registration(registration, "registration_promoted")
        promoted.append(registration)
    return promoted


def waiting_list_move_to_front(*, registration: Registration, moved_by) -> Registration:
    """An organiser puts someone first on the waiting list; who did it and when is kept on the registration."""
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.WAITING:
            raise RegistrationError("not_waiting")
        highest = event.registrations.waiting_in_order().exclude(pk=registration.pk).aggregate(Max("priority"))
        registration.priority = (highest["priority__max"] or 0) + 1
        registration.moved_up_at = timezone.now()
        registration.moved_up_by = moved_by
        registration.save(update_fields=["priority", "moved_up_at", "moved_up_by"])
        registration.event = event
    return registration


def waiting_list_fill(*, event: Event) -> list[Registration]:
    """After an organiser raises the capacity: lock the event and confirm people waiting, in order."""
    with transaction.atomic():
        return waiting_list_promote(event=_lock_event(event))


def manage_link_resend(*, event: Event, email: str, language: str | None = None) -> bool:
    """Email the address the link to its registration for the event, or, when it has none, an email
    saying so (in `language`, the page's by default). One email is queued either way, so neither the
    answer nor the time it takes tells anyone who is registered. True when a registration was found."""
    registration = (
        event.registrations.exclude(status=Registration.Status.CANCELLED).filter(email__iexact=email.strip()).first()
    )
    if registration is not None:
        email_registration(registration, "manage_link")
        return True
    email_queue(
        to=email.strip(),
        template="event_manage_link_unknown",
        context={"event": event, "site_url": settings.SITE_URL},
        language=language or translation.get_language(),
    )
    return False


class CheckIn:
    """The answer a door check-in gives; `result` is one of the constants below."""

    CHECKED_IN = "checked_in"
    ALREADY = "already_checked_in"
    CANCELLED = "cancelled"
    WAITING = "waiting"
    UNKNOWN = "unknown"
    NOT_TODAY = "not_today"

    def __init__(self, result: str, registration: Registration | None = None):
        self.result = result
        self.registration = registration


def event_is_on(event: Event, day) -> bool:
    """Whether the event takes place on this day (in Asia/Shanghai), from its first day to its last."""
    return timezone.localdate(event.starts_at) <= day <= timezone.localdate(event.ends_at)


def registration_check_in(*, event: Event, ticket_code: str, confirm_other_day: bool = False) -> CheckIn:
    """Mark a ticket of this event as arrived; each outcome (twice, cancelled, waiting, unknown) is distinct.

    On a day the event does not take place, a valid ticket is only checked in when confirmed.
    """
    code = normalise_ticket_code(ticket_code)
    with transaction.atomic():
        registration = (
            event.registrations.select_related("invitation_code")
            .select_for_update(of=("self",))
            .filter(ticket_code=code)
            .first()
        )
        if registration is None:
            return CheckIn(CheckIn.UNKNOWN)
        if registration.status == Registration.Status.CANCELLED:
            return CheckIn(CheckIn.CANCELLED, registration)
        if registration.status == Registration.Status.WAITING:
            return CheckIn(CheckIn.WAITING, registration)
        if registration.checked_in_at:
            return CheckIn(CheckIn.ALREADY, registration)
        if not confirm_other_day and not event_is_on(event, timezone.localdate()):
            return CheckIn(CheckIn.NOT_TODAY, registration)
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at"])
        return CheckIn(CheckIn.CHECKED_IN, registration)


def reminders_send(*, today=None) -> int:
    """Email confirmed attendees of events that start tomorrow; each person at most once.

    Safe to run as often as wanted (and from two machines): a reminder is marked sent in the
    same transaction that queues it, and rows another run holds are skipped.
    """
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    sent = 0
    with transaction.atomic():
        registrations = (
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event")
            .filter(
                status=Registration.Status.CONFIRMED,
                reminder_sent_at__isnull=True,
                personal_data_erased_at__isnull=True,
                event__state=Event.State.PUBLISHED,
                event__starts_at__date=tomorrow,
            )
        )
        now = timezone.now()
        for registration in registrations:
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            email_registration(registration, "reminder")
            sent += 1
    return sent


def attendee_data_erase(*, ended_before) -> dict:
    """Erase the personal data of registrations for events that ended before `ended_before`.

    Status, role, language and check-in time stay, so the counts by status and the attendance
    figures survive; names, addresses, organisations and phone numbers go, as do the stored emails.
    """
    events = Event.objects.filter(ends_at__lt=ended_before, attendee_data_erased_at__isnull=True)
    erased = {"events": 0, "registrations": 0, "emails": 0}
    for event in events:
        with transaction.atomic():
            event = _lock_event(event)
            for registration in event.registrations.filter(personal_data_erased_at__isnull=True):
                erased["emails"] += registration_personal_data_erase(registration)
                erased["registrations"] += 1
            event.attendee_data_erased_at = timezone.now()
            event.save(update_fields=["attendee_data_erased_at"])
            erased["events"] += 1
    return erased


def registration_personal_data_erase(registration: Registration) -> int:
    """Erase one registration's personal data, its stored emails' bodies and its audit trail copies;
    returns how many emails were erased. Status, role, language and check-in time stay."""
    emails = OutgoingEmail.objects.filter(Q(registration=registration) | Q(body__contains=registration.manage_token))
    erased_emails = emails.erase(to=ERASED_EMAIL.format(pk=registration.pk))
    registration.full_name = ""
    registration.email = ERASED_EMAIL.format(pk=registration.pk)
    registration.organisation = ""
    registration.phone = ""
    registration.manage_token = new_manage_token()
    registration.personal_data_erased_at = timezone.now()
    registration.save()
    registration.answers.all().delete()
    meeting_notes_erase(registration)
    Version.objects.get_for_object(registration).delete()
    return erased_emails


def event_cancelled_notify(*, event: Event) -> int:
    """Tell everyone still registered (confirmed or waiting) that the event is cancelled."""
    with transaction.atomic():
        event = _lock_event(event)
        if event.state != Event.State.CANCELLED:
            return 0
        registrations = event.registrations.exclude(status=Registration.Status.CANCELLED).filter(
            personal_data_erased_at__isnull=True
        )
        count = 0
        for registration in registrations:
            registration.event = event
            email_registration(registration, "event_cancelled")
            count += 1
    return count


# Who a message to attendees goes to: never the cancelled, never anyone whose data was erased.
AUDIENCE_STATUSES = {
    AttendeeMessage.Audience.CONFIRMED: [Registration.Status.CONFIRMED],
    AttendeeMessage.Audience.WAITING: [Registration.Status.WAITING],
    AttendeeMessage.Audience.ALL: [Registration.Status.CONFIRMED, Registration.Status.WAITING],
}
MESSAGE_LANGUAGES = ("zh-hans", "en")


def message_recipients(event: Event, audience: str, agenda_item: AgendaItem | None = None):
    """Who a message goes to. With a session: the confirmed attendees booked in it (a seat for "confirmed",
    a place on its waiting list for "waiting", either for "all")."""
    if agenda_item is None:
        registrations = event.registrations.filter(status__in=AUDIENCE_STATUSES[audience])
    else:
        registrations = event.registrations.filter(
            status=Registration.Status.CONFIRMED,
            session_bookings__agenda_item=agenda_item,
            session_bookings__status__in=AUDIENCE_STATUSES[audience],
        )
    return registrations.filter(personal_data_erased_at__isnull=True).order_by("created_at", "pk")


def message_recipient_counts(event: Event, audience: str, agenda_item: AgendaItem | None = None) -> dict[str, int]:
    """How many people get the message in each language (anyone not registered in English reads Chinese)."""
    english = message_recipients(event, audience, agenda_item).filter(language="en").count()
    return {"zh-hans": message_recipients(event, audience, agenda_item).count() - english, "en": english}


def message_language(registration: Registration) -> str:
    return "en" if registration.language == "en" else "zh-hans"


def message_email_context(message: AttendeeMessage, registration: Registration) -> dict:
    language = message_language(registration)
    return {
        "subject": message.subject_in(language),
        "body": message.body_in(language),
        "registration": registration,
        "event": message.event,
        "site_url": settings.SITE_URL,
        "manage_url": _manage_url(registration),
    }


# The ticket link of the preview's stand-in recipient: a link's shape, nobody's ticket.
PREVIEW_TOKEN = "0" * 43


def message_preview(message: AttendeeMessage, language: str) -> dict:
    """The email as someone registered in `language` gets it, with a stand-in for their name and ticket link."""
    with translation.override(language):
        name = str(_("[the attendee's name]"))
    stand_in = Registration(event=message.event, full_name=name, language=language, manage_token=PREVIEW_TOKEN)
    context = message_email_context(message, stand_in)
    subject, body = email_render(template="event_attendee_message", context=context, language=language)
    return {"language": language, "subject": subject, "body": body, "reply_to": message.reply_to}


def message_send(*, message: AttendeeMessage, batch_size: int | None = None) -> AttendeeMessage:
    """Store the message, counting its audience, and leave its emails to the task worker
    (message_emails_queue): the request stays short however many people it goes to. A message already sent
    under the same key (a second click) is returned, not sent again."""
    from events.tasks import message_emails_queue_later

    message.full_clean(exclude=["event"], validate_unique=False)
    try:
        with transaction.atomic():
            # The unique key first: a second click waits here for the first one's commit, then stops.
            # The event row is not locked, so registrations go on meanwhile.
            message.recipient_count = message_recipients(message.event, message.audience, message.agenda_item).count()
            message.save(force_insert=True)
            message_emails_queue_later(message.pk, batch_size or MESSAGE_BATCH_SIZE)
    except IntegrityError:
        return AttendeeMessage.objects.get(key=message.key)
    return message


# People whose emails the worker stores in one transaction: a killed worker loses no more than this.
MESSAGE_BATCH_SIZE = 100


def message_emails_queue_batch(*, message: AttendeeMessage, batch_size: int = MESSAGE_BATCH_SIZE) -> bool:
    """Store the emails of the next `batch_size` people a message goes to, each in the person's language with
    replies to the message's reply-to address, in one transaction with the message row locked; returns
    whether more remain. Someone with an email of the message already is skipped, so nobody gets it twice
    however often this runs; a message another worker is storing is left to it (False). The audience is the
    one of the moment Send was pressed: nobody who registered later."""
    with transaction.atomic():
        message = (
            AttendeeMessage.objects.to_queue()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("event")
            .filter(pk=message.pk)
            .first()
        )
        if message is None:
            return False
        already = message.emails.filter(registration__isnull=False).values("registration")
        recipients = list(
            message_recipients(message.event, message.audience, message.agenda_item)
            .filter(created_at__lte=message.created_at)
            .exclude(pk__in=already)[:batch_size]
        )
        emails = []
        for registration in recipients:
            registration.event = message.event
            emails.append(
                email_queue(
                    to=registration.email,
                    template="event_attendee_message",
                    context=message_email_context(message, registration),
                    language=message_language(registration),
                    headers={"Reply-To": message.reply_to},
                    about=registration,
                )
            )
        message.emails.add(*emails)
        if len(recipients) == batch_size:
            return True
        message.emails_queued_at = timezone.now()
        message.recipient_count = message.emails.count()
        message.save(update_fields=["emails_queued_at", "recipient_count"])
        return False


def message_emails_queue(*, message: AttendeeMessage, batch_size: int = MESSAGE_BATCH_SIZE) -> None:
    """Store every email of the message still to be stored, batch after batch, each its own transaction: a
    worker killed midway leaves the batches done, and the next run stores the rest. Stops early when another
    worker holds the message: that one goes on to the end."""
    while message_emails_queue_batch(message=message, batch_size=batch_size):
        pass


# A batch takes a second or two: a store task taken up this recently is still at work, not left by a dead worker.
MESSAGE_STORE_GRACE = timedelta(minutes=1)


def messages_queue_unfinished() -> int:
    """The task worker's sweep: a message whose emails are not all stored, and that no task waits to store
    (the worker storing it died mid-batch), gets a task again; returns how many. A message a worker is
    storing right now is locked by it, or its task was taken up moments ago: it is left alone."""
    from events.tasks import message_emails_queue_later, store_tasks

    with transaction.atomic():
        taken_lately = Q(status=TaskResultStatus.RUNNING, started_at__gte=timezone.now() - MESSAGE_STORE_GRACE)
        waiting = store_tasks().filter(Q(status=TaskResultStatus.READY) | taken_lately)
        stranded = AttendeeMessage.objects.to_queue().exclude(Exists(waiting)).select_for_update(skip_locked=True)
        message_ids = list(stranded.values_list("pk", flat=True))
        for message_id in message_ids:
            message_emails_queue_later(message_id, MESSAGE_BATCH_SIZE)
    return len(message_ids)


# Sessions: agenda items with seats of their own (a 40-seat workshop in a 500-seat conference), booked by
# the event's confirmed attendees. Each session's seats follow the event's rule: its row is locked, its
# bookings counted inside the transaction, the rest wait in order. The person's registration row is locked
# first, so their own requests take turns too and nobody comes to hold two sessions that overlap.

SESSION_ERRORS = {
    "not_confirmed": _(
        "Sessions are booked by confirmed attendees: once your seat at the event is confirmed, "
        "pick them on your ticket page."
    ),
    "sessions_closed": _("This event's sessions can no longer be booked or changed."),
    "not_a_session": _("This agenda item takes no bookings; reload the page to see the sessions."),
    "session_started": _("“%(session)s” has started: its bookings can no longer change."),
    "clash": _("“%(session)s” overlaps “%(other)s” (%(time)s): nobody can attend both. Choose one of them."),
    "meeting_clash": _(
        "“%(session)s” overlaps your meeting at %(time)s: cancel the meeting on this page first, or choose "
        "another session."
    ),
}


class SessionError(ServiceError):
    """A session booking that the rules refuse; `code` is a key of SESSION_ERRORS, the rest fill its message."""

    messages = SESSION_ERRORS

    def __init__(self, code: str, **details):
        self.code, self.details = code, details
        Exception.__init__(self, str(self.message))

    @property
    def message(self):
        text = self.messages[self.code]
        return text % self.details if self.details else text


def session_clash(item: AgendaItem, others) -> AgendaItem | None:
    """The first of `others` that overlaps `item` in time (itself apart): the one overlap rule, which the
    forms ask before anything is locked and the services ask again under the locks."""
    return next((other for other in others if other.pk != item.pk and item.overlaps(other)), None)


def session_clash_error(item: AgendaItem, other: AgendaItem) -> SessionError:
    return SessionError("clash", session=item.title, other=other.title, time=session_when(other))


def meeting_clash_error(item: AgendaItem, meeting) -> SessionError:
    return SessionError("meeting_clash", session=item.title, time=session_when(meeting.slot))


def _sessions_added_check(registration: Registration, items: list, holding: list, now, meetings=()) -> None:
    """Raise the SessionError that refuses adding `items` (as locked; None for one that is no session of the
    event) to the sessions `holding`, at `now`, for a person with these `meetings`. `holding` takes the items."""
    for item in items:
        if refusal := _session_refusal(registration, item, now):
            raise refusal
        if other := session_clash(item, holding):
            raise session_clash_error(item, other)
        if meeting := meeting_clash_among(meetings, item.starts_at, item.ends_at):
            raise meeting_clash_error(item, meeting)
        holding.append(item)


def _session_refusal(registration: Registration, item: AgendaItem | None, now) -> SessionError | None:
    """Why this person's booking of `item` cannot change at `now`; None when it can."""
    if item is None or not item.is_session:
        return SessionError("not_a_session")
    if registration.status != Registration.Status.CONFIRMED:
        return SessionError("not_confirmed")
    if registration.event.state != Event.State.PUBLISHED:
        return SessionError("sessions_closed")
    if item.starts_at <= now:
        return SessionError("session_started", session=item.title)
    return None


def sessions_choose(*, registration: Registration, items: list[AgendaItem], email: bool = True) -> list[SessionBooking]:
    """Make the person's sessions exactly `items`: a new one gives a seat while one is free, otherwise a place
    on that session's waiting list; one left out frees its seat for the first person waiting there. All or
    nothing: a refusal or an overlap (SessionError) changes nothing. Emails the person their sessions when
    anything changed, unless `email` is off (the ticket email lists them); returns their bookings, in the
    agenda's order."""
    wanted = {item.pk for item in items}
    with transaction.atomic():
        # No key update, so that another session's promotion can store an email about this person (a foreign
        # key to the row) while this holds it and waits for that session's row: no deadlock.
        registration = (
            Registration.objects.select_for_update(of=("self",), no_key=True)
            .select_related("event")
            .get(pk=registration.pk)
        )
        # The sessions asked for and those held, locked in one query, always in the same order.
        held_items = SessionBooking.objects.filter(registration=registration).values("agenda_item")
        locked = {
            item.pk: item
            for item in AgendaItem.objects.select_for_update()
            .filter(Q(event_id=registration.event_id, pk__in=wanted) | Q(pk__in=held_items))
            .order_by("pk")
        }
        now = timezone.now()
        held = {booking.agenda_item_id: booking for booking in registration.session_bookings.all()}
        dropped = [booking for item_id, booking in held.items() if item_id not in wanted]
        for booking in dropped:
            item = booking.agenda_item = locked[booking.agenda_item_id]
            # Given up until it starts, even if the item has since stopped taking bookings.
            if item.starts_at <= now:
                raise SessionError("session_started", session=item.title)
            _session_booking_drop(booking, item)
        kept = [booking for item_id, booking in held.items() if item_id in wanted]
        for booking in kept:
            booking.agenda_item = locked[booking.agenda_item_id]
        holding = [booking.agenda_item for booking in kept]
        # The person's meetings read once for all the sessions added: a session must not overlap one either.
        meetings = meetings_held(registration) if any(item.pk not in held for item in items) else []
        new = [locked.get(item.pk) for item in items if item.pk not in held]
        _sessions_added_check(registration, new, holding, now, meetings)
        created = _sessions_book(registration, new, now) if new else []
        bookings = sorted(kept + created, key=lambda booking: (booking.agenda_item.starts_at, booking.agenda_item.pk))
        if email and (dropped or created):
            email_sessions(registration, bookings)
    return bookings


def sessions_first_book(registration: Registration, items: list[AgendaItem]) -> list[SessionBooking]:
    """sessions_choose for a registration confirmed a moment ago, which holds no session and whose email lists
    its sessions: the same rules under the same locks, in two statements (events/session_claim.py). The `items`
    are given the times and seats read under the lock."""
    with transaction.atomic():
        status, state, found = sessions_locked(registration, [item.pk for item in items])
        if found:
            # As they stand under the lock: an organiser may have cancelled the registration or closed the event.
            registration.status, registration.event.state = status, state
        for item in items:
            if item.pk in found:
                item.starts_at, item.ends_at, item.capacity = found[item.pk]
        now = timezone.now()
        # The person's meetings are the claim's to check, in the same statement as the bookings.
        _sessions_added_check(registration, [item if item.pk in found else None for item in items], [], now)
        booked = sessions_claimed(registration, [item.pk for item in items], now)
        for item in items:
            if item.pk not in booked:
                raise meeting_clash_error(item, meeting_clash(registration, item.starts_at, item.ends_at))
    bookings = [
        SessionBooking(
            pk=booked[item.pk][0],
            registration=registration,
            agenda_item=item,
            status=booked[item.pk][1],
            created_at=now,
            status_changed_at=now,
        )
        for item in items
    ]
    for booking in bookings:
        stored(booking)
    return sorted(bookings, key=lambda booking: (booking.agenda_item.starts_at, booking.agenda_item.pk))


def _sessions_book(registration: Registration, items: list[AgendaItem], now) -> list[SessionBooking]:
    """Book each session for the person, a seat while one is free, else a place in its line; under the
    sessions' locks, their confirmed bookings counted in one query."""
    confirmed = dict(
        SessionBooking.objects.filter(agenda_item__in=items, status=SessionBooking.Status.CONFIRMED)
        .order_by()
        .values("agenda_item")
        .annotate(count=Count("pk"))
        .values_list("agenda_item", "count")
    )
    return SessionBooking.objects.bulk_create(
        SessionBooking(
            registration=registration,
            agenda_item=item,
            status=SessionBooking.Status.CONFIRMED
            if confirmed.get(item.pk, 0) < item.capacity
            else SessionBooking.Status.WAITING,
            created_at=now,
            status_changed_at=now,
        )
        for item in items
    )


def _session_booking_drop(booking: SessionBooking, item: AgendaItem) -> None:
    """Delete a booking under its session's lock; a freed seat goes to the first person waiting."""
    booking.delete()
    if booking.status == SessionBooking.Status.CONFIRMED:
        session_waiting_list_promote(item=item)


def sessions_release(*, registration: Registration) -> None:
    """Free every session of a registration being cancelled, each seat to the first person waiting there.
    Call under the registration's lock (inside registration_cancel)."""
    item_ids = list(registration.session_bookings.values_list("agenda_item_id", flat=True))
    if not item_ids:
        return
    locked = {item.pk: item for item in AgendaItem.objects.select_for_update().filter(pk__in=item_ids).order_by("pk")}
    for booking in registration.session_bookings.all():
        _session_booking_drop(booking, locked[booking.agenda_item_id])


def session_waiting_list_promote(*, item: AgendaItem) -> list[SessionBooking]:
    """Give a session's free seats to the people waiting for it, first come first served; each is told by
    email in their language. Call with the item's row locked."""
    if item.capacity is None:
        return []
    free = item.capacity - item.bookings.filter(status=SessionBooking.Status.CONFIRMED).count()
    if free <= 0:
        return []
    promoted = list(item.bookings.waiting_in_order().select_related("registration__event")[:free])
    now = timezone.now()
    for booking in promoted:
        booking.status = SessionBooking.Status.CONFIRMED
        booking.status_changed_at = now
        booking.save(update_fields=["status", "status_changed_at"])
        booking.agenda_item = item
        email_session_promoted(booking)
    return promoted


def session_waiting_lists_fill(*, event: Event) -> list[SessionBooking]:
    """After an organiser adds seats to sessions: confirm the people waiting for them, in order."""
    promoted = []
    with transaction.atomic():
        for item in AgendaItem.objects.filter(event=event).sessions().select_for_update().order_by("pk"):
            promoted += session_waiting_list_promote(item=item)
    return promoted


def email_sessions(registration: Registration, bookings: list[SessionBooking]) -> None:
    """The person's sessions as they now stand (a seat, or a place in line), in their language."""
    email_registration(registration, "sessions_changed", bookings)


def email_session_promoted(booking: SessionBooking) -> None:
    email_registration(booking.registration, "session_promoted", item=booking.agenda_item)
