"""Highlight the words of a result excerpt that match the query, accent- and case-insensitively."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.french import STOP_WORDS, fold, stem

WORD = re.compile(r"\w+", re.UNICODE)


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
        folded = fold(match.group())
        if folded not in STOP_WORDS and stem(folded) in wanted:
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308  # nosec - every piece is escaped above
