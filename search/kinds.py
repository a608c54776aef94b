"""The kinds of record the search box finds, where each is read from and where its result leads.

Only what a visitor can see anywhere else is found: published districts and their records,
published enterprises and published events.
"""

from dataclasses import dataclass
from typing import Callable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from districts.models import (
    District,
    Facility,
    Incentive,
    IncentiveQuerySet,
    IndustrialFund,
    ServiceCenter,
    TalentProgramme,
)
from enterprises.models import Enterprise
from events.models import Event


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    records: Callable[[], QuerySet]
    # Translated fields (without their language suffix): the title, then the texts searched and excerpted.
    title: str
    texts: tuple[str, ...]
    url: Callable[[object], str]
    # The path from a record to its district; empty for a district itself.
    district_path: str = "district"

    def district_of(self, record):
        return getattr(record, self.district_path) if self.district_path else record


def on_district_page(section: str):
    return lambda record: f"{record.district.get_absolute_url()}#{section}"


def of_published_districts(model) -> Callable[[], QuerySet]:
    return lambda: model.objects.filter(district__is_published=True).select_related("district")


def published_incentives() -> IncentiveQuerySet:
    return Incentive.objects.published().select_related("district")


def published_enterprises() -> QuerySet:
    in_published_district = Q(district__isnull=True) | Q(district__is_published=True)
    return Enterprise.objects.published().filter(in_published_district).for_cards()


KINDS = [
    Kind(
        "district",
        _("Districts"),
        lambda: District.objects.published(),
        "name",
        ("tagline", "overview", "city", "province"),
        District.get_absolute_url,
        district_path="",
    ),
    Kind(
        "incentive",
        _("Incentives"),
        published_incentives,
        "title",
        ("summary", "how_to_apply"),
        Incentive.get_absolute_url,
    ),
    Kind(
        "fund",
        _("Industrial funds"),
        of_published_districts(IndustrialFund),
        "name",
        ("focus",),
        on_district_page("funds"),
    ),
    Kind(
        "facility",
        _("Studios and shooting bases"),
        of_published_districts(Facility),
        "name",
        ("description",),
        on_district_page("studios"),
    ),
    Kind(
        "service_center",
        _("Service centers"),
        of_published_districts(ServiceCenter),
        "name",
        ("description",),
        on_district_page("service-centers"),
    ),
    Kind(
        "talent",
        _("Talent programmes"),
        of_published_districts(TalentProgramme),
        "name",
        ("description",),
        on_district_page("talent"),
    ),
    Kind("enterprise", _("Enterprises"), published_enterprises, "name", ("summary",), Enterprise.get_absolute_url),
    Kind(
        "event",
        _("Events"),
        lambda: Event.objects.published().select_related("district"),
        "title",
        ("summary", "description", "venue", "organiser_name"),
        Event.get_absolute_url,
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
