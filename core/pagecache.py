"""Anonymous page cache: whole HTML responses of public pages, kept in Django's cache.

``AnonymousPageCacheMiddleware`` (last in ``MIDDLEWARE``) answers a GET or HEAD from an anonymous
visitor with the response stored for the same scheme, host, path and query string, or renders it and
stores it when it is safe to share. The header ``X-Cache`` says ``HIT`` or ``MISS`` on every request
the cache considered; requests it never considers (editors, admin, documents, other methods) carry none.

Visitors: a visitor whose session holds something (a login, messages, a page password passed) or whose messages
cookie carries a message never gets a cached page. The session is read only when the request sends its cookie:
a visitor without one costs no query, and an unknown or forged session cookie (it holds nothing) is a hit.

Purging: every stored page records the content generation (``core.generation``), and is served only while
it is unchanged (both are read in one round trip). ``core.purge`` bumps it on every change visitors may see,
which drops every stored page at once (index pages, menus and search results included).

Forms: a response whose rendering used the CSRF token is stored only with its tokens replaced by a
placeholder; on a hit each visitor gets a token of their own, minted by Django for their own CSRF
cookie (which ``CsrfViewMiddleware`` sets when missing). If the token cannot be found in the page,
the page is not stored. A page holding any other per-visitor value (or personal data, such as a
personal link's page) must opt out with ``django.views.decorators.cache.never_cache`` (or
``Cache-Control: private``).

Lifetime: ``PAGE_CACHE_TTL`` seconds, shortened by the response's own ``Cache-Control: max-age`` and
never past the next midnight in Paris, when deadline states ("plus que 3 jours", "clos") change.

Any cache fault (Redis down...) is logged and the page is rendered as if there were no cache.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.cache import get_max_age, patch_cache_control

from . import generation
from .paris import seconds_until_midnight

logger = logging.getLogger("site_inet.cache")

CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
CACHEABLE_METHODS = {"GET", "HEAD"}
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/django-admin/", "/_util/", "/api/")
SHAREABLE_VARY = {"cookie", "accept-encoding", "accept-language"}
PRIVATE_CACHE_CONTROL = ("private", "no-store", "no-cache")
# Headers recomputed for every response rather than replayed from the cache.
DROPPED_HEADERS = {"content-length", "x-cache", "set-cookie", "date"}
TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % (2 * CSRF_SECRET_LENGTH))


def page_cache_ttl():
    """Seconds a page stays cached; 0 turns the cache off."""
    return int(getattr(settings, "PAGE_CACHE_TTL", 0) or 0)


def entry_timeout(response, now=None):
    """The TTL, shortened by the response's own max-age and by the next Paris midnight; 0 = do not store."""
    timeout = min(page_cache_ttl(), seconds_until_midnight(now))
    max_age = get_max_age(response)
    if max_age is not None:
        timeout = min(timeout, max_age)
    return max(0, timeout)


def _unmask(token):
    """The CSRF secret behind a masked token (Django's cipher, see django.middleware.csrf)."""
    chars = CSRF_ALLOWED_CHARS
    mask, cipher = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    return "".join(chars[chars.index(x) - chars.index(y)] for x, y in zip(cipher, mask, strict=True))


def _with_placeholders(content, secret):
    """Replace every CSRF token of ``secret`` in ``content``; None if that is not provably complete."""
    if not secret or secret.encode() in content or CSRF_PLACEHOLDER in content:
        return None
    found = 0

    def replace(match):
        nonlocal found
        if _unmask(match.group().decode()) != secret:
            return match.group()
        found += 1
        return CSRF_PLACEHOLDER

    stored = TOKEN_RE.sub(replace, content)
    return stored if found else None


def _csrf_used(request):
    """Did rendering ask for the CSRF token? (CSRF_COOKIE_USED before Django 4.1.)"""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"))


