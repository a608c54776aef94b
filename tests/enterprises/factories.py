"""Factories for listings sent in by companies; the directory's EnterpriseFactory lives in tests/factories.py."""

import factory

from enterprises.models import Enterprise


class SubmittedEnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    slug = factory.Sequence(lambda n: f"submitted-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"提交企业{n}")
    name_en = factory.Sequence(lambda n: f"Submitted Studio {n}")
    segments = factory.LazyFunction(lambda: ["production"])
    state = Enterprise.State.PENDING
    contact_name = "李明"
    contact_email = factory.Sequence(lambda n: f"owner{n}@example.com")
    submission_language = "en"
