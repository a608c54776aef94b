"""Keyword search over enterprise names, summaries and descriptions in both languages.

Matching is by substring, so it works for Chinese (短剧 finds 微短剧) as well as for English
(case-insensitive, partial words). All searched text sits lowercased in one generated column,
Enterprise.search_text, whose pg_trgm GIN index answers `search_text LIKE '%term%'` for terms of
three characters or more. Trigrams cannot serve shorter terms, common in Chinese (剧, 短剧), so a
second GIN index holds every distinct character and pair of characters of the same column
(`search_grams`), and a one- or two-character term is found by array containment instead; both
conditions select exactly the same rows (see benchmarks/enterprise_search.py for the timings).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, F, Func, Q, TextField, Value, When
from django.db.models.functions import Greatest, Lower

from foundation.key_order import key_position

NAME_COLUMNS = ("name_zh_hans", "name_en")
# Every term must match somewhere; more terms than this add nothing but work for the database.
MAX_TERMS = 8


def search_terms(query: str) -> list[str]:
    """The distinct words of a query, in order; Chinese is usually typed without spaces."""
    terms = []
    for term in query.split():
        if term.casefold() not in (known.casefold() for known in terms):
            terms.append(term)
    return terms[:MAX_TERMS]


# Terms shorter than this have no trigram and are looked up among the characters and pairs instead.
SHORTEST_TRIGRAM_TERM = 3


def search_grams(column: str = "search_text"):
    """The characters and pairs of neighbouring characters of a text column (the function of migration 0004)."""
    return Func(F(column), function="enterprise_search_grams", output_field=ArrayField(TextField()))


def contains_term(term: str, column: str = "search_text") -> Q:
    """`term` in `column` (search_text, or name_text for the names alone), through the column's indexes."""
    # Lowered by PostgreSQL, as the column is, so both sides fold case the same way.
    lowered = Lower(Value(term))
    if len(term) >= SHORTEST_TRIGRAM_TERM:
        return Q(**{f"{column}__contains": lowered})
    as_array = Func(lowered, template="ARRAY[%(expressions)s]", output_field=ArrayField(TextField()))
    return Q(ArrayField(TextField()).get_lookup("contains")(search_grams(column), as_array))


def contains_every_term(query: str) -> Q:
    return Q(*(contains_term(term) for term in search_terms(query)))


def name_contains_every_term(query: str) -> Q:
    """Every term in the name, in either language."""
    return Q(*(contains_term(term, "name_text") for term in search_terms(query)))


def matching(queryset, query: str):
    return queryset.filter(contains_every_term(query)) if search_terms(query) else queryset


def ranked_by_relevance(queryset, query: str, *then):
    """Name matches first, the closest name (by trigram similarity) first among them; then the rest in `then` order.

    The similarity is only computed for name matches: for the others it would not change the order.
    """
    if not search_terms(query):
        return queryset.order_by(*then)
    similarity = Greatest(*(TrigramSimilarity(column, query) for column in NAME_COLUMNS))
    return queryset.alias(
        relevance=Case(When(name_contains_every_term(query), then=-similarity), default=Value(1.0))
    ).order_by(F("relevance").asc(nulls_last=True), *then)


# A broad keyword's page is read in two parts rather than by ranking every match (best_matches_page) when its
# matches are this many or more and walking the names costs less than ranking them: ranking cost about 2 µs a
# match (150 ms for drama's 70,000 of 100,000), the walk about 3 µs a name read, and it reads about the page's
# end × listed / matches of them, the matches spread through the name order.
WALKED_FROM = 1000


def walking_is_cheaper(matches: int, end: int, listed) -> bool:
    """Whether the names walked in order to a page's `end` cost less than ranking all `matches` of the `listed()`
    enterprises; `listed` is asked only for a keyword with WALKED_FROM matches or more."""
    return matches >= WALKED_FROM and 3 * end * listed() < 2 * matches * matches


def best_matches_page(queryset, query: str, name, start: int, end: int) -> list[int]:
    """The keys of rows start..end of ranked_by_relevance(queryset, query, name, "pk"), without ranking every
    match: the first name matches, found through the names' own indexes and ranked; then, if they do not fill
    the page, the other matches walked in name order through the name index until they do. For a broad word:
    "drama" is in most enterprises' texts, and ranking them all took 150 ms of 100,000."""
    similarity = Greatest(*(TrigramSimilarity(column, query) for column in NAME_COLUMNS))
    by_name = [name.asc(), F("pk").asc()]
    in_name = name_contains_every_term(query)
    keys = list(queryset.filter(in_name).order_by(-similarity, *by_name).values_list("pk", flat=True)[:end])
    if len(keys) < end:
        others = queryset.exclude(in_name).order_by(*by_name)
        keys += others.values_list("pk", flat=True)[: end - len(keys)]
    return keys[start:end]


def in_order(queryset, keys: list[int]):
    """The rows of `queryset` with these keys, in the keys' order."""
    return queryset.filter(pk__in=keys).alias(position=key_position(keys)).order_by("position")
