"""The search across every kind of record: which records match, in what order, and what a result shows.

Every kind is read from the search index (search.models.SearchEntry, kept by search/index.py), never
from its own table: a term is found through the index's trigram index (three characters or more),
its characters and pairs (one or two), or, for a Latin word, those of its stem checked by a regular
expression at word starts, and PostgreSQL's English full-text search, so that "subsidies" finds
"subsidy". A result is rendered from its row alone.

Title matches come first. Rather than rank every match (tens of thousands for a broad word), the
enterprises' results are read as two ordered, limited parts, title matches then the others, which the
indexes answer without sorting what is not shown; the other kinds, a few thousand records in all, are
ranked together as they are counted. The counts go in one query, every part in another (benchmarks/search.py):
PostgreSQL plans each part of a query again, so there are as few as the order allows.
"""

import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Length, RowNumber
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from districts.models import District
from foundation.content_versions import AREAS, DISTRICTS, kept_in_process
from foundation.key_order import key_position
from search.highlight import excerpt, marked, matcher
from search.index import LATIN_WORD, SHORTEST_TRIGRAM_TERM, WORD
from search.kinds import KINDS, Kind
from search.models import SearchEntry, SearchSynonym
from search.query import SHORTEST_STEM, Query, is_latin, latin_pattern, parse, stem

LANGUAGES = ("zh_hans", "en")
ENTERPRISE = "enterprise"
SHOWN = ("kind", "record_id", *(f"{field}_{language}" for field in ("title", "texts", "url") for language in LANGUAGES))
PER_KIND = 5

# Counting stops here: a broad word (短剧) matches most of 100,000 enterprises, and counting them all would take
# longer than the whole search may. The page says "1,000+" and lists the first 1,000.
COUNTED_AT_MOST = 1000


def query_for(text: str, districts) -> Query:
    """`text` as terms, with the synonyms staff keep and the `districts` (published) each term names."""
    # Kept in this process until content changes: a change of synonyms makes every area's content change.
    synonyms = kept_in_process(
        "search-synonyms", AREAS, lambda: [synonym.term_list for synonym in SearchSynonym.objects.all()]
    )
    names = [(district.pk, [district.slug, district.name_zh_hans, district.name_en]) for district in districts]
    return parse(text, synonyms, names)


def published_districts() -> tuple:
    """The published districts, kept in this process until a district changes: every search and suggestion
    that is not already stored reads them, for the form and for the districts a term names."""
    return kept_in_process(
        "search-districts",
        (DISTRICTS,),
        lambda: tuple(District.objects.published().only("pk", "slug", "name_zh_hans", "name_en", "display_order")),
    )


def contains(text: str, column: str = "searched") -> Q:
    """`text` in the column, through its trigram index, or for a word of one or two characters its grams'.

    In a title, a Chinese word of any length is looked for by its pairs of characters (or its one character):
    PostgreSQL estimates how many titles hold them far better than it does trigrams, and so reads a rare title
    through the index rather than every enterprise in name order (the typeahead). The text itself is asked
    first: where PostgreSQL does read the names in order, a title without it is passed over at the cost of one
    LIKE rather than of unpacking its characters and pairs (2.4 rather than 3.7 ms for 短剧's 4,708 names)."""
    grams = column.replace("searched", "grams")
    if column == "title_searched" and WORD.fullmatch(text) and not LATIN_WORD.fullmatch(text):
        pairs = sorted({text[position : position + 2] for position in range(len(text) - 1)}) or [text]
        return Q(Q(**{f"{column}__contains": text}), Q(**{f"{grams}__contains": pairs}))
    if len(text) < SHORTEST_TRIGRAM_TERM and WORD.fullmatch(text):
        return Q(**{f"{grams}__contains": [text]})
    return Q(**{f"{column}__contains": text})


def term_pattern(term) -> str:
    """One regular expression for every alternative of a term, for the titles."""
    return "|".join(
        latin_pattern(alternative) if is_latin(alternative) else re.escape(alternative)
        for alternative in term.alternatives
    )