def _holds_visitor_state(request):
    """Does this visitor carry anything a page renders for them alone: a login, messages, a page password passed?

    Read only when the visitor sends a cookie: no cookie, no query. A session cookie costs one read of the session
    store; an unknown or forged one holds nothing, so it is served from the cache like any anonymous visitor (and
    Django's session middleware deletes it). Messages are counted without being marked as read.
    """
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        session = getattr(request, "session", None)
        if session is not None and session.keys():
            return True
    if CookieStorage.cookie_name in request.COOKIES:
        return len(get_messages(request)) > 0
    return False


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.request_is_cacheable(request):
            return self.get_response(request)
        key = self.key_for(request)
        try:
            # One round trip: the generation and the page together; a page of an older generation is a miss.
            current, entry = generation.current_with(key)
        except Exception:
            logger.warning("Cache de pages indisponible : page rendue sans cache", exc_info=True)
            current = entry = None
        if entry is not None and current is not None and entry.get("generation") == current:
            return self.replay(request, entry)
        # Django sets this flag when a view asks for the CSRF token (or the visitor's cookie was malformed).
        csrf_flag_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        response = self.get_response(request)
        if current is not None and not csrf_flag_before:
            self.store(request, response, key, current)
        response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def for_shared_caches(response, uses_csrf):
        """What a reverse proxy or CDN may keep (``PROXY_CACHE_SECONDS``): a page without a form, until the next
        Paris midnight at most; a page with a form carries each visitor's CSRF token, so only the browser keeps it."""
        seconds = min(int(getattr(settings, "PROXY_CACHE_SECONDS", 0) or 0), seconds_until_midnight())
        if not seconds:
            return
        if uses_csrf:
            patch_cache_control(response, private=True)
        else:
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)

    # Which requests and responses are shared between anonymous visitors

    @staticmethod
    def request_is_cacheable(request):
        if not page_cache_ttl() or request.method not in CACHEABLE_METHODS:
            return False
        if request.path.startswith(EXCLUDED_PREFIXES):
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        return not _holds_visitor_state(request)

    @staticmethod
    def response_is_shareable(request, response):
        if response.status_code != 200 or response.streaming:
            return False
        if not response.get("Content-Type", "").startswith("text/html") or response.has_header("Content-Encoding"):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in PRIVATE_CACHE_CONTROL):
            return False
        vary = {item.strip().lower() for item in response.get("Vary", "").split(",") if item.strip()}
        if not vary <= SHAREABLE_VARY:
            return False
        if getattr(request, "is_preview", False):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        # Written during this request: the page may show this visitor's own session or messages.
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        if getattr(get_messages(request), "added_new", False):
            return False
        cookies = set(response.cookies)
        if _csrf_used(request):
            if settings.CSRF_USE_SESSIONS:
                return False
            cookies.discard(settings.CSRF_COOKIE_NAME)
        return not cookies

    @staticmethod
    def key_for(request):
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return f"pagecache:page:{hashlib.sha256(address.encode()).hexdigest()}"

    # Storing and replaying

    def store(self, request, response, key, current):
        if not self.response_is_shareable(request, response):
            return
        content = response.content
        uses_csrf = _csrf_used(request)
        if uses_csrf:
            content = _with_placeholders(content, request.META.get("CSRF_COOKIE"))
            if content is None:
                return
        timeout = entry_timeout(response)
        if not timeout:
            return
        headers = [(name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS]
        entry = {"content": content, "headers": headers, "csrf": uses_csrf, "generation": current}
        try:
            generation.page_cache().set(key, entry, timeout=timeout)
        except Exception:
            logger.warning("Cache de pages indisponible : page non mise en cache", exc_info=True)
            return
        self.for_shared_caches(response, uses_csrf)

    @staticmethod
    def replay(request, entry):
        content = entry["content"]
        if entry["csrf"]:
            # The visitor's own token, for the secret in their own cookie (set by CsrfViewMiddleware if new).
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for name, value in entry["headers"]:
            response[name] = value
        AnonymousPageCacheMiddleware.for_shared_caches(response, entry["csrf"])
        response["X-Cache"] = "HIT"
        return response
