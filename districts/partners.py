"""Which enterprises of a district's value chain a company would work with, and why.

`WORKS_WITH` is the one place that says which segments work with which: for a company of the first
segment, enterprises of the second are named, with the reason shown beside them. Edit it here; the
finder and its tests read it.

Enterprises stand on districts, so this module does not import them: it reaches the directory's rows
through the `District.enterprises` relation, as the sources register does.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import F, Value, Window
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from districts.formatting import format_labels
from districts.models import District, ValueChainSegment

S = ValueChainSegment

# For a company of the first segment, enterprises of the second, and why they would work together.
WORKS_WITH = {
    S.PRODUCTION: {
        S.IP_CONTENT: gettext_lazy("a production company adapts its IP"),
        S.PLATFORM: gettext_lazy("it commissions and streams what a production company makes"),
        S.POST_PRODUCTION: gettext_lazy("it edits and finishes what a production company shoots"),
        S.MARKETING: gettext_lazy("it promotes a production company's series"),
        S.OVERSEAS: gettext_lazy("it takes a production company's series abroad"),
        S.TECHNOLOGY: gettext_lazy("its tools serve a production company on set and in editing"),
        S.TALENT: gettext_lazy("it trains the actors, writers and crews a production company hires"),
    },
    S.IP_CONTENT: {
        S.PRODUCTION: gettext_lazy("it turns an IP holder's stories into series"),
        S.PLATFORM: gettext_lazy("it publishes and licenses an IP holder's content"),
        S.OVERSEAS: gettext_lazy("it licenses an IP holder's works abroad"),
    },
    S.OVERSEAS: {
        S.PRODUCTION: gettext_lazy("it makes the series an overseas distributor takes abroad"),
        S.PLATFORM: gettext_lazy("it holds series an overseas distributor can license abroad"),
        S.POST_PRODUCTION: gettext_lazy("it dubs and subtitles series for audiences abroad"),
    },
    S.PLATFORM: {
        S.PRODUCTION: gettext_lazy("it makes the series a platform streams"),
        S.IP_CONTENT: gettext_lazy("it supplies the stories a platform adapts or publishes"),
        S.MARKETING: gettext_lazy("it brings viewers to a platform's series"),
        S.TECHNOLOGY: gettext_lazy("it supplies a platform's streaming, payment or AI tools"),
    },
    S.POST_PRODUCTION: {
        S.PRODUCTION: gettext_lazy("it brings a post-production company footage to finish"),
        S.TECHNOLOGY: gettext_lazy("it supplies editing and AI tools"),
    },
    S.MARKETING: {
        S.PRODUCTION: gettext_lazy("it has series to promote"),
        S.PLATFORM: gettext_lazy("it runs the campaigns a marketing company places"),
    },
    S.TECHNOLOGY: {
        S.PRODUCTION: gettext_lazy("it uses technology on set and in editing"),
        S.POST_PRODUCTION: gettext_lazy("it uses AI and editing tools"),
        S.PLATFORM: gettext_lazy("it runs streaming, payment and recommendation technology"),
    },
    S.TALENT: {
        S.PRODUCTION: gettext_lazy("it hires actors, writers and crews"),
    },
}

PARTNERS_PER_DISTRICT = 5


@dataclass
class Partner:
    enterprise: object  # an enterprises.Enterprise, not imported (see the module's note)
    reasons: list[str]


@dataclass
class DistrictPartners:
    district: District
    directory_url: str
    partners: list[Partner] = field(default_factory=list)


@dataclass
class PartnersAnswer:
    named: list[DistrictPartners]
    # Districts where no published enterprise fits: said in one line, not a section each.
    none_in: list[District]

    def __bool__(self):
        return bool(self.named or self.none_in)

    @property
    def none_in_names(self) -> str:
        return format_labels(district.name for district in self.none_in)


def partner_segments(segments) -> list[str]:
    """The segments whose enterprises a company of `segments` would work with, in the order of the choices."""
    wanted = {partner for segment in segments for partner in WORKS_WITH.get(segment, {})}
    return [segment for segment in ValueChainSegment.values if segment in wanted]


def reasons_for(enterprise_segments, segments) -> list[str]:
    """Why an enterprise of `enterprise_segments` is named for a company of `segments`: one line per pair."""
    reasons = []
    for partner in ValueChainSegment.values:
        if partner not in enterprise_segments:
            continue
        for segment in segments:
            reason = WORKS_WITH.get(segment, {}).get(partner)
            if reason:
                line = _("%(segment)s: %(reason)s") % {"segment": ValueChainSegment(partner).label, "reason": reason}
                if line not in reasons:
                    reasons.append(line)
    return reasons


def name_in_current_language():
    """The name a visitor reads: in their language, else the other one (as modeltranslation falls back)."""
    first, second = ("name_en", "name_zh_hans") if get_language() == "en" else ("name_zh_hans", "name_en")
    return Coalesce(NullIf(F(first), Value("")), F(second))


def partners_for(districts, segments, limit: int = PARTNERS_PER_DISTRICT) -> PartnersAnswer:
    """Up to `limit` published enterprises per district that a company of `segments` would work with,
    verified first, then by name; read in one query however many districts are asked about.

    Each district's few are read in the order of the directory's partial index of published listings
    (enterprises migration 0007), which stops as soon as it has them, instead of numbering every
    published enterprise of the districts (tens of thousands at the benchmark's size).
    """
    wanted = partner_segments(segments)
    if not districts or not wanted:
        return PartnersAnswer(named=[], none_in=[])
    enterprise = District._meta.get_field("enterprises").related_model
    order = [F("is_verified").desc(), name_in_current_language(), F("pk")]
    per_district = [
        enterprise.objects.published()
        .filter(district=district, segments__overlap=wanted)
        # What the finder shows of each; the long texts stay behind.
        .defer("search_text", "description", "description_zh_hans", "description_en", "review_note")
        .annotate(place=Window(RowNumber(), order_by=order))
        .order_by(*order)[:limit]
        for district in districts
    ]
    ranked = per_district[0].union(*per_district[1:], all=True) if len(per_district) > 1 else per_district[0]
    directory = reverse("enterprises:list")
    by_district = {
        district.pk: DistrictPartners(
            district,
            f"{directory}?{urlencode([('district', district.slug)] + [('segment', s) for s in wanted])}",
        )
        for district in districts
    }
    for listed in sorted(ranked, key=lambda row: row.place):
        by_district[listed.district_id].partners.append(Partner(listed, reasons_for(listed.segments, segments)))
    listed = by_district.values()
    return PartnersAnswer(
        named=[entry for entry in listed if entry.partners],
        none_in=[entry.district for entry in listed if not entry.partners],
    )
