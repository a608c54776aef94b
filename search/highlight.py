"""The matched words of a result marked in its title and one line of its text, escaped before marking."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.query import Query, is_latin, latin_pattern

EXCERPT_LENGTH = 120
# Text shown before the first match, so the reader sees what it is about.
LEAD = 30


def matcher(query: Query) -> re.Pattern | None:
    patterns = set()
    for term in query.terms:
        for alternative in term.alternatives:
            if is_latin(alternative):
                # The same boundaries as lookarounds, so the mark holds the word alone.
                pattern = latin_pattern(alternative).replace("(^|[^a-z0-9])", "(?<![a-z0-9])", 1)
                patterns.add(pattern.replace("([^a-z0-9]|$)", "(?![a-z0-9])"))
            else:
                patterns.add(re.escape(alternative))
    if not patterns:
        return None
    return re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)


def marked(text: str, pattern: re.Pattern | None) -> SafeString:
    if pattern is None:
        return escape(text)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        word_end = match.end()
        # A stem marks the whole word it starts ("subsid" marks "subsidies").
        while word_end < len(text) and text[word_end].isascii() and text[word_end].isalnum():
            word_end += 1
        if match.start() < position:
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : word_end])}</mark>")
        position = word_end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def excerpt(texts: list[str], pattern: re.Pattern | None) -> str:
    """One line of the first text that holds a match (else of the first text), on one line, ellipsed."""
    texts = [" ".join(text.split()) for text in texts if text and text.strip()]
    if not texts:
        return ""
    chosen, start = texts[0], 0
    for text in texts:
        match = pattern.search(text) if pattern else None
        if match:
            chosen, start = text, max(0, match.start() - LEAD)
            break
    line = chosen[start : start + EXCERPT_LENGTH]
    return ("…" if start else "") + line + ("…" if start + EXCERPT_LENGTH < len(chosen) else "")
