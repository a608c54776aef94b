"""What the open data API returns. Field names are stable; texts come in the language asked for."""

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from ninja import Field, Schema

from districts.models import CompanyStage, Incentive, ValueChainSegment
from enterprises.models import Enterprise
from search.kinds import KINDS

Language = Literal["zh-hans", "en"]


class SourceOut(Schema):
    """Where a figure comes from."""

    publisher: str
    title: str
    publisher_english: str = Field(description="For a Chinese publisher, its name in English; otherwise empty.")
    title_english: str = Field(description="For a Chinese title, the title in English; otherwise empty.")
    url: str = Field(description="Empty when the source is not online.")
    published_on: date | None


class Sourced(Schema):
    source: SourceOut | None = Field(description="Where the figures of this record come from.")
    is_illustrative: bool = Field(description="Example content, not a sourced fact.")


def page_url(obj) -> str:
    return f"{settings.SITE_URL}{obj.get_absolute_url()}"


class Choice(Schema):
    code: str
    label: str


def choices(values, enum) -> list[Choice]:
    return [Choice(code=value, label=str(enum(value).label)) for value in values]


class DistrictRef(Schema):
    slug: str
    name: str


class KeyFigureOut(Sourced):
    label: str
    value: float
    unit: str
    is_amount_cny: bool = Field(
        description="True when the value is a sum of money in yuan, written out in full; the unit is then empty."
    )
    is_lower_bound: bool = Field(description="True when the value is a minimum (“value+”).")
    as_of: date | None = Field(
        description="The period the figure covers (for example 2024-12-31 for “at the end of 2024”), when its source "
        "names one; null otherwise."
    )
    published_on: date | None = Field(
        description="The day the source giving the figure was published, when that is the only date it gives for "
        "the figure (no period named); null otherwise."
    )

    @staticmethod
    def resolve_as_of(obj):
        return obj.as_of if obj.covers_period else None

    @staticmethod
    def resolve_published_on(obj):
        return None if obj.covers_period else obj.as_of


class DistrictOut(Schema):
    slug: str
    name: str
    city: str
    province: str
    tagline: str
    overview: str
    url: str
    key_figures: list[KeyFigureOut]

    @staticmethod
    def resolve_url(obj):
        return page_url(obj)

    @staticmethod
    def resolve_key_figures(obj):
        return list(obj.figures.all())


class IncentiveOut(Sourced):
    id: int
    title: str
    summary: str
    district: DistrictRef
    category: Choice
    max_amount_cny: int | None = Field(description="Largest support in yuan, as published.")
    amount_for: str = Field(
        description="Whom the amount is for: company, work, project, programme (a programme's budget), or empty."
    )
    amount_period: str = Field(
        description="The period the amount covers: one_off, year, round, not_published, or empty with no amount."
    )
    amount_is_maximum: bool = Field(description="True only where the source says “up to”; false for a fixed amount.")
    is_programme_total: bool = Field(
        description="True when max_amount_cny is a programme's total budget, not per company."
    )
    is_per_company_maximum: bool = Field(
        description="True when max_amount_cny is what one company can receive: an open micro-drama incentive "
        "whose amount is not a programme's total budget."
    )
    is_micro_drama_specific: bool = Field(description="False for a general measure listed beside the incentives.")
    scope: Choice = Field(description="What the measure covers: micro_drama, audiovisual, internet_content, and so on.")
    level: Choice = Field(description="The government whose measure it is: district, city, province or nation.")
    stages: list[Choice] = Field(description="Eligible company stages; empty means every stage.")
    segments: list[Choice] = Field(description="Eligible value-chain segments; empty means every segment.")
    valid_from: date | None
    valid_until: date | None
    application_year: int | None = Field(
        description="The year a published application guide covers, when it gives no dates; closed after that year."
    )
    open_now: bool
    how_to_apply: str
    documents: str = Field(description="Documents to prepare for an application.")
    policy_document: str
    policy_document_english: str = Field(description="The policy document's title in English, when it has one.")
    url: str

    @staticmethod
    def resolve_category(obj):
        return Choice(code=obj.category, label=str(obj.get_category_display()))

    @staticmethod
    def resolve_stages(obj):
        return choices(obj.stages, CompanyStage)

    @staticmethod
    def resolve_segments(obj):
        return choices(obj.segments, ValueChainSegment)

    @staticmethod
    def resolve_scope(obj):
        return Choice(code=obj.scope, label=str(obj.get_scope_display()))

    @staticmethod
    def resolve_level(obj):
        return Choice(code=obj.level, label=str(obj.get_level_display()))

    @staticmethod
    def resolve_is_programme_total(obj):
        return obj.amount_for == Incentive.AmountFor.PROGRAMME

    @staticmethod
    def resolve_is_per_company_maximum(obj):
        return obj.offers_per_company_maximum

    @staticmethod
    def resolve_open_now(obj):
        return obj.is_open

    @staticmethod
    def resolve_url(obj):
        return page_url(obj)


class EnterpriseOut(Sourced):
    slug: str
    name: str
    summary: str
    district: DistrictRef | None
    segments: list[Choice]
    founded_year: int | None
    size_band: Choice | None
    website: str
    is_verified: bool = Field(description="Bureau staff have checked that the company exists as described.")
    url: str

    @staticmethod
    def resolve_segments(obj):
        return choices(obj.segments, ValueChainSegment)

    @staticmethod
    def resolve_size_band(obj):
        return choices([obj.size_band], Enterprise.SizeBand)[0] if obj.size_band else None

    @staticmethod
    def resolve_url(obj):
        return page_url(obj)


