"""One person's data under the Personal Information Protection Law (PIPL): what the portal holds about
an email address, and erasing it, across event registrations (and the meetings requested with them),
inquiries, enterprise submissions (their contact person and email), alert subscriptions and the emails
sent to them or about them.

Counts survive an erasure (a registration keeps its event, status, check-in and session bookings, which
then name nobody; an inquiry its district,
company, segment and workflow; a submitted enterprise its listing), so the bureau's figures stay true;
names, addresses, phone numbers, messages, answers to an event's questions, the stored emails' bodies
and the audit trail's copies go.
An alert subscription is deleted, as unsubscribing does.
"""

import json
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from reversion.models import Version

from alerts.models import AlertSubscription
from alerts.services import subscription_erase
from districts.models import Inquiry
from enterprises.models import Enterprise
from events.models import Answer, Registration, SessionBooking
from events.services import registration_personal_data_erase
from foundation.models import OutgoingEmail
from meetings.models import Meeting

ERASED_INQUIRY_EMAIL = "erased-inquiry-{pk}@erased.invalid"
ERASED_PERSON_EMAIL = "erased@erased.invalid"

REGISTRATION_FIELDS = [
    "event__slug",
    "full_name",
    "email",
    "organisation",
    "role",
    "phone",
    "language",
    "status",
    "created_at",
    "checked_in_at",
    "consent_at",
    "consent_notice_version",
    # The invitation a ticket came from says whom the person came with (a delegation, say).
    "invitation_code__code",
    "invitation_code__label",
]
INQUIRY_FIELDS = [
    "district__slug",
    "company",
    "contact_name",
    "email",
    "phone",
    "segment",
    "message",
    "language",
    "context",
    "created_at",
    "status",
    "consent_at",
    "consent_notice_version",
]
ALERT_SUBSCRIPTION_FIELDS = [
    "email",
    "segments",
    "language",
    "consent",
    "consented_at",
    "confirmed_at",
    "last_digest_at",
    "created_at",
]
SUBMISSION_FIELDS = [
    "slug",
    "name_zh_hans",
    "name_en",
    "contact_name",
    "contact_email",
    "submission_language",
    "state",
    "created_at",
]
# What an enterprise listing holds about the person who submitted it; the listing itself is the company's.
SUBMISSION_PERSONAL_FIELDS = ["contact_name", "contact_email"]
MEETING_FIELDS = [
    "slot__desk__event__slug",
    "slot__desk__kind",
    "slot__desk__district__slug",
    "slot__desk__enterprise__slug",
    "slot__starts_at",
    "slot__ends_at",
    "slot__table",
    "note",
    "status",
    "created_at",
    "status_changed_at",
]
EMAIL_FIELDS = ["to", "subject", "body", "status", "created_at", "sent_at"]


def _records(email: str):
    registrations = Registration.objects.filter(email__iexact=email, personal_data_erased_at__isnull=True)
    inquiries = Inquiry.objects.filter(email__iexact=email, personal_data_erased_at__isnull=True)
    submissions = _submissions(email)
    # The bureau's copy of a submission names its contact person and email.
    emails = OutgoingEmail.objects.filter(
        Q(to__iexact=email)
        | Q(registration__in=registrations)
        | Q(inquiry__in=inquiries)
        | Q(enterprise__in=submissions)
    ).distinct()
    return registrations, inquiries, emails


def _submissions(email: str):
    return Enterprise.objects.filter(contact_email__iexact=email)


def personal_data_export(*, email: str) -> dict:
    """Everything stored about `email`, as plain data ready for JSON."""
    registrations, inquiries, emails = _records(email.strip())
    return {
        "email": email.strip(),
        "exported_at": timezone.now(),
        "registrations": _registrations_export(registrations),
        # Meetings requested with a registration; their notes go when it is erased.
        "meetings": list(
            Meeting.objects.filter(registration__in=registrations).order_by("created_at", "pk").values(*MEETING_FIELDS)
        ),
        "inquiries": list(inquiries.order_by("created_at").values(*INQUIRY_FIELDS)),
        "submissions": list(_submissions(email.strip()).order_by("created_at").values(*SUBMISSION_FIELDS)),
        "alert_subscriptions": _alert_subscriptions_export(email.strip()),
        "emails": list(emails.order_by("created_at").values(*EMAIL_FIELDS)),
    }


