"""The leads dashboard of one district: what investors look at, the inquiries and registrations that follow,
how fast the bureau answers, and the funnel from a page view to a company won.

Every figure is read by aggregate queries whose number does not grow with the rows (nine for a whole
dashboard), so the page, its CSV export, the query-count test and benchmarks/leads_dashboard.py call the same
`leads_dashboard`. Days and weeks are Beijing's (Asia/Shanghai); weeks start on Monday.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Aggregate,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from districts.charts import CategoryChart, bar_chart
from districts.models import CompanyStage, District, Incentive, Inquiry, ValueChainSegment
from enterprises.models import Enterprise
from events.models import Event, Registration
from meetings.selectors import accepted_meetings
from page_views.models import PageViewDay

WORKING_DAYS_TO_ANSWER = 2
TOP_PAGES = 10
# The list of waiting inquiries stops here; the count above it says how many wait in all.
WAITING_LISTED = 100
NOT_RECORDED = _("Not recorded")
# Room for labels such as "Relocating or opening a branch" beside the bars.
WIDE_LABELS = 196


class Median(Aggregate):
    """PostgreSQL's continuous median (percentile_cont), of numbers or of intervals."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def meetings_at_events(district: District, start: datetime.date, end: datetime.date) -> int:
    """Meetings accepted at the district's desk, or at the desk of an enterprise of the district, that take
    place in the period: the leads it met at investment events."""
    return accepted_meetings(district, *local_bounds(start, end)).count()


