"""The search across every kind of record: which records match, in what order, and what a result shows.

Each kind is a small table except the enterprises. The small ones are searched by expressions over
their columns, with no index of their own (one would be a migration in their apps): a lowercased
substring (or, for Latin words, a regular expression at word starts) over both languages' texts, and
PostgreSQL's English full-text search over the English texts, so that "subsidies" finds "subsidy".
At the portal's real sizes, tens of rows a district, reading them costs little; at the benchmark's
2,000 incentives and 1,000 events it is most of a search's time (benchmarks/search.py).
The enterprises are searched through their own indexed column (enterprises/search.py), a Latin word
by its stem so that it too finds the other forms of the word.
"""

import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramSimilarity
from django.db.models import Case, Count, F, Func, Q, TextField, Value, When, Window
from django.db.models.functions import Coalesce, Greatest, Lower, NullIf
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from districts.models import District
from enterprises.models import Enterprise
from enterprises.search import contains_every_term, contains_term, name_contains_every_term
from search.highlight import excerpt, marked, matcher
from search.kinds import KINDS, Kind
from search.models import SearchSynonym
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


def lowered(*fields) -> Lower:
    """The fields in both languages, lowercased, a line apart so that no term spans two of them."""
    columns = [f"{field}_{language}" for field in fields for language in LANGUAGES]
    return Lower(Func(Value("\n"), *columns, function="CONCAT_WS", output_field=TextField()))


def term_pattern(term) -> str:
    """One regular expression for every alternative of a term, so each row's text is read once per term."""
    return "|".join(
        latin_pattern(alternative) if is_latin(alternative) else re.escape(alternative)
        for alternative in term.alternatives
    )


def enterprise_condition(alternative: str) -> Q:
    """Through the enterprises' trigram and character-pair indexes; the regular expression then checks word starts."""
    if not is_latin(alternative):
        return contains_term(alternative)
    words = alternative.split(" ")
    indexed = Q(*(contains_term(stem(word) if len(word) >= SHORTEST_STEM else word) for word in words))
    return indexed & Q(search_text__regex=latin_pattern(alternative))


def enterprise_term_condition(term) -> Q:
    conditions = [enterprise_condition(alternative) for alternative in term.alternatives]
    if term.district_ids:
        conditions.append(Q(district_id__in=term.district_ids))
    if len(conditions) == 1:
        return conditions[0]
    # Joined by OR in one condition, PostgreSQL computes the character pairs of every row instead of reading
    # their index (seconds at 100,000 rows); as subqueries, each alternative is found through its own index.
    subqueries = [Q(pk__in=Enterprise.objects.filter(condition).values("pk")) for condition in conditions]
    return Q(*subqueries, _connector=Q.OR)


def term_condition(kind: Kind, term) -> Q:
    if kind.key == "enterprise":
        return enterprise_term_condition(term)
    condition = Q(searched__regex=term_pattern(term))
    latin = [alternative for alternative in term.alternatives if is_latin(alternative)]
    if latin:
        phrases = [SearchQuery(alternative, config="english", search_type="phrase") for alternative in latin]
        condition |= Q(english=reduce(operator.or_, phrases))
    if term.district_ids and kind.district_path:
        condition |= Q(district_id__in=term.district_ids)
    return condition


def title_condition(query: Query) -> Q:
    """Every term in the title, in either language."""
    return Q(*(Q(title_text__regex=term_pattern(term)) for term in query.terms))


def matching(kind: Kind, query: Query, district: District | None = None):
    """The kind's visible records that match every term, each with `title_rank`: 0 when its title does."""
    records = kind.records()
    if kind.key != "enterprise":
        english = [f"{field}_en" for field in (kind.title, *kind.texts)]
        records = records.alias(
            searched=lowered(kind.title, *kind.texts), english=SearchVector(*english, config="english")
        )
    if district is not None:
        records = records.filter(**{f"{kind.district_path}_id" if kind.district_path else "pk": district.pk})
    records = records.filter(*(term_condition(kind, term) for term in query.terms))
    return records.alias(title_text=lowered(kind.title)).annotate(
        title_rank=Case(When(title_condition(query), then=Value(0)), default=Value(1))
    )


