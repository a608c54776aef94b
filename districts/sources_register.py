"""The sources register: every figure, amount and claim the portal publishes, each with its basis, level,
scope, source and caveat, read in a fixed number of queries however many there are."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from districts.formatting import format_amount, format_number
from districts.models import District, Source
from foundation.spreadsheets import cell_safe

# What each line of a district's page shows, by its relation on District, with the section of the page that
# shows it (an incentive has a page of its own). Enterprises and events name the ones with a source.
DISTRICT_RECORDS = [
    ("figures", "key-figures"),
    ("incentives", ""),
    ("funds", "funds"),
    ("facilities", "studios"),
    ("service_centers", "service-centers"),
    ("talent_programmes", "talent"),
]
SOURCED_LISTINGS = ["enterprises", "events"]


@dataclass(frozen=True)
class Entry:
    """One line of the register: what the portal says, as its pages say it, and where it comes from."""

    district: District
    kind: str
    what: str
    value: str
    basis: str
    level: str
    scope: str
    source: Source | None
    further_sources: list[Source]
    caveat: str
    is_illustrative: bool
    url: str


def register_entries(districts) -> list[Entry]:
    """The entries of `districts` (a queryset of published districts), district by district in the order of the
    district list, each district's records in page order; two queries per kind of record."""
    districts = list(districts)
    entries = []
    for related_name, section in DISTRICT_RECORDS:
        for record in records(related_name, districts):
            entries.append(district_record_entry(record, section))
    for related_name in SOURCED_LISTINGS:
        for record in records(related_name, districts).filter(source__isnull=False):
            entries.append(listing_entry(record))
    position = {district.pk: index for index, district in enumerate(districts)}
    return sorted(entries, key=lambda entry: position[entry.district.pk])


def records(related_name: str, districts):
    # Resolved through the relation, not imported: enterprises and events stand on districts, not under it.
    model = District._meta.get_field(related_name).related_model
    queryset = model.objects.filter(district__in=districts)
    if related_name == "enterprises":
        queryset = queryset.published()
    elif related_name == "events":
        queryset = queryset.visible()
    queryset = queryset.select_related("district", "source")
    if hasattr(model, "further_sources"):
        queryset = queryset.prefetch_related(Prefetch("further_sources", queryset=Source.objects.order_by("pk")))
    return queryset


def district_record_entry(record, section: str) -> Entry:
    district = record.district
    url = (
        record.get_absolute_url() if hasattr(record, "get_absolute_url") else f"{district.get_absolute_url()}#{section}"
    )
    what, value, basis = record_facts(record)
    return Entry(
        district=district,
        kind=record_kind(record),
        what=what,
        value=value,
        basis=basis,
        level=record.get_level_display(),
        scope=record.get_scope_display(),
        source=record.source,
        further_sources=list(record.further_sources.all()),
        caveat=record.caveat,
        is_illustrative=record.is_illustrative,
        url=url,
    )


def record_kind(record) -> str:
    """Key figure; Facility · Creative park: a studio is not compared with a park (audit F25)."""
    kind = capfirst(record._meta.verbose_name)
    if hasattr(record, "get_kind_display"):
        return f"{kind} · {record.get_kind_display()}"
    return kind


def record_facts(record) -> tuple[str, str, str]:
    """What the record is, its value and the basis of that value, in the words of the pages that show it."""
    name = record._meta.model_name
    if name == "keyfigure":
        # 200家 / 200 companies, as the figure's own line reads (its unit set beside the value).
        separator = "" if (get_language() or "").startswith("zh") else " "
        return record.label, f"{record.value_display}{separator}{record.unit}".strip(), figure_date(record)
    if name == "incentive":
        return record.title, record.amount_display, record.amount_basis_display
    if name == "industrialfund":
        return record.name, format_amount(record.size_cny) if record.size_cny is not None else "", ""
    if name == "facility":
        return record.name, facility_value(record), ""
    if name == "servicecenter":
        return record.name, record.get_status_display(), ""
    sessions = record.sessions_per_year
    value = (
        ngettext("%(counter)s+ session a year", "%(counter)s+ sessions a year", sessions) % {"counter": sessions}
        if sessions
        else ""
    )
    return record.name, value, ""


def figure_date(figure) -> str:
    """The date as the figure's own line gives it: the period it covers only where the source says so."""
    if not figure.as_of:
        return gettext("date not published")
    date = date_format(figure.as_of, "YEAR_MONTH_FORMAT")
    if figure.covers_period:
        return gettext("as of %(date)s") % {"date": date}
    return gettext("published %(date)s") % {"date": date}


def facility_value(facility) -> str:
    parts = []
    if facility.scene_count:
        parts.append(
            ngettext("%(scenes)s shooting scene", "%(scenes)s shooting scenes", facility.scene_count)
            % {"scenes": facility.scene_count_display}
        )
    if facility.area_sqm:
        parts.append(gettext("%(area)s m²") % {"area": format_number(facility.area_sqm)})
    return " · ".join(parts)


def listing_entry(record) -> Entry:
    """An enterprise or an event: a claim about a company or a date, with the source it was read in."""
    if record._meta.model_name == "event":
        from events.dates import event_when  # events stands on districts: imported when first needed

        what, value = record.title, event_when(record, html=False)
    else:
        what, value = record.name, record.get_size_band_display()
    return Entry(
        district=record.district,
        kind=capfirst(record._meta.verbose_name),
        what=what,
        value=value,
        basis="",
        level="",
        scope="",
        source=record.source,
        further_sources=[],
        caveat=record.caveat,
        is_illustrative=record.is_illustrative,
        url=record.get_absolute_url(),
    )


# The columns of the register's CSV file, headed in the language of the page it was downloaded from.
CSV_COLUMNS = [
    _("District"),
    _("Kind"),
    _("What"),
    _("Value as shown"),
    _("Basis"),
    _("Level"),
    _("Scope"),
    _("Publisher"),
    _("Title as published"),
    _("Published on"),
    _("Source kind"),
    _("Read in"),
    _("Read on"),
    _("Source address"),
    _("Further sources"),
    _("Caveat"),
    _("Illustrative"),
    _("Where it shows"),
]


def csv_rows(entries: list[Entry], site_url: str):
    """The header and one row per entry, every cell safe to open in a spreadsheet (no cell runs as a formula)."""
    yield [str(column) for column in CSV_COLUMNS]
    for entry in entries:
        source = entry.source
        yield [
            cell_safe(str(cell))
            for cell in [
                entry.district.name,
                entry.kind,
                entry.what,
                entry.value,
                entry.basis,
                entry.level,
                entry.scope,
                source.publisher_display if source else "",
                source.published_title if source else "",
                source.published_on.isoformat() if source and source.published_on else "",
                source.get_kind_display() if source else "",
                source.read_via if source else "",
                source.read_on.isoformat() if source and source.read_on else "",
                source.url if source else "",
                "; ".join(citation_text(further) for further in entry.further_sources),
                entry.caveat,
                gettext("yes") if entry.is_illustrative else "",
                f"{site_url}{entry.url}",
            ]
        ]


def citation_text(source: Source) -> str:
    """南方都市报, 2025-01-17, https://…: a further source in one cell."""
    parts = [source.publisher_display, source.published_title]
    parts.append(source.published_on.isoformat() if source.published_on else "")
    return ", ".join(part for part in [*parts, source.url] if part)
