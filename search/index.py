"""The search index: a row per searchable record (search.models.SearchEntry), kept current as records change.

Every save or deletion of a record of a kind (search/kinds.py) rewrites or removes its row in the same
transaction, so the next search sees it; bulk writes that send no save signals say which rows they
changed (enterprises.signals.states_changed). `rebuild` fills the index from scratch: after a bulk load
(benchmarks, imports), and by itself after `migrate` when it is empty (search/apps.py).
"""

import re
import unicodedata

from django.db import transaction
from django.utils import translation

from districts.models import District
from search.kinds import KINDS, KINDS_BY_MODEL, Kind
from search.models import SearchEntry

LANGUAGES = ("zh_hans", "en")
# What a district's page shows of these kinds links to the district's page, so its slug is in their address.
ON_DISTRICT_PAGE = ("fund", "facility", "service_center", "talent")
BATCH = 2000


def _values(record, field: str) -> list[str]:
    return [getattr(record, f"{field}_{language}") or "" for language in LANGUAGES]


def _lowered(texts) -> str:
    """Folded as the query is (search.query.normalised: full-width letters as half-width), a line apart each."""
    return "\n".join(unicodedata.normalize("NFKC", text).casefold() for text in texts)


WORD = re.compile(r"[^\W_]+")
LATIN_WORD = re.compile(r"[a-z0-9]+")
# Terms shorter than this have no trigram and are looked up among the characters and pairs instead.
SHORTEST_TRIGRAM_TERM = 3


def grams(text: str) -> list[str]:
    """What a term of one or two characters can be in lowercased `text`, each once: a Latin word that short
    (the search finds "ai" or "ip" as a word only, never inside one), else every character and pair of
    neighbouring characters of a word (版权, 剧). Small enough to stay in the row, so checking a row is cheap."""
    found = set()
    for word in WORD.findall(text):
        if LATIN_WORD.fullmatch(word):
            if len(word) < SHORTEST_TRIGRAM_TERM:
                found.add(word)
            continue
        found.update(word)
        found.update(word[position : position + 2] for position in range(len(word) - 1))
    return sorted(found)


def entry_for(kind: Kind, record) -> SearchEntry:
    """The record's row, unsaved: what the search matches it by and what its result shows."""
    title_zh, title_en = _values(record, kind.title)
    searched = [title_zh, title_en]
    for field in (*kind.texts, *kind.also_searched):
        searched += _values(record, field)
    english = [title_en] + [getattr(record, f"{field}_en") or "" for field in kind.texts] if kind.english_forms else []
    urls = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            urls[language] = kind.url(record)
    district = kind.district_of(record)
    return SearchEntry(
        kind=kind.key,
        record_id=record.pk,
        district_id=district.pk if district else None,
        title_zh_hans=title_zh,
        title_en=title_en,
        texts_zh_hans=[getattr(record, f"{field}_zh_hans") or "" for field in kind.texts],
        texts_en=[getattr(record, f"{field}_en") or "" for field in kind.texts],
        url_zh_hans=urls["zh-hans"],
        url_en=urls["en"],
        order_zh_hans=title_zh or title_en,
        order_en=title_en or title_zh,
        searched=_lowered(searched),
        title_searched=_lowered([title_zh, title_en]),
        grams=grams(_lowered(searched)),
        title_grams=grams(_lowered([title_zh, title_en])),
        english_text="\n".join(english),
    )


def reindex(kind: Kind, record_ids) -> None:
    """Rewrite the rows of these records of `kind`: those no longer shown are removed."""
    record_ids = list(record_ids)
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind.key, record_id__in=record_ids).delete()
        records = kind.indexed().filter(pk__in=record_ids)
        SearchEntry.objects.bulk_create(entry_for(kind, record) for record in records)


def rebuild(kinds=KINDS) -> int:
    """Every row of these kinds written afresh; returns how many records are indexed."""
    total = 0
    with transaction.atomic():
        for kind in kinds:
            SearchEntry.objects.filter(kind=kind.key).delete()
            batch = []
            for record in kind.indexed().order_by("pk").iterator(chunk_size=BATCH):
                batch.append(entry_for(kind, record))
                if len(batch) == BATCH:
                    SearchEntry.objects.bulk_create(batch)
                    total += len(batch)
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            total += len(batch)
    return total


def record_saved(sender, instance, raw=False, **kwargs):
    if raw:
        # A fixture being loaded, its related rows perhaps not yet: rebuild_search_index after loaddata.
        return
    reindex(KINDS_BY_MODEL[sender], [instance.pk])
    if sender is District:
        # Its slug is in the address of the records shown on its page.
        for kind in KINDS:
            if kind.key in ON_DISTRICT_PAGE:
                reindex(kind, kind.model.objects.filter(district=instance).values_list("pk", flat=True))


def record_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(kind=KINDS_BY_MODEL[sender].key, record_id=instance.pk).delete()


def records_changed(sender, record_ids, **kwargs):
    reindex(KINDS_BY_MODEL[sender], record_ids)
