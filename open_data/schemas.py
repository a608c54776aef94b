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
    """Where a figure comes from: the publisher, its title only as published, its date, and for a reprint or a
    summary where it was read."""

    publisher: str
    publisher_english: str = Field(description="For a Chinese publisher, its name in English; otherwise empty.")
    title: str | None = Field(
        description="The title exactly as the source gives it; null when it gives none (the portal writes no title "
        "of its own)."
    )
    title_english: str | None = Field(
        description="The published title in English, the portal's translation; null when the title is null or "
        "has no English."
    )
    kind: Literal["original", "reprint", "summary"] = Field(
        description="original: the publisher's own text; reprint: its text read on another site; summary: a third "
        "party's summary of it."
    )
    read_via: str = Field(description="For a reprint or a summary, the site where it was read; otherwise empty.")
    read_on: date | None = Field(description="The day a reprint or a summary was read; null when not recorded.")
    url: str = Field(description="Where it was read; empty when the source is not online.")
    published_on: date | None = Field(description="The day the source was published; null when it gives none.")

    @staticmethod
    def resolve_title(obj):
        return obj.title if obj.title_as_published and obj.title else None

    @staticmethod
    def resolve_title_english(obj):
        return obj.title_english or None if obj.title_as_published and obj.title else None


class Sourced(Schema):
    source: SourceOut | None = Field(description="Where the figures of this record come from.")
    is_illustrative: bool = Field(description="Example content, not a sourced fact.")
    caveat: str = Field(
        description="What a reader must know, as the pages show it: sources that differ, a figure derived, a name "
        "translated; empty when there is nothing to add."
    )


class Choice(Schema):
    code: str
    label: str


class DistrictRecordOut(Sourced):
    """A fact of a district: whose measure or figure it is (level) and what it covers (scope)."""

    further_sources: list[SourceOut] = Field(description="Sources of parts of the record, beside the main one.")
    level: Choice = Field(
        description="The government whose measure or figure it is: district, city, province or nation."
    )
    scope: Choice = Field(
        description="What the measure covers or the figure counts: micro_drama, audiovisual, internet_content, "
        "culture, digital_economy or economy."
    )

    @staticmethod
    def resolve_further_sources(obj):
        return list(obj.further_sources.all())

    @staticmethod
    def resolve_level(obj):
        return Choice(code=obj.level, label=str(obj.get_level_display()))

    @staticmethod
    def resolve_scope(obj):
        return Choice(code=obj.scope, label=str(obj.get_scope_display()))


def page_url(obj) -> str:
    return f"{settings.SITE_URL}{obj.get_absolute_url()}"


def choices(values, enum) -> list[Choice]:
    return [Choice(code=value, label=str(enum(value).label)) for value in values]


class DistrictRef(Schema):
    slug: str
    name: str


class KeyFigureOut(DistrictRecordOut):
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


class FundOut(DistrictRecordOut):
    name: str
    size_cny: int | None = Field(description="The fund's size in yuan, as published; null when not published.")
    focus: str
    established_on: date | None


class FacilityOut(DistrictRecordOut):
    name: str
    kind: Choice = Field(description="studio, shooting_base or creative_park.")
    description: str
    scene_count: int | None = Field(description="Shooting scenes, as published; null when not published.")
    scene_count_is_lower_bound: bool = Field(description="True when the source says “over” (“40+”).")
    area_sqm: int | None = Field(description="Area in square metres, as published; null when not published.")
    opened_on: date | None

    @staticmethod
    def resolve_kind(obj):
        return Choice(code=obj.kind, label=str(obj.get_kind_display()))


class DistrictOut(Schema):
    slug: str
    name: str
    city: str
    province: str
    tagline: str
    overview: str
    url: str
    key_figures: list[KeyFigureOut]
    funds: list[FundOut]
    facilities: list[FacilityOut]

    @staticmethod
    def resolve_url(obj):
        return page_url(obj)

    @staticmethod
    def resolve_key_figures(obj):
        return list(obj.figures.all())

    @staticmethod
    def resolve_funds(obj):
        return list(obj.funds.all())

    @staticmethod
    def resolve_facilities(obj):
        return list(obj.facilities.all())


class IncentiveOut(DistrictRecordOut):
    id: int
    title: str
    summary: str
    district: DistrictRef
    category: Choice
    max_amount_cny: int | None = Field(
        description="The amount in yuan, as published: a maximum only where amount_is_maximum; read it with "
        "amount_for and amount_period."
    )
    amount_for: str = Field(
        description="Whom the amount is for: company, work, project, programme (a programme's budget), or empty "
        "with no amount."
    )
    amount_period: str = Field(
        description="The period the amount covers: one_off, year, round (an application round), not_published, or "
        "empty with no amount."
    )
    amount_is_maximum: bool = Field(description="True only where the source says “up to”; false for a fixed amount.")
    amount_text: str = Field(
        description="The amount as the pages write it, with whom it is for and its period (“up to 800,000 yuan per "
        "company a year”, “每家企业每年最高80万元”)."
    )
    is_programme_total: bool = Field(
        description="True when max_amount_cny is a programme's budget (amount_for is programme), not what one "
        "company can receive."
    )
    is_per_company_maximum: bool = Field(
        description="True when max_amount_cny is what one company can receive a year: an open micro-drama "
        "incentive paying per company a year."
    )
    is_micro_drama_specific: bool = Field(
        description="False for a general measure (scope other than micro_drama) listed beside the incentives."
    )
    eligibility_published: bool = Field(
        description="False when no source says who qualifies: stages and segments then mean nothing; ask the bureau."
    )
    stages: list[Choice] = Field(
        description="Eligible company stages as the source names them; empty with eligibility_published means "
        "every stage."
    )
    segments: list[Choice] = Field(
        description="Eligible value-chain segments as the source names them; empty with eligibility_published "
        "means every segment."
    )
    valid_from: date | None
    valid_until: date | None
    application_year: int | None = Field(
        description="The year a published application guide covers, when it gives no dates; closed after that year."
    )
    validity: Literal["open", "closed", "not_published"] = Field(
        description="open or closed today (Beijing time); not_published when no source gives any date (neither "
        "open nor closed)."
    )
    open_now: bool = Field(description="True only when validity is open.")
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
    def resolve_amount_text(obj):
        return obj.amount_display

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
    count: int = Field(description="Matches of this kind; counting stops at 1,000.")
    more: bool = Field(description="There are more matches than `count`; with `kind`, only the first 1,000 are given.")


class SearchResultOut(Schema):
    kind: SearchKind
    title: str
    district: str = Field(description="The district's name; empty for an enterprise outside the portal's districts.")
    url: str = Field(description="The page on the site.")
    excerpt: str = Field(description="One line of the text where the words were found, plain text.")


class SearchOut(Schema):
    query: str = Field(description="The words as searched: case folded, full-width letters as half-width.")
    count: int = Field(description="Matches of every kind, each kind counted up to 1,000.")
    more: bool = Field(description="Some kind has more matches than its count.")
    kinds: list[SearchKindCount] = Field(description="Every kind, in the order results are given.")
    next: str | None = Field(description="With `kind`: the address of the next page, if any.")
    previous: str | None
    results: list[SearchResultOut] = Field(description="With `kind`: a page of it; otherwise the best of each kind.")
