"""Local development: debug on, console e-mail, a fixed throwaway key."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"  # noqa: F405, S105
ALLOWED_HOSTS = ["*"]
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The anonymous page cache stays off while templates change, unless PAGE_CACHE_TTL says otherwise.
PAGE_CACHE_TTL = int(os.environ.get("PAGE_CACHE_TTL", "0"))  # noqa: F405
