"""Data every visitor of a site sees alike (main menu, footer contact, archive filter choices), kept in memory.

An entry is rebuilt when the page cache's generation changes (``home/cache.py``: every publish, unpublish,
move, delete, setting or snippet save, view restriction), after ``PAGE_CACHE_TTL`` seconds, and at midnight
in Paris; so it is never staler than a cached page. With the page cache off (``PAGE_CACHE_TTL = 0``, as in
development and tests) nothing is kept. Entries are plain Python objects read in place, never pickled:
keep them immutable (tuples, dictionaries nobody changes, or model instances only read by templates).
"""

import time

from .cache import current_generation, page_cache_ttl, seconds_until_paris_midnight

_entries = {}  # key -> (generation, monotonic expiry, value); one assignment replaces an entry atomically


def shared_by_visitors(key, build):
    """``build()``'s value, reused across requests until the next purge of the page cache."""
    ttl = page_cache_ttl()
    if not ttl:
        return build()
    try:
        generation = current_generation()
    except Exception:  # the cache is down: the page cache renders without it, so do we
        generation = None
    if generation is None:
        return build()
    now = time.monotonic()
    entry = _entries.get(key)
    if entry is not None and entry[0] == generation and now < entry[1]:
        return entry[2]
    value = build()
    _entries[key] = (generation, now + min(ttl, seconds_until_paris_midnight()), value)
    return value