def alternative_condition(alternative: str, column: str = "searched") -> Q:
    """Through the indexes, and for a Latin term a regular expression that checks word starts."""
    if not is_latin(alternative):
        return contains(alternative, column)
    words = alternative.split(" ")
    if len(words) == 1:
        indexed = contains(stem(alternative) if len(alternative) >= SHORTEST_STEM else alternative, column)
    else:
        # A short word of a phrase may be joined to the next ("ai tools" finds "aitools"): not a word of its own.
        indexed = Q(
            *(
                contains(stem(word) if len(word) >= SHORTEST_STEM else word, column)
                if len(word) >= SHORTEST_TRIGRAM_TERM
                else Q(**{f"{column}__contains": word})
                for word in words
            )
        )
    found = indexed & Q(**{f"{column}__regex": latin_pattern(alternative)})
    if column != "searched":
        return found
    # Only the kinds with English forms have an English vector: for the others this finds nothing. It is asked
    # first: where it matches, PostgreSQL then skips the regular expression over the whole searched text.
    return Q(english=SearchQuery(alternative, config="english", search_type="phrase")) | found


def searched_alternatives(term) -> list[str]:
    """The alternatives worth asking the database for: a Chinese one that holds another (微短剧 holds 短剧)
    finds nothing more, and each one more is work for the planner and for every row."""
    chinese = [alternative for alternative in term.alternatives if is_chinese_word(alternative)]

    def holds_another(alternative: str) -> bool:
        return is_chinese_word(alternative) and any(other != alternative and other in alternative for other in chinese)

    return [alternative for alternative in term.alternatives if not holds_another(alternative)]


def is_chinese_word(alternative: str) -> bool:
    """Word characters only, not all Latin: its characters and pairs are in the grams wherever it is found."""
    return bool(WORD.fullmatch(alternative)) and not is_latin(alternative)


def term_condition(term) -> Q:
    conditions = [alternative_condition(alternative) for alternative in searched_alternatives(term)]
    if term.district_ids:
        # A district's records match its name; a district itself only by its own text.
        conditions.append(Q(district_id__in=term.district_ids) & ~Q(kind="district"))
    return reduce(operator.or_, conditions)


def title_condition(query: Query) -> Q:
    """Every term in the title, in either language."""
    return Q(*(Q(title_searched__regex=term_pattern(term)) for term in query.terms))


def indexed_title_condition(query: Query) -> Q:
    """The same as title_condition, through the titles' own indexes."""
    conditions = []
    for term in query.terms:
        alternatives = [
            alternative_condition(alternative, "title_searched") for alternative in searched_alternatives(term)
        ]
        conditions.append(reduce(operator.or_, alternatives))
    return Q(*conditions)


# The published districts' keys, asked within each statement, rather than joined: a join's estimate of how many
# rows are left misled PostgreSQL into reading every match once for each district (微短剧扶持's 2,000 incentives
# twenty times). Written out, not a queryset, which Django would copy and relabel each time it is used.
PUBLISHED_DISTRICTS = RawSQL(f'SELECT "id" FROM "{District._meta.db_table}" WHERE "is_published"', ())


# A record a visitor can see: its district (if any) published.
VISIBLE = Q(district__isnull=True) | Q(district_id__in=PUBLISHED_DISTRICTS)


def visible(district: District | None = None, kind: Kind | None = None):
    """The index rows of records a visitor can see (VISIBLE)."""
    rows = SearchEntry.objects.filter(VISIBLE)
    if kind is not None:
        rows = rows.filter(kind=kind.key)
    if district is not None:
        rows = rows.filter(district_id=district.pk)
    return rows


def title_matches(query: Query, district: District | None = None):
    """The rows of visible records whose title holds every term, through the titles' indexes."""
    return visible(district).filter(indexed_title_condition(query))


def matching(query: Query, district: District | None = None, kind: Kind | None = None):
    """The rows of visible records that match every term."""
    return visible(district, kind).filter(*(term_condition(term) for term in query.terms))


def name_order(*, sorted_: bool = False) -> list:
    """The enterprises' order: the directory's, by name."""
    order = F("order_en" if get_language() == "en" else "order_zh_hans")
    if sorted_:
        # The same order, which the name index cannot give: PostgreSQL then finds the few matches first.
        order = Concat(order, Value(""), output_field=TextField())
    return [order.asc(), F("record_id").asc()]


def title_length():
    """The length of the title a reader of the page's language sees: of two titles that hold the words, the
    shorter is the one they say most of ("Drama" before "Drama grant 3", 短剧 before 微短剧扶持政策)."""
    return Length(F("order_en" if get_language() == "en" else "order_zh_hans"))


