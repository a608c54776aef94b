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


def contains_term(term: str) -> Q:
    # Lowered by PostgreSQL, as the column is, so both sides fold case the same way.
    lowered = Lower(Value(term))
    if len(term) >= SHORTEST_TRIGRAM_TERM:
        return Q(search_text__contains=lowered)
    as_array = Func(lowered, template="ARRAY[%(expressions)s]", output_field=ArrayField(TextField()))
    return Q(ArrayField(TextField()).get_lookup("contains")(search_grams(), as_array))


def contains_every_term(query: str) -> Q:
    return Q(*(contains_term(term) for term in search_terms(query)))


def name_contains_every_term(query: str) -> Q:
    return Q(*(Q(name_zh_hans__icontains=term) | Q(name_en__icontains=term) for term in search_terms(query)))


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
