"""Plain-text emails show names as typed, never HTML-escaped, for every kind of email the portal sends."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from alerts.models import AlertSubscription
from alerts.services import email_alert
from events.models import SessionBooking
from foundation.emails import email_queue
from tests.factories import (
    AgendaItemFactory,
    DistrictFactory,
    EnterpriseFactory,
    EventFactory,
    IncentiveFactory,
    InquiryFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

ALL_KINDS = sorted(
    path.name.removesuffix("_body.txt") for path in Path(settings.BASE_DIR).glob("*/templates/emails/*_body.txt")
) + sorted(
    path.name.removesuffix("_body.txt") for path in (settings.BASE_DIR / "templates" / "emails").glob("*_body.txt")
)
# Alert emails are sent through email_alert, with the subscription's own links; the others straight.
ALERT_KINDS = [kind.removeprefix("alert_") for kind in ALL_KINDS if kind.startswith("alert_")]
EMAIL_KINDS = [kind for kind in ALL_KINDS if not kind.startswith("alert_")]
ESCAPED = ["&#x27;", "&#39;", "&amp;", "&quot;", "&lt;", "&gt;"]


@pytest.fixture
def context():
    """Every record an email can name, each named with an apostrophe or an ampersand."""
    district = DistrictFactory(name_en="Tom & Jerry District", name_zh_hans="汤姆 & 杰瑞区")
    inquiry = InquiryFactory(
        district=district, company="Tom & Jerry Studio", contact_name="Seán O'Brien", message="A studio & an office."
    )
    enterprise = EnterpriseFactory(
        name_en="Tom & Jerry Animation",
        name_zh_hans="汤姆 & 杰瑞动画",
        contact_name="Seán O'Brien",
        contact_email="obrien@example.com",
        review_note="O'Brien's listing & logo need a second look.",
        district=district,
    )
    event = EventFactory(title_en="Tom & Jerry's open class", title_zh_hans="汤姆 & 杰瑞公开课")
    registration = RegistrationFactory(event=event, full_name="Seán O'Brien")
    item = AgendaItemFactory(
        event=event,
        title_en="O'Brien's script & pitch workshop",
        title_zh_hans="O'Brien 剧本 & 路演工作坊",
        ends_at=event.starts_at + datetime.timedelta(hours=2),
        capacity=40,
    )
    booking = SessionBooking.objects.create(registration=registration, agenda_item=item, status="confirmed")
    return {
        "item": item,
        "bookings": [booking],
        "inquiry": inquiry,
        "district": district,
        "enterprise": enterprise,
        "event": event,
        "registration": registration,
        "site_url": "https://portal.example",
        "manage_url": registration.get_absolute_url(),
        "review_url": "https://portal.example/admin/",
        "profile_url": "https://portal.example/en/enterprises/x/",
        "submit_url": "https://portal.example/en/enterprises/submit/",
        "bureau_email": "bureau@example.com",
    }


def test_every_email_kind_is_checked():
    assert len(EMAIL_KINDS) >= 13 and "inquiry_to_bureau" in EMAIL_KINDS and "event_reminder" in EMAIL_KINDS
    assert sorted(ALERT_KINDS) == ["confirm", "digest", "manage_link"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", EMAIL_KINDS)
def test_names_with_apostrophes_and_ampersands_arrive_as_typed(context, kind, language):
    email = email_queue(to="someone@example.com", template=kind, context=context, language=language)
    text = f"{email.subject}\n{email.body}"
    assert [entity for entity in ESCAPED if entity in text] == []
    assert "O'Brien" in text or "Tom & Jerry" in text or "汤姆 & 杰瑞" in text


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", ALERT_KINDS)
def test_alert_emails_name_districts_and_news_as_typed(context, kind, language):
    district = context["district"]
    subscription = AlertSubscription.objects.create(
        email="obrien@example.com", consent=True, language=language, segments=["production"]
    )
    subscription.districts.set([district])
    incentive = IncentiveFactory(district=district, title_en="Tom & Jerry's grant", title_zh_hans="汤姆 & 杰瑞补贴")
    context["event"].district = district
    news = {"since": subscription.created_at, "count": 2, "incentives": [incentive], "events": [context["event"]]}
    email = email_alert(subscription, kind, **news)
    text = f"{email.subject}\n{email.body}"
    assert [entity for entity in ESCAPED if entity in text] == []
    assert subscription.token in text  # every alert email carries its own links
    if kind != "confirm":  # the confirmation names nothing but its link
        assert "Tom & Jerry" in text or "汤姆 & 杰瑞" in text