def enterprises_part(rows, title_rank: int, limit: int, *, sorted_: bool = False):
    """The first `limit` enterprises in name order, numbered; `title_rank` 0 for name matches, 1 for the others.
    Their title's length is not computed, but is there for the other kinds' part they are read with."""
    order = name_order(sorted_=sorted_)
    rows = rows.annotate(
        title_length=Value(0, output_field=IntegerField()), title_rank=Value(title_rank, output_field=IntegerField())
    )
    rows = rows.annotate(place=Window(RowNumber(), order_by=order))
    return shown(rows).order_by(*order)[:limit]


def first_results(
    kinds,
    query: Query,
    district,
    limit: int,
    *,
    counts: dict | None = None,
    matches=None,
    small_firsts: dict | None = None,
) -> dict[str, list]:
    """The first `limit` rows of each kind in order, title matches first (a title match is a match), then the
    other matches; read in one query. `counts` (the matches of the kinds counted, the enterprises at least)
    choose how the enterprises are read, and leave out the kinds that have none. `matches` is matching(query,
    district) when the caller has it already (see search_every_kind); `small_firsts` the keys of the other
    kinds' first results in order, where counted_and_ranked found them."""
    by_kind = {kind.key: [] for kind in kinds}
    kinds = [kind for kind in kinds if counts is None or counts.get(kind.key, 1)]
    if matches is None:
        matches = matching(query, district)
    every_part = []
    small_kinds = [kind.key for kind in kinds if kind.key != ENTERPRISE]
    if small_kinds and small_firsts is not None:
        every_part.append(listed([key for kind in small_kinds for key in small_firsts.get(kind, [])]))
    elif small_kinds:
        every_part.append(small_kinds_part(small_kinds, query, district, limit, matches=matches))
    if any(kind.key == ENTERPRISE for kind in kinds):
        # With all its matches counted they are found through the indexes and sorted; with more, they are read
        # in the name index's order until enough match, which for so many comes soon.
        sorted_ = counts is not None and counts[ENTERPRISE] <= COUNTED_AT_MOST
        names = title_matches(query, district).filter(kind=ENTERPRISE)
        every_part.append(enterprises_part(names, 0, limit, sorted_=sorted_))
        others = matches.exclude(title_condition(query)).filter(kind=ENTERPRISE)
        every_part.append(enterprises_part(others, 1, limit, sorted_=sorted_))
    if not every_part:
        return by_kind
    combined = every_part[0].union(*every_part[1:], all=True) if len(every_part) > 1 else every_part[0]
    for row in sorted(combined, key=lambda row: (row.title_rank, row.place)):
        by_kind[row.kind].append(row)
    return {key: found[:limit] for key, found in by_kind.items()}


def small_kinds_part(kind_keys: list[str], query: Query, district, limit: int, *, matches):
    """The first `limit` rows of each of these kinds (none of them the enterprises), title matches first, then
    the shortest title: all their matches ranked in one part of the query. Thousands of rows at most, which
    cost less to rank in one pass than a part of its own for each kind costs PostgreSQL to plan; they are
    ranked by their keys alone, and only the few first read whole. `matches`: the rows of every kind that match
    (matching)."""
    ranked = ranked_small_kinds(matches.filter(kind__in=kind_keys), query)
    first = ranked.filter(place__lte=limit).values("pk")
    return shown(ranked_small_kinds(visible(district).filter(pk__in=first), query))


def listed(keys: list[int]):
    """The rows of these keys, numbered in the keys' order, to be read with the other parts of first_results."""
    zero = Value(0, output_field=IntegerField())
    rows = SearchEntry.objects.filter(pk__in=keys)
    return shown(rows.annotate(title_length=zero, title_rank=zero, place=key_position(keys)))


def shown(rows):
    """What a result shows of its row (`hit`) and its district's name; not the texts it was matched by."""
    return rows.only(*SHOWN).annotate(district_zh_hans=F("district__name_zh_hans"), district_en=F("district__name_en"))


