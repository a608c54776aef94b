import secrets
from functools import cache

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Least, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from districts.models import District, Source, caveat_field
from foundation.link_tokens import new_link_token
from foundation.models import ConsentRecord, OutgoingEmail
from foundation.prepared import prepared_cursor

# 32 characters, five bits each (random_code); no 0/O or 1/I to mistake for one another.
TICKET_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TICKET_CODE_LENGTH = 10


def random_code(length: int) -> str:
    """`length` characters of TICKET_CODE_ALPHABET, each uniform: the alphabet's 32 characters take five random
    bits each, all drawn at once (secrets.choice would read the system's randomness once a character)."""
    bits = secrets.randbits(5 * length)
    return "".join(TICKET_CODE_ALPHABET[(bits >> (5 * place)) & 31] for place in range(length))


def new_ticket_code() -> str:
    """Short enough to type at the door, long enough (about 50 bits) not to be guessed."""
    return random_code(TICKET_CODE_LENGTH)


def normalise_ticket_code(value: str) -> str:
    """Codes are typed at the door in any case, with spaces or dashes."""
    return "".join(character for character in value.upper() if character.isalnum())


def new_manage_token() -> str:
    return new_link_token()


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Event.State.PUBLISHED, district__is_published=True)

    def visible(self):
        """Published and cancelled events stay on the site; drafts do not."""
        return self.filter(state__in=[Event.State.PUBLISHED, Event.State.CANCELLED], district__is_published=True)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "pk")

    def with_seat_counts(self, now=None):
        """Each event's confirmed and waiting registrations as `confirmed` and `waiting`, and the seats its
        invitation codes still hold back from the public as `held`, counted in the same query.

        Each count is a subquery of its own, not a join grouped by event: grouped, the codes' subquery
        ran once for every registration joined."""
        held = (
            InvitationCode.objects.filter(event=OuterRef("pk"))
            .with_uses(now)
            .order_by()
            .values("event")
            .annotate(total=Sum("held_left"))
            .values("total")
        )
        return self.annotate(
            confirmed=_registrations_counted(Registration.Status.CONFIRMED),
            waiting=_registrations_counted(Registration.Status.WAITING),
            held=Coalesce(Subquery(held), 0),
        )


def _registrations_counted(status: str) -> Coalesce:
    """The outer event's registrations of `status`, counted in a subquery (through the index on event and
    status)."""
    registrations = Registration.objects.filter(event=OuterRef("pk"), status=status).order_by()
    return Coalesce(Subquery(registrations.values("event").annotate(count=Count("pk")).values("count")), 0)


