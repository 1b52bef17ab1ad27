"""The content generation: one number, kept in Django's cache, that every purge bumps.

Cached pages (``core.pagecache``) and shared data (``core.shared``) are kept with the generation they were built
under, and used only while it is unchanged: a purge (``core.purge``) drops them all at once, in every process
that shares the cache (Redis in production). A request learns the generation in one cache round trip at most:
``RequestScopeMiddleware`` (first in ``MIDDLEWARE``) opens a scope in which the first read is remembered, and the
page cache reads it together with the page. Outside a request (commands, tests), every read asks the cache.

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
    """The cache holding the generation and the pages (``PAGE_CACHE_ALIAS``, default ``default``)."""
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


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
    """``(generation, value stored at key)`` in one round trip; raises when the cache cannot be reached."""
    scope = _scope.get()
    store = cache()
    if scope is not None and scope.value is not _UNKNOWN:
        return scope.value, (store.get(key) if scope.value is not None else None)
    found = store.get_many([KEY, key])
    value = found.get(KEY)
    if value is None:
        value = _read(store)
    return _remember(value), found.get(key)


def bump():
    """A new generation: everything kept under the old one is dropped. Never raises (a fault is logged)."""
    store = cache()
    try:
        try:
            store.incr(KEY)
        except ValueError:  # no generation yet, or it was evicted
            store.set(KEY, _new_value(), timeout=None)
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
