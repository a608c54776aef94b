"""Reads that need care: the comparison table, the detail page and the catalogue's counts, each in a fixed
number of queries."""

from collections import Counter

from django.contrib.postgres.fields import ArrayField
from django.db.models import BooleanField, Case, CharField, ExpressionWrapper, F, Prefetch, Q, Value, When
from django.utils.translation import gettext

from districts.models import (
    CompanyStage,
    District,
    Facility,
    Incentive,
    Scope,
    ValueChainSegment,
    amount_basis_phrase,
    incentive_accepts,
    incentive_open_on,
)
from foundation.facets import count_facet_passes, facet_passes


def district_profile(slug: str):
    """A published district with everything its page shows, in a fixed number of queries."""
    return (
        District.objects.published()
        .filter(slug=slug)
        .select_related("contact")
        .prefetch_related(
            Prefetch("figures", queryset=district_records("figures")),
            Prefetch(
                "incentives",
                queryset=Incentive.objects.select_related("source").with_open_flag().order_by("category", "pk"),
            ),
            Prefetch("funds", queryset=district_records("funds")),
            Prefetch("facilities", queryset=district_records("facilities")),
            Prefetch("service_centers", queryset=district_records("service_centers")),
            Prefetch("talent_programmes", queryset=district_records("talent_programmes")),
        )
    )


def district_records(related_name: str):
    model = District._meta.get_field(related_name).related_model
    return model.objects.select_related("source")


def district_cards(day):
    """Published districts for the list page, each with its count of micro-drama incentives and its largest
    amount of each basis (largest_by_basis), in two queries."""
    districts = list(
        District.objects.published().prefetch_related(
            Prefetch("incentives", queryset=Incentive.objects.with_open_flag(day))
        )
    )
    for district in districts:
        summary = incentive_summary(list(district.incentives.all()))
        district.incentive_count = len(summary["specific"])
        district.largest_amounts = summary["largest"]
    return districts


def incentive_summary(incentives: list[Incentive]) -> dict:
    """Split a district's incentives, read through with_open_flag, the way every page counts them:
    micro-drama incentives, general measures listed apart, programme budgets, per-company maximums a year
    of open incentives, largest first, and the largest amount of each basis (largest_by_basis)."""
    per_company = [incentive for incentive in incentives if incentive.offers_per_company_maximum]
    return {
        "specific": [incentive for incentive in incentives if incentive.is_micro_drama_specific],
        "general": [incentive for incentive in incentives if not incentive.is_micro_drama_specific],
        "programme_totals": [
            incentive for incentive in incentives if incentive.amount_for == Incentive.AmountFor.PROGRAMME
        ],
        "per_company": sorted(per_company, key=lambda incentive: incentive.max_amount_cny, reverse=True),
        "largest": largest_by_basis(incentives),
    }


# Amounts are compared only with amounts of the same basis (whom for, over what period), in this order;
# a programme's budget is no one's amount and is listed apart. An amount whose basis is missing comes last.
_FOR, _PERIOD = Incentive.AmountFor, Incentive.AmountPeriod
BASES = [
    (amount_for, period)
    for amount_for in (_FOR.COMPANY, _FOR.WORK, _FOR.PROJECT)
    for period in (_PERIOD.YEAR, _PERIOD.ROUND, _PERIOD.ONE_OFF, _PERIOD.NOT_PUBLISHED)
] + [("", "")]
PER_COMPANY_A_YEAR = (_FOR.COMPANY, _PERIOD.YEAR)
# Which measure of a basis stands for it: an open one before one whose validity is not published, a closed
# one only when nothing else of its basis is left (it then reads "closed round: …", never "no amount").
VALIDITY_RANK = {Incentive.Validity.OPEN: 0, Incentive.Validity.NOT_PUBLISHED: 1, Incentive.Validity.CLOSED: 2}


def amount_basis(incentive: Incentive) -> tuple[str, str]:
    """The basis an amount is compared on; ("", "") when whom it is for is not published, or missing."""
    basis = (incentive.amount_for, incentive.amount_period)
    return basis if basis in BASES else ("", "")


def largest_by_basis(incentives) -> list[Incentive]:
    """The largest published amount of each basis among micro-drama measures read through with_open_flag, one
    measure a basis, in BASES order (per company a year first). Amounts of different bases are never added
    or ranked against each other; general measures and programme budgets are not counted."""
    best = {}
    for incentive in incentives:
        if (
            incentive.max_amount_cny is None
            or not incentive.is_micro_drama_specific
            or incentive.amount_for == Incentive.AmountFor.PROGRAMME
        ):
            continue
        basis = amount_basis(incentive)
        rank = (VALIDITY_RANK[incentive.validity], -incentive.max_amount_cny, incentive.pk)
        if basis not in best or rank < best[basis][0]:
            best[basis] = (rank, incentive)
    return [best[basis][1] for basis in sorted(best, key=BASES.index)]


def largest_amount_label(basis: tuple[str, str]) -> str:
    """What a comparison row compares: "Largest amount per work, one-off"."""
    if basis == ("", ""):
        return gettext("Largest amount whose basis is not published")
    return gettext("Largest amount %(basis)s") % {"basis": amount_basis_phrase(*basis)}


def largest_amount_rows(columns: list[dict]) -> list[tuple[str, list]]:
    """One comparison row per basis any district publishes, like beside like: (label, [(column, incentive or
    None)])."""
    by_column = [{amount_basis(incentive): incentive for incentive in column["largest"]} for column in columns]
    present = sorted({basis for largest in by_column for basis in largest}, key=BASES.index)
    return [
        (largest_amount_label(basis), [(column, largest.get(basis)) for column, largest in zip(columns, by_column)])
        for basis in present
    ]


