"""Writes for events: registration under a hard capacity, the waiting list, cancellation and check-in.

Every rule about seats lives here. Each write locks the event row first, so concurrent requests
on any number of server processes take turns and re-count inside their own transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from events.models import (
    Answer,
    AttendeeMessage,
    Event,
    InvitationCode,
    Registration,
    new_invitation_code,
    new_manage_token,
    normalise_ticket_code,
)
from foundation.emails import email_queue, email_render
from foundation.models import OutgoingEmail
from foundation.service_errors import ServiceError
from meetings.services import meeting_notes_erase, meetings_cancel_for

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
    "too_many_held": _(
        "Not enough seats are free to hold back that many: lower the held seats or the number of codes."
    ),
}
# Refusals that concern the invitation code the person typed: shown on that field.
CODE_ERRORS = ("code_unknown", "code_expired", "code_used_up")


class RegistrationError(ServiceError):
    """A registration request that the rules refuse; `code` is a key of ERROR_MESSAGES."""

    messages = ERROR_MESSAGES


# What Event.registration_refusal() and the seat count read.
SEAT_RULE_FIELDS = ["state", "capacity", "registration_opens_at", "registration_closes_at", "starts_at"]


def _lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


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


def email_registration(registration: Registration, template: str) -> None:
    """Queue one of the registration emails, in the language the person registered in."""
    email_queue(
        to=registration.email,
        template=f"event_{template}",
        context={
            "registration": registration,
            "event": registration.event,
            "site_url": settings.SITE_URL,
            "manage_url": _manage_url(registration),
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
) -> Registration:
    """Register someone: confirmed while seats are left, otherwise on the waiting list, in order.

    `answers` (unsaved, from AnswersForm.answers()) are stored with the registration, in the same transaction.
    With an `invitation_code` (from invitation_code_find), the registration is one of its uses: it may take a
    seat the code holds, and register while registration is closed or full if the code allows.

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
    # Field checks, a quick answer to a repeated address, and nothing else, before the event row is
    # locked: every request holds the lock in turn, so it is kept to the count, the insert and the
    # email. The database's unique constraint catches a duplicate that races past this check.
    # The event is the row the caller read, so its foreign key needs no query of its own.
    registration.full_clean(exclude=["event", "invitation_code"], validate_unique=False, validate_constraints=False)
    refusal = event.registration_refusal(timezone.now(), invitation_code)
    if refusal:
        raise RegistrationError(refusal)
    if event.registrations.exclude(status=Registration.Status.CANCELLED).filter(email__iexact=email).exists():
        raise RegistrationError("duplicate")
    try:
        with transaction.atomic():
            # Only the columns the rules read, fresh under the lock: the rest of the row is the
            # caller's, and the narrow read keeps the locked stretch short.
            event.refresh_from_db(fields=SEAT_RULE_FIELDS, from_queryset=Event.objects.select_for_update())
            now = timezone.now()
            if invitation_code is not None:
                # Its uses counted afresh: every use of the event's codes is made under this lock.
                invitation_code = InvitationCode.objects.with_uses(now).get(pk=invitation_code.pk)
                if refusal := invitation_code.refusal(now):
                    raise RegistrationError(refusal)
            refusal = event.registration_refusal(now, invitation_code)
            if refusal:
                raise RegistrationError(refusal)
            status = _status_for(event, invitation_code, now)
            registration.status = status
            registration.created_at = registration.status_changed_at = now
            registration.save(force_insert=True)
            if answers:
                for answer in answers:
                    answer.registration = registration
                    answer.answered_at = now
                Answer.objects.bulk_create(answers)
            email_registration(
                registration,
                "registration_confirmed" if status == Registration.Status.CONFIRMED else "registration_waiting",
            )
    except IntegrityError:
        raise RegistrationError("duplicate")
    return registration


def _status_for(event: Event, invitation_code: InvitationCode | None, now) -> str:
    """Confirmed while a seat is free to this person: a public one, or one their code holds; a code that may
    register when full confirms beyond the capacity. Otherwise the waiting list. Under the event's lock."""
    confirmed, held = _seats_taken(event, now)
    own_held = 1 if invitation_code is not None and invitation_code.held_left > 0 else 0
    if confirmed + held - own_held < event.capacity:
        return Registration.Status.CONFIRMED
    if invitation_code is not None and invitation_code.may_register_when_closed:
        return Registration.Status.CONFIRMED
    return Registration.Status.WAITING


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
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
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


def message_recipients(event: Event, audience: str):
    return event.registrations.filter(
        status__in=AUDIENCE_STATUSES[audience], personal_data_erased_at__isnull=True
    ).order_by("created_at", "pk")


def message_recipient_counts(event: Event, audience: str) -> dict[str, int]:
    """How many people get the message in each language (anyone not registered in English reads Chinese)."""
    english = message_recipients(event, audience).filter(language="en").count()
    return {"zh-hans": message_recipients(event, audience).count() - english, "en": english}


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


def message_send(*, message: AttendeeMessage) -> AttendeeMessage:
    """Store the message and one email per recipient, each in the person's language with replies to the
    message's reply-to address, in one transaction: a crash queues everyone or no one. The worker sends
    them. A message already sent under the same key (a second click) is returned, not sent again."""
    message.full_clean(exclude=["event"], validate_unique=False)
    try:
        with transaction.atomic():
            # The unique key first: a second click waits here for the first one's commit, then stops.
            # The event row is not locked, so registrations go on meanwhile.
            message.save(force_insert=True)
            emails = []
            for registration in message_recipients(message.event, message.audience):
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
    except IntegrityError:
        return AttendeeMessage.objects.get(key=message.key)
    return message