def working_days_before(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The moment `days` working days (Monday to Friday in Beijing, public holidays not known) before `moment`:
    an inquiry received before it has waited longer than that. Weekends do not count down."""
    zone = timezone.get_default_timezone()
    remaining = datetime.timedelta(days=days)
    end = timezone.localtime(moment, zone)
    day = end.date()
    while True:
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
        if day.weekday() < 5:
            if end - start >= remaining:
                return end - remaining
            remaining -= end - start
        day -= datetime.timedelta(days=1)
        end = start


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve weeks: from the Monday eleven weeks before this week's to today."""
    return week_start(today) - datetime.timedelta(weeks=11), today


@dataclass
class Breakdown:
    """Counts of one property of the period's inquiries, largest first."""

    slug: str
    title: str
    rows: list[tuple[str, int]]

    @property
    def chart(self) -> CategoryChart:
        return bar_chart([str(_("Inquiries"))], [(label, [count]) for label, count in self.rows], WIDE_LABELS)


@dataclass
class Page:
    kind: str
    key: str
    title: str
    views: int
    url: str

    @property
    def kind_label(self) -> str:
        return PageViewDay.Kind(self.kind).label


@dataclass
class FunnelStep:
    label: str
    count: int


@dataclass
class LeadsDashboard:
    district: District
    start: datetime.date
    end: datetime.date
    weeks: list[tuple[datetime.date, int, int]]
    breakdowns: list[Breakdown]
    inquiries: int
    replied: int
    median_reply: datetime.timedelta | None
    won: int
    waiting: list[Inquiry]
    waiting_count: int
    waiting_since: datetime.datetime
    top_pages: list[Page]
    top_incentives: list[Page]
    funnel: list[FunnelStep] = field(default_factory=list)

    @property
    def weekly_chart(self) -> CategoryChart:
        rows = [(week.strftime("%m-%d"), [inquiries, registrations]) for week, inquiries, registrations in self.weeks]
        return bar_chart([str(_("Inquiries")), str(_("Event registrations"))], rows)

    @property
    def funnel_chart(self) -> CategoryChart:
        # A step not offered yet has no bar: the table beneath says so, where a bar would say none.
        rows = [(step.label, [step.count]) for step in self.funnel]
        return bar_chart([str(_("Count"))], rows, WIDE_LABELS)

    @property
    def median_reply_hours(self) -> str:
        return hours(self.median_reply)

    @property
    def registrations(self) -> int:
        return sum(week[2] for week in self.weeks)


def local_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware moments: from the start of its first day to the start of the day after its last."""
    zone = timezone.get_default_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


def per_week(rows: QuerySet) -> dict[datetime.date, int]:
    """Counts of `rows` per Monday-started week, from counts per Beijing day (one query)."""
    counts: dict[datetime.date, int] = {}
    days = rows.annotate(day=TruncDate("created_at")).values("day").annotate(count=Count("pk")).order_by()
    for row in days:
        week = week_start(row["day"])
        counts[week] = counts.get(week, 0) + row["count"]
    return counts


def leads_dashboard(district: District, start: datetime.date, end: datetime.date, now=None) -> LeadsDashboard:
    """Every figure of the district's dashboard for the days from `start` to `end` (both included)."""
    now = now or timezone.now()
    since, until = local_bounds(start, end)
    inquiries = Inquiry.objects.filter(district=district, created_at__gte=since, created_at__lt=until)
    registrations = Registration.objects.filter(event__district=district, created_at__gte=since, created_at__lt=until)

    inquiries_per_week = per_week(inquiries)
    registrations_per_week = per_week(registrations)
    weeks = []
    week = week_start(start)
    while week <= end:
        weeks.append((week, inquiries_per_week.get(week, 0), registrations_per_week.get(week, 0)))
        week += datetime.timedelta(weeks=1)

    breakdowns = inquiry_breakdowns(inquiries)

    reply_time = ExpressionWrapper(F("first_replied_at") - F("created_at"), output_field=DurationField())
    totals = inquiries.aggregate(
        inquiries=Count("pk"),
        replied=Count("pk", filter=Q(first_replied_at__isnull=False)),
        # Inquiries not answered yet have no reply time; the median leaves them out.
        median_reply=Median(reply_time, output_field=DurationField()),
        won=Count("pk", filter=Q(status=Inquiry.Status.SETTLED)),
    )

    waiting_since = working_days_before(now, WORKING_DAYS_TO_ANSWER)
    waiting = list(
        Inquiry.objects.filter(
            district=district, status=Inquiry.Status.NEW, first_replied_at=None, created_at__lt=waiting_since
        )
        .only("pk", "company", "created_at")
        .annotate(waiting_count=Window(Count("pk")))
        .order_by("created_at", "pk")[:WAITING_LISTED]
    )

    pages = page_views(district, start, end)
    finder_use = sum(page.views for page in pages if page.kind == PageViewDay.Kind.FINDER)
    viewed = [page for page in pages if page.kind != PageViewDay.Kind.FINDER]

    funnel = [
        FunnelStep(str(_("Page views")), sum(page.views for page in viewed)),
        FunnelStep(str(_("Finder answers taken to the district")), finder_use),
        FunnelStep(str(_("Inquiries")), totals["inquiries"]),
        FunnelStep(str(_("Meetings at events")), meetings_at_events(district, start, end)),
        FunnelStep(str(_("Leads won (settled)")), totals["won"]),
    ]
    return LeadsDashboard(
        district=district,
        start=start,
        end=end,
        weeks=weeks,
        breakdowns=breakdowns,
        inquiries=totals["inquiries"],
        replied=totals["replied"],
        median_reply=totals["median_reply"],
        won=totals["won"],
        waiting=waiting,
        waiting_count=waiting[0].waiting_count if waiting else 0,
        waiting_since=waiting_since,
        top_pages=viewed[:TOP_PAGES],
        top_incentives=[page for page in viewed if page.kind == PageViewDay.Kind.INCENTIVE][:TOP_PAGES],
        funnel=funnel,
    )


def inquiry_breakdowns(inquiries: QuerySet) -> list[Breakdown]:
    """The period's inquiries by value-chain segment, company stage, language and the page they came from,
    from one query grouped by all four. The stage is known only when the investor came from the finder."""
    combinations = (
        inquiries.annotate(stage=KT("context__stage"), from_finder=Q(context__has_key="finder_url"))
        .values("segment", "stage", "language", "from_finder")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_segment, by_stage, by_language, by_page = {}, {}, {}, {}
    segments, stages = dict(ValueChainSegment.choices), dict(CompanyStage.choices)
    languages = dict(settings.LANGUAGES)
    for row in combinations:
        count = row["count"]
        for counts, label in [
            (by_segment, segments.get(row["segment"], NOT_RECORDED)),
            (by_stage, stages.get(row["stage"], NOT_RECORDED)),
            (by_language, languages.get(row["language"], row["language"] or NOT_RECORDED)),
            (by_page, _("The district's page, from the finder") if row["from_finder"] else _("The district's page")),
        ]:
            counts[str(label)] = counts.get(str(label), 0) + count

    def ordered(counts):
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    return [
        Breakdown("segment", str(_("By value-chain segment")), ordered(by_segment)),
        Breakdown("stage", str(_("By company stage")), ordered(by_stage)),
        Breakdown("language", str(_("By language")), ordered(by_language)),
        Breakdown("page", str(_("By the page they came from")), ordered(by_page)),
    ]


def in_current_language(field_name: str):
    """The field as a visitor reads it: in the current language, else the other one (modeltranslation's fallback)."""
    first, second = ("en", "zh_hans") if get_language() == "en" else ("zh_hans", "en")
    return Coalesce(
        NullIf(F(f"{field_name}_{first}"), Value(""), output_field=CharField()),
        F(f"{field_name}_{second}"),
        output_field=CharField(),
    )


def page_views(district: District, start: datetime.date, end: datetime.date) -> list[Page]:
    """Views of the district's public pages (its own, its incentives', companies' and events') and of the
    finder's answers taken to it, in the period, most viewed first, titled in the current language. Four
    queries: the titles of the district's incentives, enterprises and events, then the views, summed by page."""
    titles = {
        PageViewDay.Kind.INCENTIVE: page_titles(Incentive.objects.filter(district=district), "pk", "title"),
        PageViewDay.Kind.ENTERPRISE: page_titles(Enterprise.objects.filter(district=district), "slug", "name"),
        PageViewDay.Kind.EVENT: page_titles(Event.objects.filter(district=district), "slug", "title"),
    }
    titles[PageViewDay.Kind.DISTRICT] = titles[PageViewDay.Kind.FINDER] = {district.slug: district.name}
    pages = Q(pk__in=[])
    for kind, titled in titles.items():
        pages |= Q(kind=kind, key__in=list(titled))
    rows = (
        PageViewDay.objects.filter(pages, day__gte=start, day__lte=end)
        .values("kind", "key")
        .annotate(views=Sum("views"))
        .order_by("-views", "kind", "key")
    )
    return [
        Page(
            kind=row["kind"],
            key=row["key"],
            title=titles[row["kind"]][row["key"]],
            views=row["views"],
            url=public_url(row),
        )
        for row in rows
    ]


def page_titles(records: QuerySet, key: str, field_name: str) -> dict[str, str]:
    """Each record's title in the current language by the key its page's address holds."""
    # Annotated, then picked: modeltranslation's values() with an expression would select every column.
    rows = records.annotate(page_title=in_current_language(field_name)).order_by().values_list(key, "page_title")
    return {str(page_key): title for page_key, title in rows}


PUBLIC_PAGES = {
    PageViewDay.Kind.DISTRICT: ("districts:detail", "slug"),
    PageViewDay.Kind.FINDER: ("districts:detail", "slug"),
    PageViewDay.Kind.INCENTIVE: ("districts:incentive", "pk"),
    PageViewDay.Kind.ENTERPRISE: ("enterprises:detail", "slug"),
    PageViewDay.Kind.EVENT: ("events:detail", "slug"),
}


def public_url(row) -> str:
    view_name, argument = PUBLIC_PAGES[row["kind"]]
    return reverse(view_name, kwargs={argument: row["key"]})


def inquiry_admin_url(inquiry: Inquiry) -> str:
    return reverse("admin:districts_inquiry_change", args=[inquiry.pk])


def hours(duration: datetime.timedelta | None) -> str:
    """A duration in hours with one decimal ("27.5"), or "" when there is none."""
    return "" if duration is None else f"{duration.total_seconds() / 3600:.1f}"


def leads_rows(dashboard: LeadsDashboard) -> list[list]:
    """The dashboard as the rows of a CSV file (section, row, figure), in the current language."""
    local = timezone.localtime
    rows = [
        [_("Section"), _("Row"), _("Figure")],
        [_("Period"), _("From"), dashboard.start.isoformat()],
        [_("Period"), _("To"), dashboard.end.isoformat()],
    ]
    rows += [[_("Inquiries per week"), week.isoformat(), inquiries] for week, inquiries, __ in dashboard.weeks]
    rows += [[_("Event registrations per week"), week.isoformat(), count] for week, __, count in dashboard.weeks]
    for breakdown in dashboard.breakdowns:
        rows += [[breakdown.title, label, count] for label, count in breakdown.rows]
    rows += [
        [_("Replies"), _("Inquiries received"), dashboard.inquiries],
        [_("Replies"), _("Answered"), dashboard.replied],
        [_("Replies"), _("Median time to first reply (hours)"), hours(dashboard.median_reply)],
    ]
    rows += [
        [_("Waiting longer than two working days"), inquiry.company, f"{local(inquiry.created_at):%Y-%m-%d %H:%M}"]
        for inquiry in dashboard.waiting
    ]
    rows += [[_("Most viewed pages"), f"{page.kind_label}: {page.title}", page.views] for page in dashboard.top_pages]
    rows += [[_("Most viewed incentives"), page.title, page.views] for page in dashboard.top_incentives]
    rows += [[_("Funnel"), step.label, step.count] for step in dashboard.funnel]
    return rows
