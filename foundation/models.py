from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import JSONArray
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# The privacy notice's text version (templates/privacy.html): raised whenever its substance changes,
# and stored with each consent: the day of the change, with ".2" and on for a further change that day.
PRIVACY_NOTICE_VERSION = "2026-12-06.2"


class ConsentRecord(models.Model):
    """When a person gave their consent, and to which version of the privacy notice."""

    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    consent_notice_version = models.CharField(_("privacy notice version"), max_length=20, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.record_consent()
        super().save(*args, **kwargs)

    def record_consent(self) -> None:
        """Stamp a new record's consent with the time and notice version; save() does, bulk_create() callers must."""
        if self._state.adding and self.consent and self.consent_at is None:
            self.consent_at = timezone.now()
            self.consent_notice_version = PRIVACY_NOTICE_VERSION


def delivery_tasks():
    """The task queue's rows sending the email OuterRef("pk"), in a subquery (deliver_email's argument)."""
    from foundation.tasks import deliver_email

    return DBTaskResult.objects.filter(task_path=deliver_email.module_path, args_kwargs__args=JSONArray(OuterRef("pk")))


class OutgoingEmailQuerySet(models.QuerySet):
    def unqueued(self):
        """Pending emails that no task waits to send: the worker sending one died, or its task failed
        outside the send. With the database task queue only."""
        waiting = delivery_tasks().filter(status=TaskResultStatus.READY)  # due now, or deferred as a retry is
        return self.filter(status=OutgoingEmail.Status.PENDING).exclude(Exists(waiting))

    def stuck(self, *, since):
        """Unqueued emails that no worker has taken up since `since`: nothing will send them."""
        taken = delivery_tasks().filter(started_at__gte=since)
        return self.unqueued().filter(created_at__lt=since).exclude(Exists(taken))

    def erase(self, *, to: str, **fields) -> int:
        """Keep the rows (what was sent, when) without the recipient's data (an alert's unsubscribe
        headers carry its secret link); unsent ones are never sent."""
        return self.update(
            to=to,
            body="",
            headers={},
            attachments=[],
            status=models.Case(
                models.When(status=OutgoingEmail.Status.PENDING, then=models.Value(OutgoingEmail.Status.FAILED)),
                default=models.F("status"),
            ),
            **fields,
        )


class OutgoingEmail(models.Model):
    """An email the portal owes someone. Stored before sending so a mail failure loses nothing."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    # Extra message headers, e.g. List-Unsubscribe on alert emails.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # Files sent with the email, each {"filename", "content_type", "content"} as text (a meeting's .ics).
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # What the email is about decides who may read it (see the scoped permissions); none: administrators only.
    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
    )
    inquiry = models.ForeignKey(
        "districts.Inquiry",
        verbose_name=_("inquiry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("submission"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
    )

    ABOUT_FIELDS = ("registration", "inquiry", "enterprise")

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        # Staff who may read an email may send a failed one again; nobody edits what was sent.
        permissions = [("resend_outgoingemail", _("Can send a failed email again"))]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration__isnull=True, inquiry__isnull=True)
                | Q(registration__isnull=True, enterprise__isnull=True)
                | Q(inquiry__isnull=True, enterprise__isnull=True),
                name="outgoing_email_about_one_record",
            )
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @classmethod
    def about_field(cls, record) -> str:
        """The field that ties an email to `record` (a registration, an inquiry or a submitted enterprise)."""
        for name in cls.ABOUT_FIELDS:
            if isinstance(record, cls._meta.get_field(name).related_model):
                return name
        raise TypeError(f"Emails are not tied to {type(record).__name__} records.")

    @property
    def about(self):
        return self.registration or self.inquiry or self.enterprise