def ranked_small_kinds(rows, query: Query):
    """The rows numbered in their kind's order: title matches first, then the shortest title."""
    title_rank = Case(When(title_condition(query), then=Value(0)), default=Value(1), output_field=IntegerField())
    order = [F("title_rank").asc(), F("title_length").asc(), F("record_id").asc()]
    rows = rows.annotate(title_length=title_length(), title_rank=title_rank)
    return rows.annotate(place=Window(RowNumber(), partition_by=F("kind"), order_by=order))


class RankedResults:
    """One kind's results in order, for a paginator: counted and sliced, each slice in one query; only the
    first COUNTED_AT_MOST are listed (`more` says whether there are others)."""

    def __init__(self, kind: Kind, query: Query, district=None):
        self.kind, self.query, self.district = kind, query, district

    def count(self) -> int:
        if not hasattr(self, "_count"):
            rows = matching(self.query, self.district, self.kind)
            self._count, self.more = capped(rows[: COUNTED_AT_MOST + 1].count())
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        counts = {self.kind.key: self.count() + self.more}
        found = first_results([self.kind], self.query, self.district, stop, counts=counts)[self.kind.key]
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
    # More matches than `count`, which stops at COUNTED_AT_MOST.
    more: bool = False


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
    """How many results each kind has, in one query: at most COUNTED_AT_MOST + 1 (see `capped`)."""
    return counted_and_ranked(query, matching(query, district))[0]


def counted_and_ranked(query: Query, matches, first: int = 0) -> tuple[dict[str, int], dict[str, list[int]]]:
    """How many of `matches` each kind has, at most COUNTED_AT_MOST + 1, and the keys of the `first` results of
    each kind but the enterprises, in order; in one query. The enterprises are counted until there are more than
    COUNTED_AT_MOST. The other kinds, thousands of records at most, are counted all at once through their own
    small indexes, which PostgreSQL plans once rather than once a kind, and ranked as they are counted: for a
    broad word (短剧) finding their matches again to rank them cost as much as counting them."""
    enterprises = matches.filter(kind=ENTERPRISE).values("kind")[: COUNTED_AT_MOST + 1]
    others = matches.exclude(kind=ENTERPRISE)
    if first:
        others = ranked_small_kinds(others, query).values("pk", "kind", "place")
        firsts = "ARRAY_AGG(ranked.pk ORDER BY ranked.place) FILTER (WHERE ranked.place <= %s)"
    else:
        others, firsts = others.values("kind"), "NULL"
    (enterprises_sql, enterprises_parameters), (others_sql, others_parameters) = (
        part.query.sql_with_params() for part in (enterprises, others)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT found.kind, COUNT(*), NULL FROM ({enterprises_sql}) AS found GROUP BY found.kind "
            f"UNION ALL SELECT ranked.kind, COUNT(*), {firsts} FROM ({others_sql}) AS ranked GROUP BY ranked.kind",
            [*enterprises_parameters, *([first] if first else []), *others_parameters],
        )
        rows = cursor.fetchall()
    counts = {kind.key: 0 for kind in KINDS} | {key: min(count, COUNTED_AT_MOST + 1) for key, count, _ in rows}
    return counts, {key: keys for key, _, keys in rows if keys}


def capped(count: int) -> tuple[int, bool]:
    """A count as shown: at most COUNTED_AT_MOST, and whether there are more."""
    return min(count, COUNTED_AT_MOST), count > COUNTED_AT_MOST


def search_every_kind(query: Query, *, district=None, per_kind: int = PER_KIND) -> list[KindResults]:
    """The best `per_kind` results of every kind and how many each has: two queries in all."""
    pattern = matcher(query)
    # Built once: resolving the terms' conditions, each widened by its synonyms, is much of a search's own time.
    matches = matching(query, district)
    counts, small_firsts = counted_and_ranked(query, matches, per_kind)
    found = first_results(KINDS, query, district, per_kind, counts=counts, matches=matches, small_firsts=small_firsts)
    results = []
    for kind in KINDS:
        count, more = capped(counts[kind.key])
        results.append(KindResults(kind, count, [hit(kind, row, pattern) for row in found[kind.key]], more))
    return results


def ranked_results(kind: Kind, query: Query, *, district=None) -> RankedResults:
    """Every result of one kind in order, for a paginator; `hits_of` turns a page of it into results."""
    return RankedResults(kind, query, district)


def hits_of(kind: Kind, records, query: Query) -> list[Hit]:
    pattern = matcher(query)
    return [hit(kind, record, pattern) for record in records]
