from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.models import District, ValueChainSegment
from foundation.link_tokens import new_link_token


def new_alert_token() -> str:
    return new_link_token()


class AlertSubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class AlertSubscription(models.Model):
    """Someone who asked, and confirmed by email, to hear weekly what is new in some districts and segments.

    One row per address. Unsubscribing deletes it: nothing about the person is kept.
    """

    email = models.EmailField(_("email"))
    districts = models.ManyToManyField(District, verbose_name=_("districts"), blank=True, related_name="+")
    segments = ArrayField(
        models.CharField(max_length=20, choices=ValueChainSegment),
        verbose_name=_("value-chain segments"),
        default=list,
        blank=True,
    )
    language = models.CharField(_("language"), max_length=10)
    consent = models.BooleanField(_("consented to alert emails"))
    consented_at = models.DateTimeField(_("consent given"), default=timezone.now)
    # The secret in every link of every alert email: confirm, manage, unsubscribe, without an account.
    token = models.CharField(max_length=64, unique=True, default=new_alert_token, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last digest sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="alert_subscription_one_per_email"),
            models.CheckConstraint(condition=Q(consent=True), name="alert_subscription_requires_consent"),
        ]
        indexes = [models.Index(fields=["confirmed_at", "last_digest_at"])]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("alerts:manage", kwargs={"token": self.token})

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def get_segments_display(self):
        return [ValueChainSegment(segment).label for segment in self.segments]