def district_comparison(districts, day) -> list[dict]:
    """Side-by-side facts for the given districts: figures, micro-drama incentives by category, the
    largest amount of each basis (largest_amount_rows sets like beside like), programme budgets, general
    measures, funds and facilities. Queries do not grow with the number of districts."""
    slugs = [district.slug for district in districts]
    profiles = {
        district.slug: district
        for district in District.objects.filter(slug__in=slugs).prefetch_related(
            Prefetch("figures", queryset=district_records("figures")),
            Prefetch("incentives", queryset=Incentive.objects.with_open_flag(day)),
            Prefetch("funds", queryset=district_records("funds")),
            Prefetch("facilities", queryset=district_records("facilities")),
        )
    }
    columns = []
    for slug in slugs:
        district = profiles[slug]
        summary = incentive_summary(list(district.incentives.all()))
        columns.append(
            {
                "district": district,
                "figures": list(district.figures.all()),
                "incentive_count": len(summary["specific"]),
                "incentives_by_category": Counter(incentive.category for incentive in summary["specific"]),
                "largest": summary["largest"],
                "programme_totals": summary["programme_totals"],
                "general_measures": summary["general"],
                "funds": list(district.funds.all()),
                # A creative park is not a studio: the district page lists it, the comparison sets studios side by side.
                "facilities": [
                    facility for facility in district.facilities.all() if facility.kind != Facility.Kind.CREATIVE_PARK
                ],
            }
        )
    return columns


def related_incentives(incentive: Incentive, limit: int = 5) -> dict:
    """Other incentives of the same district, and of the same category elsewhere, in two queries."""
    others = Incentive.objects.published().exclude(pk=incentive.pk).select_related("district")
    return {
        "same_district": list(others.filter(district=incentive.district_id).order_by("category", "pk")[:limit]),
        "same_category": list(
            others.filter(category=incentive.category)
            .exclude(district=incentive.district_id)
            .order_by("district__display_order", "pk")[:limit]
        ),
    }


CATALOGUE_FACETS = ("district", "category", "stage", "segment", "open_now", "micro_drama_only")


def catalogue_condition(facet: str, selection, day) -> Q:
    """What ticking values of one of the catalogue's facets keeps; several values of a facet widen the result."""
    if not selection:
        return Q()
    if facet == "district":
        return Q(district_id__in=selection)
    if facet == "category":
        return Q(category__in=selection)
    if facet == "stage":
        return incentive_accepts("stages", selection)
    if facet == "segment":
        return incentive_accepts("segments", selection)
    if facet == "open_now":
        return incentive_open_on(day)
    if facet == "micro_drama_only":
        return Q(scope=Scope.MICRO_DRAMA)
    raise ValueError(f"Unknown facet {facet!r}")


def catalogue_columns(day) -> dict:
    """What each facet of the catalogue counts by."""
    return {
        "district": F("district__slug"),
        "category": F("category"),
        "stage": named_when_published("stages"),
        "segment": named_when_published("segments"),
        "open_now": ExpressionWrapper(incentive_open_on(day), output_field=BooleanField()),
        "micro_drama_only": ExpressionWrapper(Q(scope=Scope.MICRO_DRAMA), output_field=BooleanField()),
    }


def named_when_published(field: str):
    """The stages (or segments) an incentive names, or NULL where its source does not say who qualifies:
    such an incentive is counted on a line of its own, never as accepting every option."""
    return Case(
        When(eligibility_published=False, then=Value(None)),
        default=F(field),
        output_field=ArrayField(CharField(max_length=20)),
    )


def count_catalogue_passes(queryset, passes, day) -> list[dict]:
    return count_facet_passes(queryset, passes, catalogue_columns(day))


def catalogue_facets(queryset, selections: dict, day, count_passes=count_catalogue_passes) -> dict:
    """How many incentives each of the catalogue's options would show, and how many the page shows.

    Counted within `queryset` (the incentives that match everything but the facets: published, the
    minimum amount, which leaves out every incentive that publishes no amount). `selections` name
    districts by primary key; the counts name them by slug, as the form does, and leave out a district
    none of whose incentives match (0). `count_passes` may answer passes from a cache.
    """
    counted = {}
    passes = facet_passes(CATALOGUE_FACETS, selections, lambda facet, chosen: catalogue_condition(facet, chosen, day))
    for facet_counts in count_passes(queryset, passes, day):
        counted.update(facet_counts)
    return {
        "total": counted["total"].get("", 0),
        "district": counted["district"],
        "category": {value: counted["category"].get(value, 0) for value in Incentive.Category.values},
        "stage": accepted_counts(counted["stage"], CompanyStage.values),
        "segment": accepted_counts(counted["segment"], ValueChainSegment.values),
        # Shown whatever is ticked (incentive_accepts keeps them, for the company to ask), and counted apart.
        "eligibility_not_published": {
            "stage": counted["stage"].get(None, 0),
            "segment": counted["segment"].get(None, 0),
        },
        "open_now": {"on": counted["open_now"].get(True, 0)},
        "micro_drama_only": {"on": counted["micro_drama_only"].get(True, 0)},
    }


def accepted_counts(by_combination: dict, values) -> dict:
    """Counts by combination of stages (or segments) named, spread to each value the combination accepts:
    an incentive whose source says who qualifies and names none accepts every one (incentive_accepts). Where
    the source does not say (combination None), the incentive is not counted here."""
    counts = dict.fromkeys(values, 0)
    for combination, count in by_combination.items():
        if combination is None:
            continue
        for value in set(combination or values) & counts.keys():
            counts[value] += count
    return counts
