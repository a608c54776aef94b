"""The search across every kind of record: which records match, in what order, and what a result shows.

Every kind is read from the search index (search.models.SearchEntry, kept by search/index.py), never
from its own table: a term is found through the index's trigram index (three characters or more),
its characters and pairs (one or two), or, for a Latin word, those of its stem checked by a regular
expression at word starts, and PostgreSQL's English full-text search, so that "subsidies" finds
"subsidy". A result is rendered from its row alone.

Title matches come first. Rather than rank every match (tens of thousands for a broad word), each
kind's results are read as two ordered, limited parts, title matches then the others, which the
indexes answer without sorting what is not shown; every kind's parts go in one query, the counts
in another (benchmarks/search.py).
"""

import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.db.models import Count, F, FloatField, IntegerField, Q, Value, Window
from django.db.models.functions import Greatest, RowNumber
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from districts.models import District
from search.highlight import excerpt, marked, matcher
from search.kinds import KINDS, KINDS_BY_KEY, Kind
from search.models import SearchEntry, SearchSynonym
from search.query import SHORTEST_STEM, Query, is_latin, latin_pattern, parse, stem

LANGUAGES = ("zh_hans", "en")
PER_KIND = 5
SUGGESTIONS = 8


def query_for(text: str, districts) -> Query:
    """`text` as terms, with the synonyms staff keep and the `districts` (published) each term names."""
    synonyms = [synonym.term_list for synonym in SearchSynonym.objects.all()]
    names = [(district.pk, [district.slug, district.name_zh_hans, district.name_en]) for district in districts]
    return parse(text, synonyms, names)


def published_districts():
    return list(District.objects.published().only("pk", "slug", "name_zh_hans", "name_en", "display_order"))


# Terms shorter than this have no trigram and are looked up among the characters and pairs instead.
SHORTEST_TRIGRAM_TERM = 3


def contains(text: str) -> Q:
    if len(text) >= SHORTEST_TRIGRAM_TERM:
        return Q(searched__contains=text)
    return Q(grams__contains=[text])


def term_pattern(term) -> str:
    """One regular expression for every alternative of a term, for the titles."""
    return "|".join(
        latin_pattern(alternative) if is_latin(alternative) else re.escape(alternative)
        for alternative in term.alternatives
    )


def alternative_condition(alternative: str) -> Q:
    if not is_latin(alternative):
        return contains(alternative)
    words = alternative.split(" ")
    indexed = Q(*(contains(stem(word) if len(word) >= SHORTEST_STEM else word) for word in words))
    found = indexed & Q(searched__regex=latin_pattern(alternative))
    # Only the kinds with English forms have an English vector: for the others this finds nothing.
    return found | Q(english=SearchQuery(alternative, config="english", search_type="phrase"))


def term_condition(term) -> Q:
    conditions = [alternative_condition(alternative) for alternative in term.alternatives]
    if term.district_ids:
        # A district's records match its name; a district itself only by its own text.
        conditions.append(Q(district_id__in=term.district_ids) & ~Q(kind="district"))
    return reduce(operator.or_, conditions)


def title_condition(query: Query) -> Q:
    """Every term in the title, in either language."""
    return Q(*(Q(title_searched__regex=term_pattern(term)) for term in query.terms))


def matching(query: Query, district: District | None = None, kind: Kind | None = None):
    """The index rows of records a visitor can see that match every term: their district (if any) published."""
    rows = SearchEntry.objects.filter(Q(district__isnull=True) | Q(district__is_published=True))
    if kind is not None:
        rows = rows.filter(kind=kind.key)
    if district is not None:
        rows = rows.filter(district_id=district.pk)
    return rows.filter(*(term_condition(term) for term in query.terms))


def name_order(kind: Kind) -> list:
    """For enterprises the directory's name order; for the others the title closest to the query."""
    if kind.key == "enterprise":
        order = "order_en" if get_language() == "en" else "order_zh_hans"
        return [F(order).asc(), F("record_id").asc()]
    return [F("closeness").desc(nulls_last=True), F("record_id").asc()]


def ordered_part(kind: Kind, rows, query: Query, title_rank: int, limit: int):
    """The first `limit` rows in the kind's order, numbered; `title_rank` 0 for title matches, 1 for the others."""
    if kind.key == "enterprise":
        closeness = Value(0.0, output_field=FloatField())
    else:
        closeness = Greatest(*(TrigramSimilarity(f"title_{language}", query.text) for language in LANGUAGES))
    order = name_order(kind)
    rows = rows.annotate(closeness=closeness).annotate(
        district_zh_hans=F("district__name_zh_hans"),
        district_en=F("district__name_en"),
        title_rank=Value(title_rank, output_field=IntegerField()),
        place=Window(RowNumber(), order_by=order),
    )
    return rows.order_by(*order)[:limit]


