"""What a weekly digest lists: incentives of the subscriber's districts that are still published, in their
segments; a district unpublished since never widens the digest to every district."""

import datetime

import pytest
from django.utils import timezone

from alerts.models import AlertSubscription
from alerts.services import digests_send
from districts.models import ValueChainSegment
from tests.factories import DistrictFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


def subscriber(*districts, segments=()) -> AlertSubscription:
    subscription = AlertSubscription.objects.create(
        email="investor@example.com",
        consent=True,
        language="en",
        segments=list(segments),
        confirmed_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    subscription.districts.set(districts)
    return subscription


def digest_body(mailoutbox, django_capture_on_commit_callbacks) -> str | None:
    with django_capture_on_commit_callbacks(execute=True):
        digests_send(now=timezone.now() + datetime.timedelta(minutes=5))
    return mailoutbox[-1].body if mailoutbox else None


def unpublish(district):
    district.is_published = False
    district.save(update_fields=["is_published"])


def test_a_district_unpublished_after_subscribing_does_not_bring_every_districts_incentives(
    mailoutbox, django_capture_on_commit_callbacks
):
    haizhu, liwan = DistrictFactory(slug="haizhu"), DistrictFactory(slug="liwan")
    subscriber(haizhu, liwan, segments=[ValueChainSegment.PLATFORM])
    unpublish(liwan)
    IncentiveFactory(district=haizhu, title_en="Haizhu platform grant", segments=[ValueChainSegment.PLATFORM])
    IncentiveFactory(district=haizhu, title_en="Haizhu studio rent", segments=[ValueChainSegment.PRODUCTION])
    IncentiveFactory(district=liwan, title_en="Liwan platform grant", segments=[ValueChainSegment.PLATFORM])
    IncentiveFactory(district=DistrictFactory(slug="tianhe"), title_en="Tianhe platform grant")

    body = digest_body(mailoutbox, django_capture_on_commit_callbacks)
    assert "Haizhu platform grant" in body
    assert "Haizhu studio rent" not in body  # another segment
    assert "Liwan platform grant" not in body  # its district is no longer published
    assert "Tianhe platform grant" not in body  # a district the subscriber never chose
    assert mailoutbox[-1].subject == "Haizhu Portal: 1 new item this week"


def test_a_subscriber_whose_only_district_was_unpublished_gets_no_digest(
    mailoutbox, django_capture_on_commit_callbacks
):
    liwan = DistrictFactory(slug="liwan")
    subscriber(liwan)
    unpublish(liwan)
    IncentiveFactory(district=liwan, title_en="Liwan platform grant")
    IncentiveFactory(district=DistrictFactory(slug="tianhe"), title_en="Tianhe platform grant")
    assert digest_body(mailoutbox, django_capture_on_commit_callbacks) is None


def test_a_subscriber_of_no_district_hears_of_every_published_one(mailoutbox, django_capture_on_commit_callbacks):
    subscriber()
    IncentiveFactory(district=DistrictFactory(slug="haizhu"), title_en="Haizhu platform grant")
    liwan = DistrictFactory(slug="liwan")
    IncentiveFactory(district=liwan, title_en="Liwan platform grant")
    unpublish(liwan)
    body = digest_body(mailoutbox, django_capture_on_commit_callbacks)
    assert "Haizhu platform grant" in body and "Liwan platform grant" not in body
