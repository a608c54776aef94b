"""Writes for enterprise listings: a company's own submission and the bureau's review of it.

A submitted listing waits (pending) until bureau staff approve it; nothing a company sends is
published before. The company hears back by email either way, in the language it wrote in.
"""

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from districts.services import BUREAU_LANGUAGE
from enterprises.models import Enterprise, Work
from enterprises.signals import states_changed
from foundation.content_versions import ENTERPRISES, content_changed
from foundation.emails import email_queue
from foundation.service_errors import ServiceError

SLUG_MAX_LENGTH = Enterprise._meta.get_field("slug").max_length
SLUG_ATTEMPTS = 5

# What a company may say about itself; state, verification and the review stay with the bureau.
SUBMITTED_FIELDS = (
    "name_zh_hans",
    "name_en",
    "district",
    "segments",
    "founded_year",
    "size_band",
    "website",
    "summary_zh_hans",
    "summary_en",
    "description_zh_hans",
    "description_en",
    "contact_name",
    "contact_email",
)
SUBMITTED_WORK_FIELDS = ("year", "kind", "platform", "link")

ERROR_MESSAGES = {
    "not_pending": _("Only listings waiting for review can be approved or declined."),
}


class ReviewError(ServiceError):
    """A review the rules refuse; `code` is a key of ERROR_MESSAGES."""

    messages = ERROR_MESSAGES


def enterprise_slug(*names: str | None) -> str:
    """A free slug from the first name with Latin letters ("acme-studio", then "acme-studio-2").

    A name in Chinese characters only gives "enterprise-" and a short random suffix.
    """
    base = next((slugify(name) for name in names if name and slugify(name)), "")
    base = base[: SLUG_MAX_LENGTH - 12].strip("-")
    if not base:
        return f"enterprise-{secrets.token_hex(3)}"
    taken = set(Enterprise.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    number = 1
    slug = base
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def enterprise_submit(*, data: dict, works: list[dict], logo=None, language: str) -> Enterprise:
    """Store a company's listing as pending review, with its notable works and logo.

    `data` holds SUBMITTED_FIELDS (others are ignored); each work holds a title, stored in the
    submitter's language, and SUBMITTED_WORK_FIELDS. The company gets an acknowledgement and the
    bureau a notice to review, both sent after commit and retried on failure.
    """
    language = supported_language(language)
    enterprise = Enterprise(
        **{name: data[name] for name in SUBMITTED_FIELDS if name in data},
        state=Enterprise.State.PENDING,
        submission_language=language,
    )
    if logo:
        enterprise.logo = logo
    enterprise.slug = enterprise_slug(enterprise.name_en, enterprise.name_zh_hans)
    enterprise.full_clean(validate_unique=False)
    _save_with_free_slug(enterprise)
    title_field = build_localized_fieldname("title", language)
    for work_data in works:
        work = Work(
            enterprise=enterprise,
            **{title_field: work_data["title"]},
            **{name: work_data[name] for name in SUBMITTED_WORK_FIELDS if name in work_data},
        )
        work.full_clean()
        work.save()
    if settings.BUREAU_INQUIRY_EMAIL:
        # Without a bureau address the listing waits in the admin's pending list, where staff review it.
        context = _email_context(enterprise)
        context["review_url"] = settings.SITE_URL + reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
        email_queue(
            to=settings.BUREAU_INQUIRY_EMAIL,
            template="enterprise_to_bureau",
            context=context,
            language=BUREAU_LANGUAGE,
            about=enterprise,
        )
    _email_submitter(enterprise, "enterprise_received")
    return enterprise


def _save_with_free_slug(enterprise: Enterprise) -> None:
    # Two companies of the same name sending at once: the second takes the next free slug.
    for _attempt in range(SLUG_ATTEMPTS - 1):
        try:
            with transaction.atomic():
                enterprise.save()
            return
        except IntegrityError:
            if Enterprise.objects.filter(slug=enterprise.slug).exists():
                enterprise.slug = enterprise_slug(enterprise.name_en, enterprise.name_zh_hans)
                continue
            raise
    enterprise.slug = f"enterprise-{secrets.token_hex(4)}"
    enterprise.save()


def enterprise_approve(*, enterprise: Enterprise, reviewer) -> Enterprise:
    """Publish a listing that waits for review, and tell the company it is online."""
    return _review(enterprise, reviewer=reviewer, state=Enterprise.State.PUBLISHED, template="enterprise_approved")


def enterprise_reject(*, enterprise: Enterprise, reviewer, note: str = "") -> Enterprise:
    """Decline a listing that waits for review, and tell the company why.

    The reason is `note`, or else the review note already written on the listing.
    """
    return _review(
        enterprise, reviewer=reviewer, state=Enterprise.State.REJECTED, template="enterprise_rejected", note=note
    )


def _review(enterprise: Enterprise, *, reviewer, state: str, template: str, note: str = "") -> Enterprise:
    with transaction.atomic():
        # The lock makes two reviewers clicking at once send one email, not two.
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        if enterprise.state != Enterprise.State.PENDING:
            raise ReviewError("not_pending")
        enterprise.state = state
        enterprise.review_note = note.strip() or enterprise.review_note
        enterprise.reviewed_at = timezone.now()
        enterprise.reviewed_by = reviewer
        enterprise.save(update_fields=["state", "review_note", "reviewed_at", "reviewed_by", "updated_at"])
        _email_submitter(enterprise, template)
    return enterprise


def enterprises_publish(*, queryset) -> int:
    """Publish listings the bureau keeps itself; submissions waiting for review need an approval instead."""
    changed = queryset.exclude(state__in=[Enterprise.State.PENDING, Enterprise.State.PUBLISHED]).order_by()
    with transaction.atomic():
        record_ids = list(changed.select_for_update().values_list("pk", flat=True))
        published = Enterprise.objects.filter(pk__in=record_ids).update(
            state=Enterprise.State.PUBLISHED, updated_at=timezone.now()
        )
        # A bulk update sends no save signals.
        states_changed.send(Enterprise, record_ids=record_ids)
    content_changed(ENTERPRISES)
    return published


def enterprises_unpublish(*, queryset) -> int:
    """Take published listings off the site; they stay in the admin and can be published again."""
    changed = queryset.filter(state=Enterprise.State.PUBLISHED).order_by()
    with transaction.atomic():
        record_ids = list(changed.select_for_update().values_list("pk", flat=True))
        unpublished = Enterprise.objects.filter(pk__in=record_ids).update(
            state=Enterprise.State.UNPUBLISHED, updated_at=timezone.now()
        )
        states_changed.send(Enterprise, record_ids=record_ids)
    content_changed(ENTERPRISES)
    return unpublished


def supported_language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else BUREAU_LANGUAGE


def _email_context(enterprise: Enterprise) -> dict:
    return {"enterprise": enterprise, "site_url": settings.SITE_URL, "bureau_email": settings.BUREAU_INQUIRY_EMAIL}


def _email_submitter(enterprise: Enterprise, template: str) -> None:
    if not enterprise.contact_email:
        return  # a listing the bureau entered itself has nobody to tell
    language = supported_language(enterprise.submission_language)
    context = _email_context(enterprise)
    with translation.override(language):
        context["profile_url"] = settings.SITE_URL + enterprise.get_absolute_url()
        context["submit_url"] = settings.SITE_URL + reverse("enterprises:submit")
    email_queue(to=enterprise.contact_email, template=template, context=context, language=language, about=enterprise)
