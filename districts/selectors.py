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


def district_comparison(districts) -> list[dict]:
    """Side-by-side facts for the given districts: figures, incentives by category, largest
    amounts, funds and facilities. Queries do not grow with the number of districts."""
    slugs = [district.slug for district in districts]
    profiles = {
        district.slug: district
        for district in District.objects.filter(slug__in=slugs).prefetch_related(
            Prefetch("figures", queryset=district_records("figures")),
            "incentives",
            Prefetch("funds", queryset=district_records("funds")),
            Prefetch("facilities", queryset=district_records("facilities")),
        )
    }
    columns = []
    for slug in slugs:
        district = profiles[slug]
        incentives = list(district.incentives.all())
        amounts = [incentive for incentive in incentives if incentive.max_amount_cny is not None]
        columns.append(
            {
                "district": district,
                "figures": list(district.figures.all()),
                "incentive_count": len(incentives),
                "incentives_by_category": Counter(incentive.category for incentive in incentives),
                "largest_incentives": sorted(amounts, key=lambda item: item.max_amount_cny, reverse=True)[:3],
                "funds": list(district.funds.all()),
                "facilities": list(district.facilities.all()),
            }
        )
    return columns
