"""The text a search result's excerpt is cut from (``core.highlight`` marks the matched words)."""

from django.utils.html import strip_tags

from core.text import plain_text


def page_text(page):
    """The summary, the description, then the body's plain text."""
    parts = [getattr(page, "summary", ""), getattr(page, "search_description", "")]
    body = getattr(page, "body", None)
    if body is not None:
        parts.append(plain_text(body))
    return " ".join(" ".join(strip_tags(part or "").split()) for part in parts if part)