class EventOut(Sourced):
    """An event as the public sees it; nothing about who registered."""

    slug: str
    title: str
    summary: str
    district: DistrictRef
    organiser_name: str = Field(description="Who runs the event, as its source names it; empty when it does not say.")
    venue: str
    address: str
    starts_at: datetime | None = Field(description="When the event starts; null when no source gives the date.")
    ends_at: datetime | None = Field(description="When the event ends; null when no source gives the date.")
    times_announced: bool = Field(description="False when only the dates are known.")
    date_announced: bool = Field(
        description="False when no source gives the date: starts_at and ends_at are then null. Lists still place "
        "such an event where the portal keeps it (for example by the date of the report that names it)."
    )
    state: Literal["published", "cancelled"]
    capacity: int | None = Field(description="Seats offered through the portal; null when it takes no registration.")
    seats_left: int
    registration_open: bool
    url: str

    @staticmethod
    def resolve_starts_at(obj):
        return obj.starts_at if obj.date_announced else None

    @staticmethod
    def resolve_ends_at(obj):
        return obj.ends_at if obj.date_announced else None

    @staticmethod
    def resolve_seats_left(obj):
        return obj.seats_left()

    @staticmethod
    def resolve_registration_open(obj):
        return obj.registration_is_open()

    @staticmethod
    def resolve_url(obj):
        return page_url(obj)


class PageOut(Schema):
    count: int = Field(description="Matches on every page.")
    next: str | None = Field(description="Address of the next page, if any.")
    previous: str | None


class DistrictPage(PageOut):
    items: list[DistrictOut]


class IncentivePage(PageOut):
    items: list[IncentiveOut]


class EnterprisePage(PageOut):
    items: list[EnterpriseOut]


class EventPage(PageOut):
    items: list[EventOut]


# Query parameters. The filter sets of the pages (districts/filters.py, enterprises/filters.py,
# events/filters.py) do the filtering; these declare the parameters and their types for the schema.

MAX_PAGE = 10_000


class CommonQuery(Schema):
    lang: Language | None = Field(None, description="Language of the texts; otherwise from Accept-Language.")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=100)


class IncentiveQuery(CommonQuery):
    district: list[str] = Field([], description="District slugs; several widen the result.")
    category: list[Literal[tuple(Incentive.Category.values)]] = []
    stage: list[Literal[tuple(CompanyStage.values)]] = []
    segment: list[Literal[tuple(ValueChainSegment.values)]] = []
    min_amount: int | None = Field(None, ge=0, le=10**13, description="Maximum support of at least this many yuan.")
    open_now: bool | None = None
    sort: Literal["district", "amount", "deadline"] | None = None


class EnterpriseQuery(CommonQuery):
    q: str | None = Field(None, max_length=100, description="Keywords, in Chinese or English.")
    district: list[str] = []
    segment: list[Literal[tuple(ValueChainSegment.values)]] = []
    size: list[Literal[tuple(Enterprise.SizeBand.values)]] = []
    founded_from: int | None = Field(None, ge=1800, le=2200)
    founded_to: int | None = Field(None, ge=1800, le=2200)
    verified: bool | None = None
    sort: Literal["relevance", "name", "newest", "oldest"] | None = None


class EventQuery(CommonQuery):
    district: list[str] = []
    month: str | None = Field(
        None,
        pattern=r"^\d{4}-\d{2}$",
        description="Events starting in this month, YYYY-MM; an event no source dates is in no month.",
    )
    when: Literal["upcoming", "past", "all"] = "all"


SearchKind = Literal[tuple(kind.key for kind in KINDS)]


class SearchQuery(CommonQuery):
    q: str = Field(
        ...,
        max_length=200,
        description="Words in Chinese or English, in either language's texts; every word must match. "
        "Synonyms kept by the bureau widen a word (短剧 also finds 微短剧 and micro-drama).",
    )
    kind: SearchKind | None = Field(None, description="One kind only, page by page; otherwise the best of each kind.")
    district: str | None = Field(None, pattern=r"^[-\w]+$", description="A district's slug.")
    page_size: int = Field(5, ge=1, le=100, description="Results a page of one kind, or of each kind.")


class SearchKindCount(Schema):
    kind: SearchKind
    label: str
    count: int = Field(description="Matches of this kind.")


class SearchResultOut(Schema):
    kind: SearchKind
    title: str
    district: str = Field(description="The district's name; empty for an enterprise outside the portal's districts.")
    url: str = Field(description="The page on the site.")
    excerpt: str = Field(description="One line of the text where the words were found, plain text.")


class SearchOut(Schema):
    query: str = Field(description="The words as searched: case folded, full-width letters as half-width.")
    count: int = Field(description="Matches of every kind.")
    kinds: list[SearchKindCount] = Field(description="Every kind, in the order results are given.")
    next: str | None = Field(description="With `kind`: the address of the next page, if any.")
    previous: str | None
    results: list[SearchResultOut] = Field(description="With `kind`: a page of it; otherwise the best of each kind.")
