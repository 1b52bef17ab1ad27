"""Settings shared by every environment.

Everything that differs between a laptop and production comes from environment
variables, each with an embedded default so that a fresh clone needs nothing:
``DATABASE_URL`` (SQLite file), ``ELASTICSEARCH_URL`` (database search backend),
``REDIS_URL`` (local-memory cache).
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from search.analysis import FRENCH_INDEX_SETTINGS

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The site's own apps, top layer first (docs/architecture.md).
    "offres",
    "projets",
    "home",
    "search",
    "core",
    "exploitation",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail_modeladmin",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "core.generation.RequestScopeMiddleware",  # first: each request learns the content generation once
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag on every page, cache hits included; 304 when unchanged
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Security headers before the page cache, so that cache hits get fresh headers too.
    "exploitation.headers.SiteCSPMiddleware",
    "exploitation.headers.PermissionsPolicyMiddleware",
    "core.pagecache.AnonymousPageCacheMiddleware",  # hits still get the headers of the middleware above
    "core.wagtail_site.SharedSiteMiddleware",  # after the page cache: a hit needs no site
    "exploitation.database_busy.DatabaseBusyMiddleware",
    "exploitation.disk_full.DiskFullMiddleware",  # disk full while saving an upload: a French 507, not a 500
    "django_otp.middleware.OTPMiddleware",
    "exploitation.two_factor.AdminOTPMiddleware",  # optional 2FA: asks the code of editors who turned it on
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "site_inet.urls"
WSGI_APPLICATION = "site_inet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file at the project root unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # An atomic block takes the write lock when it begins (BEGIN IMMEDIATE), so it waits `timeout` like any
    # writer; a deferred one that reads then writes fails AT ONCE when another writer got in between
    # (`make loadtest` saw 503s on proposals without this).
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    # Write-ahead log: readers no longer wait for a writer (a proposal, a search hit) to finish, which kept the
    # uncached search's p99 above 250 ms under load (docs/performance.md). The mode is stored in the file.
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis with REDIS_URL, local memory otherwise. What every process (gunicorn workers, commands) must read
# alike lives in the cache named SHARED_CACHE_ALIAS: the content generation (core/generation.py), which every purge
# changes, and the proposals' rate limit. With Redis, that is Redis; otherwise a file-based cache in
# SHARED_CACHE_DIR, while each process keeps its pages in its own memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
SHARED_CACHE_DIR = os.environ.get("SHARED_CACHE_DIR", str(BASE_DIR / "var" / "shared-cache"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "site_inet",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    SHARED_CACHE_ALIAS = "default"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "site_inet",
        },
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": SHARED_CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
    }
    SHARED_CACHE_ALIAS = "shared"
RATELIMIT_USE_CACHE = SHARED_CACHE_ALIAS

# Anonymous page cache (core/pagecache.py): seconds a public page stays cached; 0 turns it off. The pages live in
# the cache named PAGE_CACHE_ALIAS.
PAGE_CACHE_TTL = int(os.environ.get("PAGE_CACHE_TTL", "300"))
PAGE_CACHE_ALIAS = "default"
# A reverse proxy or CDN in front (docs/exploitation.md): public pages without a form say it may keep them this many
# seconds (`Cache-Control: public, s-maxage`); 0 (default) says nothing to shared caches. FRONTEND_CACHE_PURGE_URL,
# when set, is purged by Wagtail (HTTP PURGE) for every page published or unpublished.
PROXY_CACHE_SECONDS = int(os.environ.get("PROXY_CACHE_SECONDS", "0"))
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
if FRONTEND_CACHE_PURGE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
# Data shared between requests (core/shared.py): seconds an item is kept at most, purges aside.
SHARED_DATA_TTL = int(os.environ.get("SHARED_DATA_TTL", "300"))

# Popular searches (search/hits.py): hits are written together at most this often, in seconds; 0 writes each one.
SEARCH_HITS_WRITE_SECONDS = int(os.environ.get("SEARCH_HITS_WRITE_SECONDS", "30"))

# Search: Wagtail's database backend unless ELASTICSEARCH_URL points to a cluster.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "site_inet_")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": os.environ.get("ELASTICSEARCH_BACKEND", "wagtail.search.backends.elasticsearch9"),
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
            "TIMEOUT": float(os.environ.get("ELASTICSEARCH_TIMEOUT", "2")),
            "ATOMIC_REBUILD": True,
            "OPTIONS": {"max_retries": 0},
            "INDEX_SETTINGS": FRENCH_INDEX_SETTINGS,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        # "simple": no English stemming on PostgreSQL; French stems are indexed by search.mixins.
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French first.
LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_I18N_ENABLED = False
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Proposals' attachments: outside MEDIA_ROOT, never served by the web server (the back office streams them).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: console by default; production reads SMTP settings from the environment.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "INET <ne-pas-repondre@inet.cnfpt.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# Background work (the outbox's e-mails, Wagtail's search and reference index updates, proxy purges) goes through
# django-tasks: run at once here (dev, tests); production stores it in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

WAGTAIL_SITE_NAME = "INET – Institut national des études territoriales"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are always served by Wagtail's view (/documents/<id>/<name>), which checks their collection's privacy
# (login, password, groups); their files under MEDIA_URL/documents/ are never linked, and neither Django nor the
# proxy serves that folder (docs/exploitation.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "webp", "png": "webp", "jpeg": "webp"}
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50

# Loggers of the site: site_inet.cache, site_inet.database, site_inet.proposals, site_inet.search,
# site_inet.securite (logins), site_inet.stockage (disk full).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "site_inet": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- Security and operations (app `exploitation`, docs/exploitation.md) ----------------------------------------
# Headers on every response (HSTS and secure cookies are in production.py: they need HTTPS).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = {
    feature: []
    for feature in ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment")
} | {"usb": [], "fullscreen": ["self"]}

# Content Security Policy (django-csp 4): strict on public pages, no inline script or style at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (and its page previews) needs inline scripts and styles, blob: images and same-origin frames.
CSP_ADMIN_PATH_PREFIXES = ("/admin/",)
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# No third-party request from the admin: no Gravatar, no Wagtail release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Admin login throttling (django-axes): 5 failures for one username from one address lock that pair 15 minutes.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "exploitation.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "exploitation.client_ip.client_ip"
# Number of reverse proxies in front of the site that append to X-Forwarded-For (1 behind nginx); 0 = none.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# The proxies' own addresses or networks, comma-separated: X-Forwarded-For is read only from them (or through a
# unix socket). Loopback by default, for an nginx on the same machine.
TRUSTED_PROXIES = [item.strip() for item in os.environ.get("TRUSTED_PROXIES", "127.0.0.0/8,::1/128").split(",")]
TRUSTED_PROXIES = [item for item in TRUSTED_PROXIES if item]
for _proxy in TRUSTED_PROXIES:  # a typo fails at start-up, in French, not on every request
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES : « {_proxy} » n'est ni une adresse IP ni un réseau (exemple : 10.0.0.5,192.168.1.0/24)."
        ) from None

# A French 503 with Retry-After when SQLite stays locked longer than its timeout.
DATABASE_BUSY_RETRY_AFTER = 5

WAGTAILADMIN_USER_LOGIN_FORM = "exploitation.forms.FrenchLoginForm"
OTP_TOTP_ISSUER = "INET"

# Proposals saved per IP address (django-ratelimit syntax, "10/h"); "off" disables the limit (`make loadtest` only).
PROPOSALS_RATE_LIMIT = os.environ.get("PROPOSALS_RATE_LIMIT", "10/h")
if PROPOSALS_RATE_LIMIT.strip().lower() in ("", "off", "0"):
    PROPOSALS_RATE_LIMIT = None
# Wrong passwords on one password-protected page (or document collection) per client address, then a French 429
# until the window ends (exploitation/password_forms.py).
PASSWORD_RATE_LIMIT = os.environ.get("PASSWORD_RATE_LIMIT", "10/15m")
