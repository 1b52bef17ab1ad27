"""Test runs: fast hasher, local-memory cache and e-mail, throwaway media root."""

import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# What every process shares in a file-based cache, as in production without Redis (a process started by a test
# finds it through SHARED_CACHE_DIR in its environment).
SHARED_CACHE_DIR = os.environ.get("SHARED_CACHE_DIR") or tempfile.mkdtemp(prefix="site_inet_test_shared_")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": SHARED_CACHE_DIR},
}
SHARED_CACHE_ALIAS = RATELIMIT_USE_CACHE = "shared"
MEDIA_ROOT = tempfile.mkdtemp(prefix="site_inet_test_media_")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="site_inet_test_private_")
WAGTAILADMIN_BASE_URL = "http://testserver"
STATIC_ROOT = tempfile.mkdtemp(prefix="site_inet_test_static_")
# The folders this process made are removed when it ends (a shared folder handed in by SHARED_CACHE_DIR is not).
for _folder in {MEDIA_ROOT, STATIC_ROOT, SHARED_CACHE_DIR} - {os.environ.get("SHARED_CACHE_DIR")}:
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# django-axes needs the request in authenticate(); the test client's login() has none. Tests of the
# throttling switch it back on with the `settings` fixture.
AXES_ENABLED = False

# The page cache is off so that tests see fresh renders (tests/home/test_cache.py turns it on); the data
# shared between requests is kept as in production (core/shared.py).
PAGE_CACHE_TTL = 0
# Each search's hit written at once; tests/search/test_hits.py checks the batches.
SEARCH_HITS_WRITE_SECONDS = 0
