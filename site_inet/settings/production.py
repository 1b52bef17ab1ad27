"""Production: refuses to start without SECRET_KEY, serves its own static files."""

import os

from django.core.exceptions import ImproperlyConfigured

from exploitation.sentry import init_sentry

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY est obligatoire en production : définissez la variable d'environnement "
        "SECRET_KEY (une longue chaîne aléatoire, par exemple produite par "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )

DEBUG = False

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Each gunicorn worker keeps its connection from one request to the next, and with it SQLite's page cache and a
    # memory-mapped view of the file (SQLITE_MMAP_SIZE bytes, 0 turns it off): the uncached archive, which reads
    # the full-text index, serves about a quarter more requests (docs/performance.md). A connection holds no lock
    # between requests (autocommit, WAL), and restore_db writes through SQLite's backup API, which they all see.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
    _mmap_size = int(os.environ.get("SQLITE_MMAP_SIZE", str(128 * 1024 * 1024)))
    DATABASES["default"]["OPTIONS"]["init_command"] += f"; PRAGMA mmap_size={_mmap_size}"  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# Behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # noqa: F405
# A request only stores its background work; `manage.py db_worker` (deploy/systemd/site-inet-tasks.service) runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Content Security Policy: browsers upgrade any http:// sub-resource to https://.
for _policy in (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN):  # noqa: F405
    _policy["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Structured logs: one JSON object per line on stderr (time, level, logger, message and any `extra` fields).
LOGGING["formatters"]["json"] = {  # noqa: F405
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")  # noqa: F405

# Optional error reporting: only when SENTRY_DSN is set (no personal data sent).
SENTRY_ENABLED = init_sentry(
    os.environ.get("SENTRY_DSN", ""),
    environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
    release=os.environ.get("SENTRY_RELEASE", ""),
    traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
)
