from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render

from foundation.content_versions import AREAS
from foundation.page_cache import cached_public_page
from search import selectors, typeahead
from search.forms import SearchForm
from search.kinds import KINDS_BY_KEY

PAGE_SIZE = 20


# Results show every area's records, so a write to any of them makes the stored pages stale.
@cached_public_page(*AREAS)
def search_page(request):
    """Every kind's best results with their counts, or one kind's results page by page."""
    districts = selectors.published_districts()
    form = SearchForm(request.GET, districts=districts)
    context = {"form": form, "searched": False}
    if form.is_valid() and form.cleaned_data["q"]:
        district = next((item for item in districts if item.slug == form.cleaned_data["district"]), None)
        query = selectors.query_for(form.cleaned_data["q"], districts)
        kind = KINDS_BY_KEY.get(form.cleaned_data["kind"])
        context.update(searched=True, kind=kind, district=district)
        if kind:
            counts = {
                key: selectors.capped(count)
                for key, count in selectors.count_every_kind(query, district=district).items()
            }
            results = selectors.ranked_results(kind, query, district=district)
            paginator = Paginator(results, PAGE_SIZE)
            page = paginator.get_page(request.GET.get("page"))
            context.update(
                counts=[(each, *counts[each.key]) for each in KINDS_BY_KEY.values()],
                total=sum(count for count, _ in counts.values()),
                more=any(more for _, more in counts.values()),
                hits=selectors.hits_of(kind, page.object_list, query),
                listed_at_most=selectors.COUNTED_AT_MOST if results.more else None,
                page_obj=page,
                paginator=paginator,
                is_paginated=paginator.num_pages > 1,
            )
        else:
            groups = selectors.search_every_kind(query, district=district)
            context.update(
                groups=[group for group in groups if group.count],
                counts=[(group.kind, group.count, group.more) for group in groups],
                total=sum(group.count for group in groups),
                more=any(group.more for group in groups),
            )
        if context["more"]:
            context["counted_at_most"] = selectors.COUNTED_AT_MOST
        without_page = request.GET.copy()
        without_page.pop("page", None)
        without_kind = without_page.copy()
        without_kind.pop("kind", None)
        context.update(query_without_page=without_page.urlencode(), query_without_kind=without_kind.urlencode())
    return render(request, "search/results.html", context)


@cached_public_page(*AREAS)
def suggestions_json(request):
    """The typeahead's few titles; nothing for a query the page would refuse."""
    form = SearchForm(request.GET)
    results = []
    if form.is_valid() and form.cleaned_data["q"]:
        query = selectors.query_for(form.cleaned_data["q"], selectors.published_districts())
        results = [
            {"kind": str(hit.kind.label), "title": hit.title, "district": hit.district, "url": hit.url}
            for hit in typeahead.suggestions(query)
        ]
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