def parts(kind: Kind, query: Query, district, limit: int, *, titles_only: bool = False) -> list:
    rows = matching(query, district, kind)
    title = title_condition(query)
    found = [ordered_part(kind, rows.filter(title), query, 0, limit)]
    if not titles_only:
        found.append(ordered_part(kind, rows.exclude(title), query, 1, limit))
    return found


def first_results(kinds, query: Query, district, limit: int, *, titles_only: bool = False) -> dict[str, list]:
    """The first `limit` rows of each kind in order, title matches first, read in one query."""
    every_part = [part for kind in kinds for part in parts(kind, query, district, limit, titles_only=titles_only)]
    combined = every_part[0].union(*every_part[1:], all=True) if len(every_part) > 1 else every_part[0]
    rows = sorted(combined, key=lambda row: (row.title_rank, row.place))
    by_kind = {kind.key: [] for kind in kinds}
    for row in rows:
        by_kind[row.kind].append(row)
    return {key: found[:limit] for key, found in by_kind.items()}


class RankedResults:
    """One kind's results in order, for a paginator: counted and sliced, each slice in one query."""

    def __init__(self, kind: Kind, query: Query, district=None):
        self.kind, self.query, self.district = kind, query, district

    def count(self) -> int:
        return matching(self.query, self.district, self.kind).count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        found = first_results([self.kind], self.query, self.district, stop)[self.kind.key]
        return found[start:stop]


@dataclass(frozen=True)
class Hit:
    kind: Kind
    title: str
    title_html: SafeString
    district: str
    url: str
    excerpt: str
    excerpt_html: SafeString


@dataclass(frozen=True)
class KindResults:
    kind: Kind
    count: int
    hits: list


def hit(kind: Kind, row: SearchEntry, pattern) -> Hit:
    """What a result shows, in the page's language; the excerpt from the first text that holds a match."""
    language, other = ("en", "zh_hans") if get_language() == "en" else ("zh_hans", "en")
    texts = [*getattr(row, f"texts_{language}"), getattr(row, f"title_{other}"), *getattr(row, f"texts_{other}")]
    # The other language's title when this one has none, as the record's own pages show it.
    title = getattr(row, f"title_{language}") or getattr(row, f"title_{other}")
    line = excerpt(texts, pattern)
    return Hit(
        kind=kind,
        title=title,
        title_html=marked(title, pattern),
        district=getattr(row, f"district_{language}") or getattr(row, f"district_{other}") or "",
        url=getattr(row, f"url_{language}"),
        excerpt=line,
        excerpt_html=marked(line, pattern),
    )


def count_every_kind(query: Query, *, district=None) -> dict[str, int]:
    """How many results each kind has, in one query."""
    counted = dict(matching(query, district).values_list("kind").annotate(found=Count("pk")).order_by())
    return {kind.key: counted.get(kind.key, 0) for kind in KINDS}


def search_every_kind(query: Query, *, district=None, per_kind: int = PER_KIND) -> list[KindResults]:
    """The best `per_kind` results of every kind and how many each has: two queries in all."""
    pattern = matcher(query)
    counts = count_every_kind(query, district=district)
    found = first_results(KINDS, query, district, per_kind) if any(counts.values()) else {}
    return [
        KindResults(kind, counts[kind.key], [hit(kind, row, pattern) for row in found.get(kind.key, [])])
        for kind in KINDS
    ]


def ranked_results(kind: Kind, query: Query, *, district=None) -> RankedResults:
    """Every result of one kind in order, for a paginator; `hits_of` turns a page of it into results."""
    return RankedResults(kind, query, district)


def hits_of(kind: Kind, records, query: Query) -> list[Hit]:
    pattern = matcher(query)
    return [hit(kind, record, pattern) for record in records]


def suggestions(query: Query, limit: int = SUGGESTIONS) -> list[Hit]:
    """For the typeahead: records whose title matches, a few of each kind, the closest first; one query."""
    pattern = matcher(query)
    found = first_results(KINDS, query, None, 3, titles_only=True)
    return [hit(KINDS_BY_KEY[key], row, pattern) for key, rows in found.items() for row in rows][:limit]
