"""Highlight the words of a result excerpt that match the query, accent- and case-insensitively."""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.french import STOP_WORDS, fold, stem

WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=50_000)
def word_stem(word):
    """The stem a word of an excerpt is matched by (None for a stop word). Kept per process: the same
    summaries' words were folded and stemmed again on every request. A pure function of the word."""
    folded = fold(word)
    return None if folded in STOP_WORDS else stem(folded)


def highlight(text, raw_query, limit=320):
    """``text`` shortened to ``limit`` characters, escaped, with matches wrapped in ``<mark>``."""
    text = text or ""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    wanted = {stem(word) for word in re.findall(r"[0-9a-z]+", fold(raw_query)) if word not in STOP_WORDS}
    if not wanted:
        return escape(text)
    out, last = [], 0
    for match in WORD.finditer(text):
        if word_stem(match.group()) in wanted:
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308  # nosec - every piece is escaped above
