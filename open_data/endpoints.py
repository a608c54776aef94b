"""The open data API, /api/v1/: read-only, paginated, bilingual, every figure with its source.

The filters are the pages' own filter sets, so the API and the site always agree on what a filter means.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import NinjaAPI, Path, Query
from ninja.throttling import BaseThrottle

from districts.filters import IncentiveFilter
from districts.models import District, Facility, Incentive, IndustrialFund, KeyFigure
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from events.filters import EventFilter
from events.views import events_with_seats
from foundation.client_address import client_address
from foundation.limits import Limit
from open_data import schemas
from open_data.problems import PROBLEM_CONTENT_TYPE, InvalidParameters, Problem, install_problem_handlers
from search import selectors as search_selectors
from search.forms import SearchForm
from search.kinds import KINDS, KINDS_BY_KEY

SLUG = r"^[-\w]+$"
NOT_FILTERS = {"lang", "page", "page_size"}


class ClientRateThrottle(BaseThrottle):
    """API_RATE_LIMIT requests per client address, counted by the same limits as the public forms.

    The rate is read per request so tests can lower it."""

    def limit(self) -> Limit:
        return Limit.from_rate("api", settings.API_RATE_LIMIT)

    def allow_request(self, request) -> bool:
        return self.limit().count(client_address(request))

    def wait(self) -> int:
        return self.limit().seconds_left()


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Error responses are problem documents; say so in the schema, as the handlers send them."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation["responses"].items():
                    if int(status) >= 400:
                        response["content"] = {PROBLEM_CONTENT_TYPE: response["content"]["application/json"]}
        return schema


api = OpenDataAPI(
    title="Haizhu Portal open data",
    version="1.0",
    description=(
        "Districts, their incentives, enterprises and events of the micro-drama industry, read-only. "
        "Texts in Simplified Chinese or English (?lang= or Accept-Language). Every figure names its source."
    ),
    urls_namespace="api",
    docs_url=None,
    throttle=[ClientRateThrottle()],
)
install_problem_handlers(api)

ERRORS = {400: Problem, 429: Problem}
NOT_FOUND = {404: Problem, 429: Problem, 400: Problem}


def filtered(filterset_class, query: schemas.CommonQuery, queryset):
    """Apply a page's filter set to the validated parameters; its own checks failing is a 400, never an empty page."""
    data = QueryDict(mutable=True)
    for name, value in query.model_dump(exclude=NOT_FILTERS).items():
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        elif value is True:
            data[name] = "true"
        elif value is not None and value is not False:
            data[name] = str(value)
    filterset = filterset_class(data=data, queryset=queryset)
    if not filterset.is_valid():
        raise InvalidParameters({name: list(errors) for name, errors in filterset.form.errors.items()})
    return filterset.qs


def page_link(request, page: int) -> str:
    params = request.GET.copy()
    params["page"] = page
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def page_of(request, queryset, query: schemas.CommonQuery) -> dict:
    start = (query.page - 1) * query.page_size
    items = list(queryset[start : start + query.page_size])
    if items and len(items) < query.page_size or not items and query.page == 1:
        count = start + len(items)  # the last page: no need to count
    else:
        count = queryset.count()
    return {
        "count": count,
        "next": page_link(request, query.page + 1) if start + len(items) < count else None,
        "previous": page_link(request, query.page - 1) if query.page > 1 else None,
        "items": items,
    }


def district_records(model):
    return model.objects.select_related("source").prefetch_related("further_sources")


def districts():
    return District.objects.published().prefetch_related(
        Prefetch("figures", queryset=district_records(KeyFigure)),
        Prefetch("funds", queryset=district_records(IndustrialFund)),
        Prefetch("facilities", queryset=district_records(Facility)),
    )


def incentives():
    return (
        Incentive.objects.published()
        .with_open_flag()
        .select_related("district", "source")
        .prefetch_related("further_sources")
    )


def enterprises():
    return Enterprise.objects.published().select_related("district", "source").defer("search_text", "review_note")


@api.get("/districts/", response={200: schemas.DistrictPage, **ERRORS}, tags=["districts"])
def district_list(request, query: Query[schemas.CommonQuery]):
    """Published districts, in the portal's order, with their key figures."""
    return page_of(request, districts(), query)


@api.get("/districts/{slug}/", response={200: schemas.DistrictOut, **NOT_FOUND}, tags=["districts"])
def district_detail(request, slug: str = Path(..., pattern=SLUG), lang: schemas.Language | None = Query(None)):
    return get_object_or_404(districts(), slug=slug)


