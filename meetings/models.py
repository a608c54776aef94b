from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.models import District
from enterprises.models import Enterprise
from events.models import Event, Registration

# The lengths a desk's slots may have, in minutes.
SLOT_MINUTES = (15, 20, 30)
NOTE_MAX_LENGTH = 300


class MeetingProgramme(models.Model):
    """An event that offers meetings with desks; requests are taken while it is open."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meeting_programme"
    )
    is_open = models.BooleanField(
        _("taking requests"), default=True, help_text=_("Off: attendees see the desks but can request no meeting.")
    )

    class Meta:
        verbose_name = _("meeting programme")
        verbose_name_plural = _("meeting programmes")

    def __str__(self):
        return str(self.event)


class DeskQuerySet(models.QuerySet):
    def taking_part(self):
        return self.filter(accepted_at__isnull=False)


class Desk(models.Model):
    """Who meets attendees at an event: a district's investment desk, or a listed enterprise that accepted."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District investment desk")
        ENTERPRISE = "enterprise", _("Enterprise")

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meeting_desks")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact_email = models.EmailField(_("contact email"), help_text=_("Requests and changes are emailed here."))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, help_text=_("The language of the desk's emails.")
    )
    accepted_at = models.DateTimeField(
        _("accepted"),
        null=True,
        blank=True,
        help_text=_("When the desk agreed to take part; attendees see a desk only once this is recorded."),
    )

    objects = DeskQuerySet.as_manager()

    class Meta:
        ordering = ["event", "kind", "pk"]
        verbose_name = _("meeting desk")
        verbose_name_plural = _("meeting desks")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="district", district__isnull=False, enterprise__isnull=True)
                | Q(kind="enterprise", enterprise__isnull=False, district__isnull=True),
                name="meeting_desk_names_its_district_or_enterprise",
                violation_error_message=_(
                    "A district's desk names its district and no enterprise; an enterprise's desk names its "
                    "enterprise and no district."
                ),
            ),
            models.UniqueConstraint(fields=["event", "district"], name="meeting_desk_one_per_district_per_event"),
            models.UniqueConstraint(fields=["event", "enterprise"], name="meeting_desk_one_per_enterprise_per_event"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.kind == self.Kind.DISTRICT and self.district_id:
            return str(_("%(district)s investment desk") % {"district": self.district.name})
        return self.enterprise.name if self.enterprise_id else ""


class SlotQuerySet(models.QuerySet):
    def free(self):
        """Slots nobody has requested or holds (a declined or cancelled meeting frees its slot)."""
        return self.exclude(meetings__status__in=Meeting.ACTIVE)

    def ahead(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now())


class Slot(models.Model):
    """A time a desk offers at one of its tables."""

    desk = models.ForeignKey(Desk, verbose_name=_("desk"), on_delete=models.CASCADE, related_name="slots")
    table = models.PositiveSmallIntegerField(_("table"), default=1)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "desk", "table"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        constraints = [
            models.UniqueConstraint(fields=["desk", "table", "starts_at"], name="meeting_slot_one_per_table_and_time"),
            models.CheckConstraint(condition=Q(table__gte=1), name="meeting_slot_table_from_one"),
            models.CheckConstraint(
                condition=Q(ends_at=F("starts_at") + timedelta(minutes=SLOT_MINUTES[0]))
                | Q(ends_at=F("starts_at") + timedelta(minutes=SLOT_MINUTES[1]))
                | Q(ends_at=F("starts_at") + timedelta(minutes=SLOT_MINUTES[2])),
                name="meeting_slot_lasts_15_20_or_30_minutes",
            ),
        ]

    def __str__(self):
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return f"{self.desk} · {start:%Y-%m-%d %H:%M}–{end:%H:%M} · " + str(
            _("table %(number)s") % {"number": self.table}
        )


class MeetingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Meeting.ACTIVE)


class Meeting(models.Model):
    """An attendee's meeting with a desk in one slot: requested, then accepted or declined by the desk."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.REQUESTED, Status.ACCEPTED)

    slot = models.ForeignKey(Slot, verbose_name=_("time slot"), on_delete=models.PROTECT, related_name="meetings")
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.PROTECT, related_name="meetings"
    )
    # Empty once the person's data is erased; the services require one on request.
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.REQUESTED)
    # Raised on every change, so calendars replace their copy of the meeting (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            # A slot goes to one party at most, whatever the code above it does.
            models.UniqueConstraint(
                fields=["slot"], condition=Q(status__in=["requested", "accepted"]), name="meeting_one_active_per_slot"
            ),
        ]
        indexes = [models.Index(fields=["registration", "status"])]

    def __str__(self):
        return f"{self.registration.full_name} · {self.slot}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def calendar_uid(self) -> str:
        return f"meeting-{self.pk}@haizhu-portal"
