"""The typeahead's suggestions: records whose title matches, a few of each kind, in two statements written out.

The search page's statements are built by the ORM from parts (search/selectors.py). The typeahead asks on
every keystroke, and building its statements that way cost this process three times what they cost written
out: 11.1 against 3.6 ms of processor time for 短剧, 4.8-6.3 against 1.2-1.5 for the selective words, on
100,000 enterprises (median of 40, the two in turn). Its statements have a fixed shape, so only the title
condition is compiled, once, and the rest is written here. They find what the ORM's did: the other kinds'
title matches, the shortest title first, and the enterprises' names in name order, read one of two ways by
how many match; the plans are the same.
"""

from types import SimpleNamespace

from django.db import connection
from django.utils.translation import get_language

from districts.models import District
from search.highlight import matcher
from search.kinds import KINDS, KINDS_BY_KEY
from search.models import SearchEntry
from search.query import Query
from search.selectors import ENTERPRISE, SHOWN, VISIBLE, Hit, hit, indexed_title_condition

SUGGESTIONS = 8
PER_KIND = 3
# The names that match are sorted when there are at most this many, and otherwise the names are read in order
# until three match. Sorting costs about 4 µs a match (each row read) and the names in order about 0.7 µs a name
# read, 3 × 100,000 / matches of them when the matches are spread: the two cost the same near 230 matches among
# 100,000 names (benchmarks/search.py).
NAMES_SORTED_AT_MOST = 250
TABLE = SearchEntry._meta.db_table
SMALL_KINDS = [kind.key for kind in KINDS if kind.key != ENTERPRISE]


def suggestions(query: Query, limit: int = SUGGESTIONS) -> list[Hit]:
    """The first titles that match, PER_KIND of each kind, kinds in their order; `limit` in all."""
    if not query.terms:
        return []
    pattern = matcher(query)
    condition, parameters = title_condition_sql(query)
    order = "order_en" if get_language() == "en" else "order_zh_hans"
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT COUNT(*) FROM (SELECT "{TABLE}"."id" FROM "{TABLE}" WHERE "{TABLE}"."kind" = %s AND {condition} '
            "LIMIT %s) AS names",
            [ENTERPRISE, *parameters, NAMES_SORTED_AT_MOST + 1],
        )
        # Few: found through the indexes and sorted. Many: read from the name index in its order until enough
        # match, which for so many comes soon; the name order's index holds what the condition reads.
        sorted_ = cursor.fetchone()[0] <= NAMES_SORTED_AT_MOST
        names_order = f'("{TABLE}"."{order}" || \'\')' if sorted_ else f'"{TABLE}"."{order}"'
        cursor.execute(
            f"SELECT {', '.join(f'found.{column}' for column in SHOWN)}, "
            "district.name_zh_hans AS district_zh_hans, district.name_en AS district_en FROM ("
            # The other kinds' title matches ranked by their keys alone; only the first read whole, below.
            "SELECT ranked.id, ranked.place FROM ("
            f'SELECT "{TABLE}"."id", ROW_NUMBER() OVER (PARTITION BY "{TABLE}"."kind" '
            f'ORDER BY LENGTH("{TABLE}"."{order}"), "{TABLE}"."record_id") AS place '
            f'FROM "{TABLE}" WHERE "{TABLE}"."kind" = ANY(%s) AND {condition}) AS ranked WHERE ranked.place <= %s '
            "UNION ALL "
            f"SELECT names.id, ROW_NUMBER() OVER (ORDER BY names.{order}, names.record_id) AS place FROM ("
            f'SELECT "{TABLE}"."id", "{TABLE}"."{order}", "{TABLE}"."record_id" FROM "{TABLE}" '
            f'WHERE "{TABLE}"."kind" = %s AND {condition} '
            f'ORDER BY {names_order}, "{TABLE}"."record_id" LIMIT %s) AS names'
            f') AS first JOIN "{TABLE}" AS found ON found.id = first.id '
            f'LEFT JOIN "{District._meta.db_table}" AS district ON district.id = found.district_id '
            "ORDER BY found.kind, first.place",
            [SMALL_KINDS, *parameters, PER_KIND, ENTERPRISE, *parameters, PER_KIND],
        )
        columns = [column.name for column in cursor.description]
        rows = [SimpleNamespace(**dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]
    by_kind = {kind.key: [] for kind in KINDS}
    for row in rows:
        by_kind[row.kind].append(row)
    return [hit(KINDS_BY_KEY[key], row, pattern) for key, found in by_kind.items() for row in found][:limit]


def title_condition_sql(query: Query) -> tuple[str, list]:
    """Every term in the title, through the titles' indexes, of a record a visitor can see: as SQL on the
    search index's own table, and its parameters."""
    where = SearchEntry.objects.filter(VISIBLE, indexed_title_condition(query)).query
    return where.get_compiler(connection=connection).compile(where.where)
