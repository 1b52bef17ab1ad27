"""Result excerpts with the matched words highlighted (``<mark>``), escaped and safe to render."""

import re
from functools import lru_cache

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .french import STOP_WORDS, WORD_RE, fold, stem
from .mixins import block_text

EXCERPT_WORDS = 40
TOKEN_RE = re.compile(r"\w+|\W+", re.UNICODE)


def page_text(page):
    """The text an excerpt is cut from: summary, description, then the body's plain text."""
    parts = [getattr(page, "summary", ""), getattr(page, "search_description", "")]
    body = getattr(page, "body", None)
    if body is not None:
        parts.append(block_text(body))
    return " ".join(" ".join(strip_tags(part or "").split()) for part in parts if part)


@lru_cache(maxsize=50_000)
def word_stems(word):
    """The stems of a word's folded parts, stop words left out. Kept per process: excerpts fold and
    stem the same page texts on every request. A pure function of the word."""
    return frozenset(stem(part) for part in WORD_RE.findall(fold(word)) if part not in STOP_WORDS)


def _matches(word, query_terms):
    return not word_stems(word).isdisjoint(query_terms)


def highlight(text, query_terms, *, words=EXCERPT_WORDS):
    """About ``words`` words of ``text`` around the first match, matched words in ``<mark>``."""
    tokens = TOKEN_RE.findall(text or "")
    word_positions = [i for i, token in enumerate(tokens) if token[:1].isalnum() or token[:1] == "_"]
    if not word_positions:
        return ""
    first = next((i for i in word_positions if _matches(tokens[i], query_terms)), word_positions[0])
    start_word = max(0, word_positions.index(first) - 8)
    kept = word_positions[start_word : start_word + words]
    lo, hi = kept[0], kept[-1]
    out = ["… " if start_word else ""]
    for token in tokens[lo : hi + 1]:
        if token[:1].isalnum() and _matches(token, query_terms):
            out.append(f"<mark>{escape(token)}</mark>")
        else:
            out.append(escape(token))
    if start_word + words < len(word_positions):
        out.append(" …")
    return mark_safe("".join(out))  # noqa: S308  # nosec - every token is escaped above