class Event(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    organiser_name = models.CharField(
        _("organiser"),
        max_length=200,
        blank=True,
        help_text=_("Who runs the event, as its source names it; empty when the source does not say."),
    )
    venue = models.CharField(_("venue"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    times_announced = models.BooleanField(
        _("times announced"),
        default=True,
        help_text=_("Off when only the dates are known; pages then show dates only."),
    )
    date_announced = models.BooleanField(
        _("date announced"),
        default=True,
        help_text=_(
            "Off when no source gives the date: pages then say the date is not published, and the start "
            "only places the event in lists (for example the date of the report that names it)."
        ),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_(
            "Confirmed seats; later registrations wait. Empty when no capacity is published: "
            "the event then takes no registration here."
        ),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty means when the event starts.")
    )
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.DRAFT)
    cover_image = models.ImageField(_("cover image"), upload_to="events/", blank=True)
    cover_image_alt = models.CharField(_("cover image description"), max_length=200, blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True)
    caveat = caveat_field()
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Example content, not a sourced fact; shown with a label.")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_events",
        help_text=_("Staff in the event organisers group who run this event."),
    )
    attendee_data_erased_at = models.DateTimeField(_("attendee data erased"), null=True, blank=True, editable=False)
    # Feeds and alert digests say what is new and what changed.
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            # No registration is written as an empty capacity, never as 0 seats that would send everyone to wait.
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="event_capacity_positive_or_empty"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            # Times cannot be known when the date is not.
            models.CheckConstraint(
                condition=Q(date_announced=True) | Q(times_announced=False), name="event_times_need_a_date"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["state", "starts_at"]), models.Index(fields=["ends_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def registration_closes(self):
        return self.registration_closes_at or self.starts_at

    def registration_refusal(self, now=None, invitation_code=None) -> str | None:
        """Why registration is refused at `now` (a code of events.services.ERROR_MESSAGES); None while it is open.

        The one registration-window rule: pages ask it through registration_is_open, the service raises its code.
        An invitation code that may register when closed opens the window until the event ends.
        """
        now = now or timezone.now()
        if self.state == self.State.CANCELLED:
            return "event_cancelled"
        if self.state != self.State.PUBLISHED:
            return "event_not_published"
        if self.capacity is None:
            return "no_registration"
        window = None
        if self.registration_opens_at and now < self.registration_opens_at:
            window = "not_open_yet"
        elif now >= self.registration_closes:
            window = "closed"
        if window and invitation_code is not None and invitation_code.may_register_when_closed and now < self.ends_at:
            return None
        return window

    def registration_is_open(self, now=None, invitation_code=None) -> bool:
        return self.registration_refusal(now, invitation_code) is None

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.state == self.State.CANCELLED

    def confirmed_count(self) -> int:
        return self.registrations.filter(status=Registration.Status.CONFIRMED).count()

    @property
    def takes_registration(self) -> bool:
        return self.capacity is not None

    def seats_left(self) -> int:
        """Seats free to the public: neither taken nor held for invitation codes. Reads the counts of
        with_seat_counts() when the event was loaded with them."""
        if self.capacity is None:
            return 0
        confirmed, held = getattr(self, "confirmed", None), getattr(self, "held", None)
        if confirmed is None or held is None:
            confirmed, held = Event.objects.filter(pk=self.pk).with_seat_counts().values_list("confirmed", "held").get()
        return max(self.capacity - confirmed - held, 0)


class AgendaItemQuerySet(models.QuerySet):
    def sessions(self):
        """The items that take bookings of their own (a workshop with its own seats), in the agenda's order."""
        return self.filter(capacity__isnull=False).order_by("starts_at", "pk")

    def with_booking_counts(self):
        """Each item's confirmed and waiting bookings, and the confirmed ones checked in at the door, as
        `booked`, `waiting` and `checked_in`: one query for any number of sessions."""
        confirmed = Q(bookings__status=SessionBooking.Status.CONFIRMED)
        return self.annotate(
            booked=Count("bookings", filter=confirmed),
            waiting=Count("bookings", filter=Q(bookings__status=SessionBooking.Status.WAITING)),
            checked_in=Count("bookings", filter=confirmed & Q(bookings__registration__checked_in_at__isnull=False)),
        )


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    speakers = models.ManyToManyField("Speaker", verbose_name=_("speakers"), blank=True, related_name="agenda_items")
    capacity = models.PositiveIntegerField(
        _("session seats"),
        null=True,
        blank=True,
        help_text=_(
            "For a session with seats of its own (a workshop, say): confirmed attendees of the event book "
            "them; later ones wait. Needs an end time. Empty: the item takes no bookings."
        ),
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["event", "starts_at", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")), name="agenda_item_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="agenda_item_capacity_positive_or_empty"
            ),
            # Overlaps between sessions are judged on their times: a session needs its end.
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(ends_at__isnull=False), name="agenda_item_session_has_an_end"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.capacity is not None and self.ends_at is None:
            raise ValidationError({"ends_at": _("A session with seats of its own needs an end time.")})

    @property
    def is_session(self) -> bool:
        return self.capacity is not None

    def overlaps(self, other: "AgendaItem") -> bool:
        """Whether the two items share any moment; one ending as the other starts do not."""
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def seats_left(self) -> int:
        """Reads with_booking_counts()."""
        return max((self.capacity or 0) - self.booked, 0)


class Speaker(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=100)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    biography = models.TextField(_("biography"), blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)

    class Meta:
        ordering = ["event", "display_order", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name


class Question(models.Model):
    """A question of the event's own on its registration form; the answers keep the wording they were shown."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        ONE_CHOICE = "one_choice", _("One choice")
        SEVERAL_CHOICES = "several_choices", _("Several choices")
        YES_NO = "yes_no", _("Yes or no")
        NUMBER = "number", _("Number")

    CHOICE_KINDS = (Kind.ONE_CHOICE, Kind.SEVERAL_CHOICES)

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SHORT_TEXT)
    label = models.CharField(_("question"), max_length=300)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For one or several choices: one choice a line, in the same order in both languages."),
    )
    required = models.BooleanField(_("required"), default=False)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)
    show_at_door = models.BooleanField(
        _("show at the door"), default=False, help_text=_("The answer is shown on the check-in page for the ticket.")
    )

    class Meta:
        ordering = ["event", "display_order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label

    def choice_list(self) -> list[str]:
        """The choices in the language shown, one a line; blank lines do not count."""
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]

    def choice_position(self, wording: str) -> int | None:
        """Where a choice as someone was shown it stands among the choices now, in either language."""
        for language in ("zh_hans", "en"):
            lines = [line.strip() for line in (getattr(self, f"choices_{language}") or "").splitlines() if line.strip()]
            if wording in lines:
                return lines.index(wording)
        return None

    def clean(self):
        if self.kind not in self.CHOICE_KINDS:
            return
        counts = {
            language: len(
                [line for line in (getattr(self, f"choices_{language}", "") or "").splitlines() if line.strip()]
            )
            for language in ("zh_hans", "en")
        }
        if not any(counts.values()):
            # On the translated fields: the forms (the admin's too) show those, not `choices`.
            raise ValidationError({"choices_zh_hans": _("Write the choices, one a line.")})
        if all(counts.values()) and counts["zh_hans"] != counts["en"]:
            raise ValidationError(
                {"choices_en": _("The Chinese and English choices must be as many, one a line, in the same order.")}
            )


INVITATION_CODE_LENGTH = 8


def new_invitation_code() -> str:
    """Typed from a letter or a link: the ticket codes' unambiguous letters and digits (no 0/O, 1/I)."""
    return random_code(INVITATION_CODE_LENGTH)


def _count_of(registrations) -> Coalesce:
    return Coalesce(
        Subquery(registrations.order_by().values("invitation_code").annotate(count=Count("pk")).values("count")), 0
    )


class InvitationCodeQuerySet(models.QuerySet):
    def with_uses(self, now=None):
        """Each code's uses (its registrations not cancelled) as `used`, the confirmed ones as `confirmed_uses`,
        and the seats it still holds back from the public as `held_left`: none once it has expired or was
        withdrawn, and no more than its uses left. Counted in subqueries, so the rows can be summed
        (Event.with_seat_counts)."""
        now = now or timezone.now()
        uses = Registration.objects.filter(invitation_code=OuterRef("pk")).exclude(status=Registration.Status.CANCELLED)
        return self.annotate(
            used=_count_of(uses), confirmed_uses=_count_of(uses.filter(status=Registration.Status.CONFIRMED))
        ).annotate(
            held_left=Case(
                When(Q(expires_at__lte=now) | Q(withdrawn_at__isnull=False), then=Value(0)),
                default=Greatest(Value(0), Least(F("held_seats") - F("confirmed_uses"), F("max_uses") - F("used"))),
            )
        )


class InvitationCode(models.Model):
    """A code an organiser hands out (to a visiting delegation, say): it may hold seats back from the public
    and open registration while it is closed or full. Each registration made with it is one use; a
    cancelled one gives its use back."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitation_codes")
    code = models.CharField(_("code"), max_length=16, default=new_invitation_code)
    label = models.CharField(
        _("label"), max_length=200, help_text=_("Who the code is for, such as a visiting delegation; organisers only.")
    )
    max_uses = models.PositiveIntegerField(_("number of uses"), default=1)
    expires_at = models.DateTimeField(_("expires"))
    held_seats = models.PositiveIntegerField(
        _("held seats"),
        default=0,
        help_text=_("Seats kept for the code's holders: the public form shows that many fewer free seats."),
    )
    may_register_when_closed = models.BooleanField(
        _("may register when closed or full"),
        default=False,
        help_text=_(
            "Holders register before registration opens, after it closes (until the event ends) and when "
            "every seat is taken: then with a seat beyond the capacity."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    # When the seats it held went back to the public and the waiting list moved up: on withdrawal, or by the
    # task worker's sweep once it expired. Empty while it holds seats (or never held any).
    held_seats_released_at = models.DateTimeField(_("held seats released"), null=True, blank=True, editable=False)

    objects = InvitationCodeQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="invitation_code_unique_per_event"),
            models.CheckConstraint(condition=Q(max_uses__gt=0), name="invitation_code_has_uses"),
            models.CheckConstraint(
                condition=Q(held_seats__lte=F("max_uses")), name="invitation_code_holds_no_more_than_its_uses"
            ),
        ]

    def __str__(self):
        return f"{self.label} · {self.code}"

    def save(self, *args, **kwargs):
        self.code = normalise_ticket_code(self.code)
        super().save(*args, **kwargs)

    def clean(self):
        if self.held_seats is not None and self.max_uses is not None and self.held_seats > self.max_uses:
            raise ValidationError({"held_seats": _("A code cannot hold more seats than it has uses.")})

    def refusal(self, now=None) -> str | None:
        """Why the code cannot be used at `now` (a code of events.services.ERROR_MESSAGES); reads with_uses()."""
        if self.withdrawn_at is not None:
            return "code_withdrawn"
        if (now or timezone.now()) >= self.expires_at:
            return "code_expired"
        if self.used >= self.max_uses:
            return "code_used_up"
        return None


class RegistrationQuerySet(models.QuerySet):
    def waiting_in_order(self):
        """The waiting list in the order seats are offered: moved up by an organiser first, then first come."""
        return self.filter(status=Registration.Status.WAITING).order_by(*WAITING_ORDER)


# Higher priority first; an organiser moving someone to the front gives them the highest.
WAITING_ORDER = ("-priority", "created_at", "pk")


class Registration(ConsentRecord):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Role(models.TextChoices):
        INVESTOR = "investor", _("Investor")
        ENTERPRISE = "enterprise", _("Enterprise")
        MEDIA = "media", _("Media")
        GOVERNMENT = "government", _("Government")
        OTHER = "other", _("Other")

    # No index of its own: the index on event, status and time (Meta.indexes) begins with it. Every registration
    # writes each index twice (inserted, then claimed), so an index no query needs costs every registration.
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations", db_index=False
    )
    full_name = models.CharField(_("full name"), max_length=100)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent = models.BooleanField(_("consented to processing"))
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=20, choices=Status)
    ticket_code = models.CharField(
        _("ticket code"), max_length=16, unique=True, default=new_ticket_code, editable=False
    )
    manage_token = models.CharField(max_length=64, unique=True, default=new_manage_token, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    priority = models.PositiveIntegerField(
        _("waiting list priority"), default=0, editable=False, help_text=_("Raised when an organiser moves someone up.")
    )
    invitation_code = models.ForeignKey(
        InvitationCode,
        verbose_name=_("invitation code"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="registrations",
    )
    moved_up_at = models.DateTimeField(_("moved up"), null=True, blank=True, editable=False)
    moved_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved up by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "event", condition=~Q(status="cancelled"), name="registration_one_per_email_per_event"
            ),
            models.CheckConstraint(condition=Q(consent=True), name="registration_requires_consent"),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.full_name} · {self.event}"

    def get_absolute_url(self):
        return reverse("events:manage", kwargs={"token": self.manage_token})

    def ticket_qr_code(self) -> segno.QRCode:
        """The ticket's QR code, on the ticket page and the badge alike. It holds the door's check-in address
        with the code filled in (in the active language), so any phone camera at the door opens the right page."""
        check_in_url = reverse("events:check_in", kwargs={"slug": self.event.slug})
        return segno.make(f"{settings.SITE_URL}{check_in_url}?code={self.ticket_code}", error="m")

    def waiting_position(self) -> int | None:
        """The place in the event's waiting list, 1 first, in WAITING_ORDER; None unless waiting."""
        if self.status != self.Status.WAITING:
            return None
        with prepared_cursor() as cursor:
            cursor.execute(
                _waiting_ahead_statement(),
                [self.event_id, self.Status.WAITING.value, self.priority, self.priority, self.created_at, self.pk],
            )
            return cursor.fetchone()[0] + 1

    def answers_can_change(self, now=None) -> bool:
        """Answers to the event's questions may be changed from the ticket page until registration closes."""
        return self.status != self.Status.CANCELLED and self.event.registration_is_open(now)


@cache
def _waiting_ahead_statement() -> str:
    """How many of an event's waiting list stand ahead of one person: a higher priority, or the same priority and
    earlier (by time, then by key), as WAITING_ORDER lines them up. Written once: most of a crowd registering
    waits and its email names the place, and the ORM compiling this count cost more than PostgreSQL's counting."""
    return (
        f'SELECT count(*) FROM "{Registration._meta.db_table}" WHERE "event_id" = %s AND "status" = %s '
        'AND ("priority" > %s OR ("priority" = %s AND ("created_at", "id") < (%s, %s)))'
    )


class Answer(models.Model):
    """One answer of a registration, with the question and the chosen wording as the person was shown them:
    editing or deleting the question later changes nothing here."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )
    question_label = models.CharField(_("question as shown"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Question.Kind)
    # Typed text, a number, "yes" or "no", or the chosen choices as shown, one a line.
    value = models.TextField(_("answer"))
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        ordering = ["registration", "question__display_order", "question", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                "registration", "question", condition=Q(question__isnull=False), name="answer_one_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.question_label}: {self.shown_value}"

    def means_the_same_as(self, other: "Answer") -> bool:
        """Whether two answers to the same question say the same; a choice is the same one in either language."""
        if self.kind in Question.CHOICE_KINDS and self.question is not None:
            return self.chosen_positions() == other.chosen_positions()
        return self.value == other.value

    def chosen_positions(self) -> list[int | None]:
        return [self.question.choice_position(line) for line in self.value.splitlines()]

    @property
    def shown_value(self) -> str:
        """The answer to read, yes and no in the reader's language."""
        if self.kind == Question.Kind.YES_NO:
            return str(YES_NO_WORDS.get(self.value, self.value))
        return "; ".join(self.value.splitlines())


YES_NO_WORDS = {"yes": _("Yes"), "no": _("No")}


class AttendeeMessageQuerySet(models.QuerySet):
    def with_delivery_counts(self):
        """Each message with how many of its emails were sent, wait to be sent, and failed: one query for any number.
        Until the task worker has stored every email, the people it has not reached yet count as queued."""
        return self.annotate(
            sent=models.Count("emails", filter=Q(emails__status=OutgoingEmail.Status.SENT)),
            failed=models.Count("emails", filter=Q(emails__status=OutgoingEmail.Status.FAILED)),
            queued=models.Count("emails", filter=Q(emails__status=OutgoingEmail.Status.PENDING))
            + Case(
                When(
                    emails_queued_at__isnull=True,
                    then=Greatest(Value(0), F("recipient_count") - models.Count("emails")),
                ),
                default=Value(0),
            ),
        )

    def to_queue(self):
        """Messages whose emails the task worker has not all stored yet, oldest first."""
        return self.filter(emails_queued_at__isnull=True).order_by("created_at", "pk")


class AttendeeMessage(models.Model):
    """What an organiser wrote to an event's attendees, in both languages; each person gets one email, in the
    language they registered in, from the stored outbox. The task worker stores those emails, in batches,
    after the organiser presses Send: `emails_queued_at` says when it finished."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed attendees")
        WAITING = "waiting", _("People on the waiting list")
        ALL = "all", _("Everyone registered (confirmed and waiting)")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="messages")
    audience = models.CharField(_("to"), max_length=20, choices=Audience, default=Audience.CONFIRMED)
    # Kept as sent: a session written to is not deleted from under its messages.
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=pgettext_lazy("agenda item with seats of its own", "session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        help_text=_("Empty: the event's attendees. A session: the people booked in it (or waiting for it)."),
    )
    subject_zh_hans = models.CharField(_("subject in Chinese"), max_length=200)
    body_zh_hans = models.TextField(_("message in Chinese"))
    subject_en = models.CharField(_("subject in English"), max_length=200)
    body_en = models.TextField(_("message in English"))
    reply_to = models.EmailField(_("replies go to"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    # The preview's own key: sending the same preview twice (a double click, a reload) sends it once.
    key = models.UUIDField(unique=True, editable=False)
    emails = models.ManyToManyField(OutgoingEmail, verbose_name=_("emails"), related_name="+", editable=False)
    # The audience counted when Send was pressed; once every email is stored, how many there are.
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)
    emails_queued_at = models.DateTimeField(_("emails queued"), null=True, blank=True, editable=False)

    objects = AttendeeMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")

    def __str__(self):
        return self.subject_en or self.subject_zh_hans

    def subject_in(self, language: str) -> str:
        return self.subject_en if language == "en" else self.subject_zh_hans

    def body_in(self, language: str) -> str:
        return self.body_en if language == "en" else self.body_zh_hans


class SessionBookingQuerySet(models.QuerySet):
    def waiting_in_order(self):
        """A session's waiting list in the order seats are offered: first come, first served."""
        return self.filter(status=SessionBooking.Status.WAITING).order_by("created_at", "pk")


class SessionBooking(models.Model):
    """A confirmed attendee's place in one session of the event: a seat, or a place on its waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Seat confirmed")
        WAITING = "waiting", _("Waiting list")

    # Neither key has an index of its own: the unique constraint (registration, session) and the index on
    # session, status and time begin with them.
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="session_bookings",
        db_index=False,
    )
    # A session people booked is not deleted by accident: its bookings are cancelled first.
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=pgettext_lazy("agenda item with seats of its own", "session"),
        on_delete=models.PROTECT,
        related_name="bookings",
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status)
    created_at = models.DateTimeField(_("booked"), default=timezone.now, editable=False)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    objects = SessionBookingQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "created_at", "pk"]
        verbose_name = _("session booking")
        verbose_name_plural = _("session bookings")
        constraints = [
            models.UniqueConstraint(fields=["registration", "agenda_item"], name="session_booking_one_per_person"),
        ]
        indexes = [models.Index(fields=["agenda_item", "status", "created_at"])]

    def __str__(self):
        return f"{self.agenda_item} · {self.get_status_display()}"


# A person's sessions in the agenda's order.
SESSION_ORDER = ("agenda_item__starts_at", "agenda_item_id")
