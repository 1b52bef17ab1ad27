"""Excerpts with the words of a query in ``<mark>``, accent- and case-insensitively, escaped and safe to render."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import word_stems

TOKEN_RE = re.compile(r"\w+|\W+", re.UNICODE)


def shorten(text, limit):
    """``text`` cut at the last space before ``limit`` characters, with « … » when something was cut."""
    text = text or ""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _matches(token, query_terms):
    return token[:1].isalnum() and not word_stems(token).isdisjoint(query_terms)


def highlight(text, query_terms, *, words=None):
    """``text`` escaped, each word whose stem is in ``query_terms`` (stems, see ``core.text.terms``) in ``<mark>``.

    With ``words``: about that many words around the first match (from 8 words before it), « … » marking cuts.
    """
    tokens = TOKEN_RE.findall(text or "")
    if words is not None:
        tokens = _window(tokens, query_terms, words)
    out = [f"<mark>{escape(token)}</mark>" if _matches(token, query_terms) else escape(token) for token in tokens]
    return mark_safe("".join(out))  # noqa: S308  # nosec - every token is escaped above


def _window(tokens, query_terms, words):
    positions = [i for i, token in enumerate(tokens) if token[:1].isalnum() or token[:1] == "_"]
    if not positions:
        return []
    first = next((i for i in positions if _matches(tokens[i], query_terms)), positions[0])
    start = max(0, positions.index(first) - 8)
    kept = positions[start : start + words]
    window = tokens[kept[0] : kept[-1] + 1]
    if start:
        window.insert(0, "… ")
    if start + words < len(positions):
        window.append(" …")
    return window
