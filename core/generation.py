"""The content generation: one number, kept in a cache that every process of the site shares, that every purge bumps.

Cached pages (``core.pagecache``) and shared data (``core.shared``) are kept with the generation they were built
under, and used only while it is unchanged: a purge (``core.purge``) drops them all at once, in every process,
commands included, because the generation lives in a store they all read (``SHARED_CACHE_ALIAS``: Redis with
``REDIS_URL``, where the pages are too; otherwise a file-based cache in ``SHARED_CACHE_DIR``, while each process
keeps its pages in its own memory). A request learns the generation in one read at most:
``RequestScopeMiddleware`` (first in ``MIDDLEWARE``) opens a scope in which the first read is remembered, and the
page cache reads it together with the page when both share a store. Outside a request, every read asks the store.

A cache that cannot be reached gives no generation (``None``): pages and shared data are then built afresh.
"""

import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger("site_inet.cache")

KEY = "site:generation"
_UNKNOWN = object()
_scope = ContextVar("generation_scope", default=None)


class _Scope:
    """The generation as this request knows it (``_UNKNOWN`` until first read)."""

    def __init__(self):
        self.value = _UNKNOWN


def cache():
    """The store of the generation, shared by every process of the site (``SHARED_CACHE_ALIAS``)."""
    return caches[settings.SHARED_CACHE_ALIAS]


def page_cache():
    """The store of the cached pages (``PAGE_CACHE_ALIAS``): the generation's, or each process's own memory."""
    return caches[settings.PAGE_CACHE_ALIAS]


def _new_value():
    # Time-based, so a generation lost by eviction never brings back what was kept under an older one.
    return time.time_ns()


def _read(store):
    value = store.get(KEY)
    if value is None:
        store.add(KEY, _new_value(), timeout=None)
        value = store.get(KEY)
    return value


def _remember(value):
    scope = _scope.get()
    if scope is not None:
        scope.value = value
    return value


def current():
    """The generation now (read once per request), or None when the cache cannot be reached."""
    scope = _scope.get()
    if scope is not None and scope.value is not _UNKNOWN:
        return scope.value
    try:
        return _remember(_read(cache()))
    except Exception:
        logger.warning("Cache injoignable : génération inconnue, rien n'est gardé", exc_info=True)
        return _remember(None)


def current_with(key):
    """``(generation, page stored at key)``, in one round trip when both share a store; raises when a store cannot
    be reached."""
    scope = _scope.get()
    pages = page_cache()
    if scope is not None and scope.value is not _UNKNOWN:
        return scope.value, (pages.get(key) if scope.value is not None else None)
    if settings.SHARED_CACHE_ALIAS != settings.PAGE_CACHE_ALIAS:
        return _remember(_read(cache())), pages.get(key)
    found = pages.get_many([KEY, key])
    value = found.get(KEY)
    if value is None:
        value = _read(pages)
    return _remember(value), found.get(key)


def bump():
    """A new generation: everything kept under the old one is dropped. Never raises (a fault is logged).

    A new value is written, never an increment: two processes purging at once each write a value no page was
    kept under, whatever the store (a file-based cache has no atomic increment)."""
    try:
        cache().set(KEY, _new_value(), timeout=None)
    except Exception:
        logger.exception("Purge impossible : le cache ne répond pas")
    scope = _scope.get()
    if scope is not None:
        scope.value = _UNKNOWN  # the rest of this request reads the new one


class RequestScopeMiddleware:
    """First in ``MIDDLEWARE``: each request learns the generation once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _scope.set(_Scope())
        try:
            return self.get_response(request)
        finally:
            _scope.reset(token)