@api.get("/incentives/", response={200: schemas.IncentivePage, **ERRORS}, tags=["incentives"])
def incentive_list(request, query: Query[schemas.IncentiveQuery]):
    """The incentive catalogue with its filters: district, category, stage, segment, amount, open now."""
    return page_of(request, filtered(IncentiveFilter, query, incentives()), query)


@api.get("/incentives/{incentive_id}/", response={200: schemas.IncentiveOut, **NOT_FOUND}, tags=["incentives"])
def incentive_detail(
    request, incentive_id: int = Path(..., ge=1, le=2**63 - 1), lang: schemas.Language | None = Query(None)
):
    return get_object_or_404(incentives(), pk=incentive_id)


@api.get("/enterprises/", response={200: schemas.EnterprisePage, **ERRORS}, tags=["enterprises"])
def enterprise_list(request, query: Query[schemas.EnterpriseQuery]):
    """The enterprise directory: keyword search (best match first) and its filters."""
    return page_of(request, filtered(EnterpriseFilter, query, enterprises()), query)


@api.get("/enterprises/{slug}/", response={200: schemas.EnterpriseOut, **NOT_FOUND}, tags=["enterprises"])
def enterprise_detail(request, slug: str = Path(..., pattern=SLUG), lang: schemas.Language | None = Query(None)):
    return get_object_or_404(enterprises(), slug=slug)


@api.get("/events/", response={200: schemas.EventPage, **ERRORS}, tags=["events"])
def event_list(request, query: Query[schemas.EventQuery]):
    """Published and cancelled events, soonest first; past ones latest first."""
    queryset = filtered(EventFilter, query, events_with_seats())
    if query.when == "upcoming":
        queryset = queryset.upcoming()
    elif query.when == "past":
        queryset = queryset.past()
    else:
        queryset = queryset.order_by("starts_at", "pk")
    return page_of(request, queryset, query)


@api.get("/events/{slug}/", response={200: schemas.EventOut, **NOT_FOUND}, tags=["events"])
def event_detail(request, slug: str = Path(..., pattern=SLUG), lang: schemas.Language | None = Query(None)):
    return get_object_or_404(events_with_seats(), slug=slug)


@api.get("/search/", response={200: schemas.SearchOut, **ERRORS}, tags=["search"])
def search(request, query: Query[schemas.SearchQuery]):
    """The site's search: districts, incentives, funds, studios, service centres, talent programmes, enterprises
    and events, in both languages, grouped by kind; the same results, order and excerpts as /search/ on the site."""
    districts = search_selectors.published_districts()
    data = {"q": query.q, "kind": query.kind or "", "district": query.district or ""}
    form = SearchForm(data, districts=districts)
    if not form.is_valid():
        raise InvalidParameters({name: list(messages) for name, messages in form.errors.items()})
    if not form.cleaned_data["q"]:
        raise InvalidParameters({"q": [gettext("Type a word to search for: letters, digits or Chinese characters.")]})
    terms = search_selectors.query_for(form.cleaned_data["q"], districts)
    district = next((item for item in districts if item.slug == query.district), None)
    kind = KINDS_BY_KEY.get(query.kind)
    previous = following = None
    if kind:
        counted = search_selectors.count_every_kind(terms, district=district)
        counts = {key: search_selectors.capped(count) for key, count in counted.items()}
        start = (query.page - 1) * query.page_size
        stop = min(start + query.page_size, search_selectors.COUNTED_AT_MOST)
        records = search_selectors.ranked_results(kind, terms, district=district)[start:stop] if start < stop else []
        hits = search_selectors.hits_of(kind, records, terms)
        previous = page_link(request, query.page - 1) if query.page > 1 else None
        following = page_link(request, query.page + 1) if start + len(hits) < counts[kind.key][0] else None
    else:
        groups = search_selectors.search_every_kind(terms, district=district, per_kind=query.page_size)
        counts = {group.kind.key: (group.count, group.more) for group in groups}
        hits = [hit for group in groups for hit in group.hits]
    return {
        "query": terms.text,
        "count": sum(count for count, _ in counts.values()),
        "more": any(more for _, more in counts.values()),
        "kinds": [
            {"kind": each.key, "label": str(each.label), "count": counts[each.key][0], "more": counts[each.key][1]}
            for each in KINDS
        ],
        "next": following,
        "previous": previous,
        "results": [
            {
                "kind": hit.kind.key,
                "title": hit.title,
                "district": hit.district,
                "url": f"{settings.SITE_URL}{hit.url}",
                "excerpt": hit.excerpt,
            }
            for hit in hits
        ],
    }
