"""Data shared between requests, declared once, kept in each process, dropped by every purge.

What every visitor sees alike (the main menu, the footer contact, the archive's index of projects...) is built
once and reused until the content generation changes (``core.generation``, bumped by ``core.purge``), for at
most ``SHARED_DATA_TTL`` seconds and never past midnight in Paris. Development, tests and production run this
same path; the page cache's own setting (``PAGE_CACHE_TTL``) does not change it.

Each item is declared once, where it is built, and registered by name in ``REGISTRY``::

    MAIN_MENU = SharedItem(
        "main_menu",
        build=menu_entries,               # build(*key, **context) -> an immutable value
        purged_by=(PAGES, RESTRICTIONS),  # the kinds of change (core.purge.EVENTS) that alter it
        doc="The pages of the main menu of a site: title, URL, path.",
    )
    entries = MAIN_MENU.get(site.pk, site=site)

``key`` (positional, hashable) tells values apart; ``context`` (keyword) only helps to build one and must not
change it. Values are plain Python objects read in place, never pickled: keep them immutable (tuples, frozen
sets, dictionaries nobody changes, or model instances only read by templates). ``docs/architecture.md`` lists
every item; a test keeps that list and this registry equal.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from . import generation
from .paris import seconds_until_midnight
from .purge import EVENTS

REGISTRY = {}  # name -> SharedItem
_entries = {}  # (name, key) -> (generation, monotonic expiry, value); one assignment replaces an entry atomically


def shared_data_ttl():
    return int(getattr(settings, "SHARED_DATA_TTL", 300))


@dataclass(frozen=True)
class SharedItem:
    name: str
    build: Callable
    purged_by: tuple
    doc: str

    def __post_init__(self):
        if self.name in REGISTRY:
            raise ValueError(f"Donnée partagée déclarée deux fois : {self.name}")
        unknown = set(self.purged_by) - EVENTS
        if not self.purged_by or unknown:
            raise ValueError(f"{self.name} : purged_by doit nommer des événements de core.purge.EVENTS ({unknown})")
        REGISTRY[self.name] = self

    def get(self, *key, **context):
        """The value for ``key``, built by ``build(*key, **context)`` once per generation in this process."""
        current = generation.current()
        if current is None:  # the cache is down: nothing can be known to be fresh
            return self.build(*key, **context)
        now = time.monotonic()
        entry = _entries.get((self.name, key))
        if entry is not None and entry[0] == current and now < entry[1]:
            return entry[2]
        value = self.build(*key, **context)
        _entries[(self.name, key)] = (current, now + min(shared_data_ttl(), seconds_until_midnight()), value)
        return value