def personal_data_erase(*, email: str) -> dict:
    """Erase what is stored about `email`; returns how many registrations, inquiries and emails were erased."""
    with transaction.atomic():
        registrations, inquiries, emails = _records(email.strip())
        registrations, inquiries = list(registrations.select_for_update()), list(inquiries.select_for_update())
        email_ids = list(emails.values_list("pk", flat=True))
        subscriptions = list(AlertSubscription.objects.filter(email__iexact=email.strip()).select_for_update())
        submissions = list(_submissions(email.strip()).select_for_update())
        erased = {
            "registrations": 0,
            "inquiries": 0,
            "submissions": 0,
            "alert_subscriptions": 0,
            "emails": len(email_ids),
        }
        for registration in registrations:
            registration_personal_data_erase(registration)
            erased["registrations"] += 1
        for inquiry in inquiries:
            _inquiry_erase(inquiry)
            erased["inquiries"] += 1
        for enterprise in submissions:
            _submission_erase(enterprise)
            erased["submissions"] += 1
        for subscription in subscriptions:
            subscription_erase(subscription=subscription)
            erased["alert_subscriptions"] += 1
        # Emails to the address about nothing erased above (a listing's decision, say).
        OutgoingEmail.objects.filter(pk__in=email_ids, to__iexact=email.strip()).erase(to=ERASED_PERSON_EMAIL)
    return erased


def _registrations_export(registrations) -> list[dict]:
    """Each registration with its answers to the event's questions, worded as the person was shown them,
    and the sessions it holds."""
    rows = list(registrations.order_by("created_at").values("pk", *REGISTRATION_FIELDS))
    answers, sessions = defaultdict(list), defaultdict(list)
    for answer in Answer.objects.filter(registration__in=[row["pk"] for row in rows]).order_by("pk"):
        answers[answer.registration_id].append(
            {"question": answer.question_label, "answer": answer.value, "answered_at": answer.answered_at}
        )
    bookings = SessionBooking.objects.filter(registration__in=[row["pk"] for row in rows]).select_related("agenda_item")
    for booking in bookings.order_by("agenda_item__starts_at", "pk"):
        sessions[booking.registration_id].append(
            {
                "session_zh_hans": booking.agenda_item.title_zh_hans,
                "session_en": booking.agenda_item.title_en,
                "starts_at": booking.agenda_item.starts_at,
                "status": booking.status,
                "booked_at": booking.created_at,
            }
        )
    return [
        {
            **{field: value for field, value in row.items() if field != "pk"},
            "answers": answers[row["pk"]],
            "sessions": sessions[row["pk"]],
        }
        for row in rows
    ]


def _alert_subscriptions_export(email: str) -> list[dict]:
    subscriptions = AlertSubscription.objects.filter(email__iexact=email).prefetch_related("districts")
    return [
        {
            **{field: getattr(subscription, field) for field in ALERT_SUBSCRIPTION_FIELDS},
            "districts": [district.slug for district in subscription.districts.all()],
        }
        for subscription in subscriptions.order_by("created_at")
    ]


def _inquiry_erase(inquiry: Inquiry) -> None:
    # The bureau's copy names the company and the person in its subject.
    OutgoingEmail.objects.filter(Q(inquiry=inquiry) | Q(to__iexact=inquiry.email)).erase(
        to=ERASED_INQUIRY_EMAIL.format(pk=inquiry.pk), subject=""
    )
    inquiry.contact_name = ""
    inquiry.email = ERASED_INQUIRY_EMAIL.format(pk=inquiry.pk)
    inquiry.phone = ""
    inquiry.message = ""
    inquiry.context = {}
    inquiry.personal_data_erased_at = timezone.now()
    inquiry.save()
    Version.objects.get_for_object(inquiry).delete()


def _submission_erase(enterprise: Enterprise) -> None:
    OutgoingEmail.objects.filter(enterprise=enterprise).erase(to=ERASED_PERSON_EMAIL, subject="")
    Enterprise.objects.filter(pk=enterprise.pk).update(**dict.fromkeys(SUBMISSION_PERSONAL_FIELDS, ""))
    # The listing's history stays for the bureau, without the person in it.
    for version in Version.objects.get_for_object(enterprise).filter(format="json"):
        stored = json.loads(version.serialized_data)
        for record in stored:
            record["fields"].update({field: "" for field in SUBMISSION_PERSONAL_FIELDS if field in record["fields"]})
        version.serialized_data = json.dumps(stored)
        version.save(update_fields=["serialized_data"])
