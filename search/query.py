"""What the text typed in the search box means: its terms, each widened by the synonyms staff keep.

Chinese is typed without spaces and often mixed with Latin letters ("AI短剧"), so a term is a run of
Chinese characters or a run of letters and digits, whatever separates them. A synonym is found in the
query before it is cut into terms, so "short drama" stays one term and finds 短剧 as well.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_LENGTH = 200
# Every term must match; more than this adds nothing but work for the database.
MAX_TERMS = 8
CHINESE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TERM = re.compile(rf"[{CHINESE}]+|(?:(?![{CHINESE}])[^\W_])+")
LATIN = re.compile(r"[a-z0-9]+(?:[ '’.&-][a-z0-9]+)*")
SEPARATORS = re.compile(r"[\s\-‐‑–—_/·]+")


def normalised(text: str) -> str:
    """Full-width letters as half-width, case folded, hyphens and runs of spaces as one space."""
    return SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def has_terms(text: str) -> bool:
    return bool(TERM.search(normalised(text)))


def is_latin(term: str) -> bool:
    return bool(LATIN.fullmatch(term))


@dataclass(frozen=True)
class Term:
    """One thing the query asks for: what was typed and every text that counts as it (itself first)."""

    typed: str
    alternatives: tuple[str, ...]
    # Districts whose name is this term: their records match it even where their text does not say it.
    district_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]

    def __bool__(self):
        return bool(self.terms)


def find_phrase(phrase: str, text: str) -> re.Match | None:
    """Latin phrases match whole words only ("ai" is not in "maintain"); Chinese ones anywhere."""
    before = "(?<![a-z0-9])" if phrase[0].isascii() else ""
    after = "(?![a-z0-9])" if phrase[-1].isascii() else ""
    return re.search(before + re.escape(phrase) + after, text)


def names_term(district_names: list[str], term: str) -> bool:
    """Whether one of the names (normalised) holds the term."""
    return any(find_phrase(term, name) for name in district_names)


def parse(text: str, synonyms: list[list[str]] = (), districts: list[tuple[int, list[str]]] = ()) -> Query:
    """The terms of `text`; `synonyms` are groups of equivalent terms, `districts` (id, names) pairs."""
    remaining = normalised(text)
    groups = [[normalised(term) for term in group if normalised(term)] for group in synonyms]
    found = []
    by_length = sorted(((term, group) for group in groups for term in group), key=lambda pair: -len(pair[0]))
    for term, group in by_length:
        match = find_phrase(term, remaining)
        if match:
            found.append((match.start(), term, tuple(dict.fromkeys([term, *group]))))
            remaining = remaining[: match.start()] + " " * len(term) + remaining[match.end() :]
    for match in TERM.finditer(remaining):
        found.append((match.start(), match.group(), (match.group(),)))
    # Each name normalised once, not once per alternative it is checked for.
    districts = [(pk, [normalised(name) for name in names if name]) for pk, names in districts]
    terms, seen = [], set()
    for _, typed, alternatives in sorted(found):
        if typed in seen:
            continue
        seen.add(typed)
        district_ids = tuple(pk for pk, names in districts if any(names_term(names, term) for term in alternatives))
        terms.append(Term(typed, alternatives, district_ids))
    return Query(normalised(text), tuple(terms[:MAX_TERMS]))


ENGLISH_ENDINGS = ("ies", "ied", "ying", "ing", "es", "ed", "s", "y")
SHORTEST_STEM = 4


def stem(word: str) -> str:
    """The start every English form of a word shares ("subsidies" and "subsidy": "subsid"), for substring search.

    Cruder than PostgreSQL's stemmer, whose stems are not substrings of the words ("subsidi");
    it only widens a substring match where the full-text index cannot be used.
    """
    if " " in word or not word.isalpha():
        return word
    for ending in ENGLISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_STEM:
            return word[: -len(ending)]
    return word


def latin_pattern(alternative: str) -> str:
    """A regular expression, the same in Python and PostgreSQL, for a Latin term in lowercased text.

    Words start at a word boundary and may be joined by spaces or hyphens; a short word (ai, ip)
    must also end at one, or it would be found inside longer words; a longer one may be the start
    of a word ("anim" finds "animation"), and is looked for by its stem ("subsidies" finds "subsidy").
    """
    words = alternative.split(" ")
    pieces = [re.escape(stem(word)) if len(word) >= SHORTEST_STEM else re.escape(word) for word in words]
    ending = "" if len(words[-1]) >= SHORTEST_STEM else "([^a-z0-9]|$)"
    return "(^|[^a-z0-9])" + "[^a-z0-9]{0,3}".join(pieces) + ending
