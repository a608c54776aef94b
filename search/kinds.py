"""The kinds of record the search box finds, where each is read from and where its result leads.

Only what a visitor can see anywhere else is found: published districts and their records,
published enterprises and published events. `indexed` is what each kind puts in the search index
(search/index.py): its records published in themselves; whether their district is published is
checked as the search reads the index, so publishing or withdrawing a district rewrites nothing.
"""

from dataclasses import dataclass
from typing import Callable

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from districts.models import (
    District,
    Facility,
    Incentive,
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
    model: type
    indexed: Callable[[], QuerySet]
    # Translated fields (without their language suffix): the title, then the texts searched and excerpted.
    title: str
    texts: tuple[str, ...]
    url: Callable[[object], str]
    # The path from a record to its district; empty for a district itself.
    district_path: str = "district"
    # Translated fields searched besides the title and texts.
    also_searched: tuple[str, ...] = ()
    # Whether English words are also found in their other forms by PostgreSQL's stemmer; the enterprises are
    # found by the stem alone, as the directory finds them.
    english_forms: bool = True

    def district_of(self, record):
        return getattr(record, self.district_path) if self.district_path else record


def on_district_page(section: str):
    return lambda record: f"{record.district.get_absolute_url()}#{section}"


def every(model) -> Callable[[], QuerySet]:
    return lambda: model.objects.select_related("district")


def published_enterprises() -> QuerySet:
    return Enterprise.objects.published().select_related("district")


KINDS = [
    Kind(
        "district",
        _("Districts"),
        District,
        lambda: District.objects.all(),
        "name",
        ("tagline", "overview", "city", "province"),
        District.get_absolute_url,
        district_path="",
    ),
    Kind(
        "incentive",
        _("Incentives"),
        Incentive,
        every(Incentive),
        "title",
        ("summary", "how_to_apply"),
        Incentive.get_absolute_url,
    ),
    Kind(
        "fund",
        _("Industrial funds"),
        IndustrialFund,
        every(IndustrialFund),
        "name",
        ("focus",),
        on_district_page("funds"),
    ),
    Kind(
        "facility",
        _("Studios and shooting bases"),
        Facility,
        every(Facility),
        "name",
        ("description",),
        on_district_page("studios"),
    ),
    Kind(
        "service_center",
        _("Service centers"),
        ServiceCenter,
        every(ServiceCenter),
        "name",
        ("description",),
        on_district_page("service-centers"),
    ),
    Kind(
        "talent",
        _("Talent programmes"),
        TalentProgramme,
        every(TalentProgramme),
        "name",
        ("description",),
        on_district_page("talent"),
    ),
    Kind(
        "enterprise",
        _("Enterprises"),
        Enterprise,
        published_enterprises,
        "name",
        ("summary",),
        Enterprise.get_absolute_url,
        also_searched=("description",),
        english_forms=False,
    ),
    Kind(
        "event",
        _("Events"),
        Event,
        lambda: Event.objects.filter(state=Event.State.PUBLISHED).select_related("district"),
        "title",
        ("summary", "description", "venue", "organiser_name"),
        Event.get_absolute_url,
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
KINDS_BY_MODEL = {kind.model: kind for kind in KINDS}
