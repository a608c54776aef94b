"""Reads that need care: the comparison table and the detail page, each in a fixed number of queries."""

from collections import Counter

from django.db.models import Prefetch

from districts.models import District, Incentive


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
    """Published districts for the list page, each with its count of micro-drama incentives and the
    largest amount one company can receive from one open on `day`, in two queries."""
    districts = list(
        District.objects.published().prefetch_related(
            Prefetch("incentives", queryset=Incentive.objects.with_open_flag(day))
        )
    )
    for district in districts:
        summary = incentive_summary(list(district.incentives.all()))
        district.incentive_count = len(summary["specific"])
        district.largest_per_company = summary["per_company"][0].max_amount_cny if summary["per_company"] else None
    return districts


def incentive_summary(incentives: list[Incentive]) -> dict:
    """Split a district's incentives, read through with_open_flag, the way every page counts them:
    micro-drama incentives, general measures listed apart, programme budgets, and per-company maximums
    of open incentives, largest first."""
    per_company = [incentive for incentive in incentives if incentive.offers_per_company_maximum]
    return {
        "specific": [incentive for incentive in incentives if incentive.is_micro_drama_specific],
        "general": [incentive for incentive in incentives if not incentive.is_micro_drama_specific],
        "programme_totals": [
            incentive for incentive in incentives if incentive.amount_basis == Incentive.AmountBasis.TOTAL
        ],
        "per_company": sorted(per_company, key=lambda incentive: incentive.max_amount_cny, reverse=True),
    }


def district_comparison(districts, day) -> list[dict]:
    """Side-by-side facts for the given districts: figures, micro-drama incentives by category, the
    largest amounts one company can receive today, programme budgets, general measures, funds and
    facilities. Queries do not grow with the number of districts."""
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
                "largest_incentives": summary["per_company"][:3],
                "programme_totals": summary["programme_totals"],
                "general_measures": summary["general"],
                "funds": list(district.funds.all()),
                "facilities": list(district.facilities.all()),
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