def name_order(kind: Kind):
    """For enterprises the directory's name order (indexed); for the others the title closest to the query."""
    if kind.key == "enterprise":
        if (get_language() or "").startswith("zh"):
            return [Coalesce(NullIf("name_zh_hans", Value("")), "name_en").asc(), "pk"]
        return [Coalesce(NullIf("name_en", Value("")), "name_zh_hans").asc(), "pk"]
    return [F("closeness").desc(nulls_last=True), "pk"]


def ranked(kind: Kind, records, query: Query):
    """Title matches first, then by name or closeness of title."""
    if kind.key != "enterprise":
        closeness = Greatest(*(TrigramSimilarity(f"{kind.title}_{language}", query.text) for language in LANGUAGES))
        records = records.alias(closeness=closeness)
    return records.order_by("title_rank", *name_order(kind))


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


def hit(kind: Kind, record, pattern) -> Hit:
    """What a result shows, in the page's language; the excerpt from the first text that holds a match."""
    language = "en" if get_language() == "en" else "zh_hans"
    other = "zh_hans" if language == "en" else "en"
    texts = [getattr(record, f"{text}_{language}") for text in kind.texts]
    texts += [getattr(record, f"{kind.title}_{other}")] + [getattr(record, f"{text}_{other}") for text in kind.texts]
    title = getattr(record, kind.title) or ""
    line = excerpt(texts, pattern)
    district = kind.district_of(record)
    return Hit(
        kind=kind,
        title=title,
        title_html=marked(title, pattern),
        district=district.name if district else "",
        url=kind.url(record),
        excerpt=line,
        excerpt_html=marked(line, pattern),
    )


def search_every_kind(query: Query, *, district=None, per_kind: int = PER_KIND) -> list[KindResults]:
    """The best `per_kind` results of every kind and how many each has: one query a kind."""
    pattern = matcher(query)
    results = []
    for kind in KINDS:
        records = ranked(kind, matching(kind, query, district), query).annotate(total=Window(Count("pk")))
        rows = list(records[:per_kind])
        results.append(KindResults(kind, rows[0].total if rows else 0, [hit(kind, row, pattern) for row in rows]))
    return results


def count_every_kind(query: Query, *, district=None) -> dict[str, int]:
    return {kind.key: matching(kind, query, district).count() for kind in KINDS}


def ranked_results(kind: Kind, query: Query, *, district=None):
    """Every result of one kind in order, for a paginator; `hits_of` turns a page of it into results."""
    return ranked(kind, matching(kind, query, district), query)


def hits_of(kind: Kind, records, query: Query) -> list[Hit]:
    pattern = matcher(query)
    return [hit(kind, record, pattern) for record in records]


def titles_matching(kind: Kind, query: Query):
    """Records whose title holds every term; of the small tables only the titles are read."""
    if kind.key == "enterprise":
        # The directory's own search of names as typed: its indexes answer a broad word as fast as a rare one.
        names = contains_every_term(query.text) & name_contains_every_term(query.text)
        return kind.records().filter(names).annotate(title_rank=Value(0))
    records = kind.records().alias(title_text=lowered(kind.title)).filter(title_condition(query))
    return records.annotate(title_rank=Value(0))


def suggestions(query: Query, limit: int = SUGGESTIONS) -> list[Hit]:
    """For the typeahead: records whose title matches, a few of each kind, the closest first; one query a kind."""
    pattern = matcher(query)
    found = []
    for kind in KINDS:
        records = ranked(kind, titles_matching(kind, query), query)
        found += [hit(kind, record, pattern) for record in records[:3]]
    return found[:limit]
