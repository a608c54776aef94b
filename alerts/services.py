"""Writes for email alerts: subscribe (double opt-in), confirm, change, unsubscribe (erase), weekly digests."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from alerts.models import AlertSubscription
from districts.models import Incentive
from events.models import Event
from foundation.emails import email_queue
from foundation.models import OutgoingEmail

# A digest goes out at most once in this time, however often the command runs.
DIGEST_INTERVAL = timedelta(days=6)
ERASED_EMAIL = "erased-alert@erased.invalid"


def _alert_urls(subscription: AlertSubscription) -> dict:
    with translation.override(subscription.language):
        token = {"token": subscription.token}
        return {
            "confirm_url": settings.SITE_URL + reverse("alerts:confirm", kwargs=token),
            "manage_url": settings.SITE_URL + reverse("alerts:manage", kwargs=token),
            "unsubscribe_url": settings.SITE_URL + reverse("alerts:unsubscribe", kwargs=token),
        }


def email_alert(subscription: AlertSubscription, template: str, **context) -> OutgoingEmail:
    """Queue an alert email in the subscriber's language, with the one-click unsubscribe headers (RFC 8058)."""
    urls = _alert_urls(subscription)
    return email_queue(
        to=subscription.email,
        template=f"alert_{template}",
        context={"subscription": subscription, "site_url": settings.SITE_URL, **urls, **context},
        language=subscription.language,
        headers={
            "List-Unsubscribe": f"<{urls['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def subscription_request(*, email: str, districts, segments: list[str], language: str) -> AlertSubscription:
    """Store what someone wants to hear about and email them a confirmation link; nothing else is sent before.

    The same address again (in any case) keeps its one subscription. Unconfirmed, it takes the new
    choices and a new confirmation email. Confirmed, nothing changes: the form cannot tell who is
    asking, so it only emails the address the link to its own subscription page, where changes are made.
    """
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().filter(email__iexact=email.strip()).first()
        if subscription is not None and subscription.is_confirmed:
            email_alert(subscription, "manage_link")
            return subscription
        if subscription is None:
            subscription = AlertSubscription(email=email.strip(), consent=True)
        subscription.segments = list(segments)
        subscription.language = language
        subscription.consented_at = timezone.now()
        subscription.full_clean(exclude=["districts"], validate_constraints=False)
        try:
            with transaction.atomic():
                subscription.save()
        except IntegrityError:  # the same address, sent twice at once: the other request stored it
            return subscription_request(email=email, districts=districts, segments=segments, language=language)
        subscription.districts.set(districts)
        email_alert(subscription, "confirm")
    return subscription


def subscription_confirm(*, subscription: AlertSubscription) -> AlertSubscription:
    """Following the link in the confirmation email starts the digests; news count from this moment."""
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        if not subscription.is_confirmed:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at", "updated_at"])
    return subscription


def subscription_change(*, subscription: AlertSubscription, districts, segments: list[str]) -> AlertSubscription:
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().get(pk=subscription.pk)
        subscription.segments = list(segments)
        subscription.save(update_fields=["segments", "updated_at"])
        subscription.districts.set(districts)
    return subscription


def subscription_erase(*, subscription: AlertSubscription) -> None:
    """Unsubscribe: delete the subscription and blank the stored emails sent to it; nothing of the person stays."""
    with transaction.atomic():
        OutgoingEmail.objects.filter(body__contains=subscription.token).erase(to=ERASED_EMAIL)
        AlertSubscription.objects.filter(pk=subscription.pk).delete()


def digest_news(subscription: AlertSubscription, since, until) -> dict:
    """What is new or changed for one subscriber: incentives of their districts that are still published, in
    their segments (no district or segment chosen means every one), and upcoming events in their districts."""
    districts = list(subscription.districts.all())
    incentives = (
        Incentive.objects.published()
        .in_districts(districts)
        .accepting(segments=subscription.segments)
        .select_related("district", "source")
        .prefetch_related("further_sources")
        .with_open_flag()
        .filter(updated_at__gt=since, updated_at__lte=until)
    )
    events = (
        Event.objects.visible()
        .upcoming()
        .select_related("district")
        .filter(updated_at__gt=since, updated_at__lte=until)
    )
    if districts:
        events = events.filter(district__in=districts)
    return {"incentives": list(incentives.order_by("-updated_at", "pk")), "events": list(events)}


def digests_send(*, now=None) -> int:
    """Queue the weekly digest for every confirmed subscriber who has news; returns how many were queued.

    Each person at most once per DIGEST_INTERVAL, however often this runs and from however many
    machines: the row is locked (others skip it), re-checked, and marked in the transaction that
    queues the email. A week without news sends nothing and leaves the window open.
    """
    now = now or timezone.now()
    due = AlertSubscription.objects.confirmed().exclude(last_digest_at__gt=now - DIGEST_INTERVAL)
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            subscription = due.select_for_update(skip_locked=True).filter(pk=pk).first()
            if subscription is None:
                continue
            since = subscription.last_digest_at or subscription.confirmed_at
            news = digest_news(subscription, since, now)
            if not news["incentives"] and not news["events"]:
                continue
            email_alert(
                subscription, "digest", since=since, count=len(news["incentives"]) + len(news["events"]), **news
            )
            subscription.last_digest_at = now
            subscription.save(update_fields=["last_digest_at"])
            sent += 1
    return sent
