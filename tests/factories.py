import datetime

import factory
from django.utils import timezone

from districts import models as districts
from enterprises import models as enterprises
from events import models as events


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = districts.Source

    publisher = factory.Sequence(lambda n: f"Publisher {n}")
    title = factory.Sequence(lambda n: f"Report {n}")
    published_on = datetime.date(2025, 1, 17)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = districts.District
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"district-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"测试区{n}")
    name_en = factory.Sequence(lambda n: f"Test District {n}")
    city_zh_hans = "广州市"
    city_en = "Guangzhou"
    province_zh_hans = "广东省"
    province_en = "Guangdong"


class InvestmentContactFactory(factory.django.DjangoModelFactory):
    """A bureau that takes inquiries: a district without one publishes no address, and takes none."""

    class Meta:
        model = districts.InvestmentContact
        django_get_or_create = ["district"]

    district = factory.SubFactory(DistrictFactory)
    office_en = "Investment Promotion Bureau"
    inquiry_recipients = "staff@bureau.example"


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = districts.KeyFigure

    district = factory.SubFactory(DistrictFactory)
    label_zh_hans = "企业数量"
    label_en = "Enterprises"
    value = 200
    unit_en = "enterprises"
    as_of = datetime.date(2025, 11, 10)
    source = factory.SubFactory(SourceFactory)
    level = districts.Level.DISTRICT
    scope = districts.Scope.MICRO_DRAMA


class IncentiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = districts.Incentive

    district = factory.SubFactory(DistrictFactory)
    title_zh_hans = factory.Sequence(lambda n: f"扶持政策{n}")
    title_en = factory.Sequence(lambda n: f"Incentive {n}")
    summary_en = "A sourced measure."
    category = districts.Incentive.Category.SUBSIDY
    source = factory.SubFactory(SourceFactory)
    level = districts.Level.DISTRICT
    scope = districts.Scope.MICRO_DRAMA
    # A sourced measure says who qualifies and since when, unless a test says it does not.
    eligibility_published = True
    valid_from = datetime.date(2020, 1, 1)
    amount_for = districts.Incentive.AmountFor.COMPANY
    amount_period = districts.Incentive.AmountPeriod.YEAR
    amount_is_maximum = True


class IndustrialFundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = districts.IndustrialFund

    district = factory.SubFactory(DistrictFactory)
    name_en = factory.Sequence(lambda n: f"Fund {n}")
    size_cny = 100_000_000
    level = districts.Level.DISTRICT
    scope = districts.Scope.MICRO_DRAMA


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = districts.Facility

    district = factory.SubFactory(DistrictFactory)
    name_en = factory.Sequence(lambda n: f"Studio {n}")
    kind = districts.Facility.Kind.STUDIO
    scene_count = 40
    level = districts.Level.DISTRICT
    scope = districts.Scope.MICRO_DRAMA


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    district = factory.SubFactory(DistrictFactory)
    title_zh_hans = factory.Sequence(lambda n: f"测试活动{n}")
    title_en = factory.Sequence(lambda n: f"Test Event {n}")
    venue_zh_hans = "琶洲会展中心"
    venue_en = "Pazhou Convention Centre"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=8))
    capacity = 50
    state = events.Event.State.PUBLISHED


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.Registration

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"参会者{n}")
    email = factory.Sequence(lambda n: f"attendee{n}@example.com")
    organisation = "映宇宙"
    role = events.Registration.Role.INVESTOR
    consent = True
    language = "en"
    status = events.Registration.Status.CONFIRMED


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.Speaker

    event = factory.SubFactory(EventFactory)
    name_zh_hans = factory.Sequence(lambda n: f"嘉宾{n}")
    name_en = factory.Sequence(lambda n: f"Speaker {n}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = events.AgendaItem

    event = factory.SubFactory(EventFactory)
    title_zh_hans = factory.Sequence(lambda n: f"议程{n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda item: item.event.starts_at)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = enterprises.Enterprise

    slug = factory.Sequence(lambda n: f"enterprise-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"测试企业{n}")
    name_en = factory.Sequence(lambda n: f"Test Enterprise {n}")
    district = factory.SubFactory(DistrictFactory)
    segments = factory.LazyFunction(lambda: [districts.ValueChainSegment.PRODUCTION])
    summary_en = "A listed company."
    state = enterprises.Enterprise.State.PUBLISHED
    source = factory.SubFactory(SourceFactory)


class WorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = enterprises.Work

    enterprise = factory.SubFactory(EnterpriseFactory)
    title_zh_hans = factory.Sequence(lambda n: f"作品{n}")
    title_en = factory.Sequence(lambda n: f"Work {n}")
    kind = enterprises.Work.Kind.SERIES


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = enterprises.Photo

    enterprise = factory.SubFactory(EnterpriseFactory)
    image = factory.django.ImageField(width=640, height=360, color="teal")
    caption_en = factory.Sequence(lambda n: f"Studio floor {n}")


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = districts.Inquiry

    district = factory.SubFactory(DistrictFactory)
    company = factory.Sequence(lambda n: f"Company {n}")
    contact_name = "Li Ming"
    email = factory.Sequence(lambda n: f"investor{n}@example.com")
    message = "We look for a studio."
    consent = True
    language = "en"
