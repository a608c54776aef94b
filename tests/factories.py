import datetime

import factory

from districts import models as districts


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


class IncentiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = districts.Incentive

    district = factory.SubFactory(DistrictFactory)
    title_zh_hans = factory.Sequence(lambda n: f"扶持政策{n}")
    title_en = factory.Sequence(lambda n: f"Incentive {n}")
    summary_en = "A sourced measure."
    category = districts.Incentive.Category.SUBSIDY
    source = factory.SubFactory(SourceFactory)


class IndustrialFundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = districts.IndustrialFund

    district = factory.SubFactory(DistrictFactory)
    name_en = factory.Sequence(lambda n: f"Fund {n}")
    size_cny = 100_000_000


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = districts.Facility

    district = factory.SubFactory(DistrictFactory)
    name_en = factory.Sequence(lambda n: f"Studio {n}")
    kind = districts.Facility.Kind.STUDIO
    scene_count = 40
