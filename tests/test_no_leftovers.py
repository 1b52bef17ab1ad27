"""A test run leaves no temporary folder behind: the test settings remove what they made when the process ends."""

import os
import subprocess  # noqa: S404 - runs this project's own settings in a child Python
import sys
from pathlib import Path

CHILD = """
from django.conf import settings
import django
django.setup()
print(settings.MEDIA_ROOT, settings.STATIC_ROOT, settings.SHARED_CACHE_DIR, sep="\\n")
"""


def test_the_test_settings_remove_their_temporary_folders_at_exit():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "site_inet.settings.test"}
    environment.pop("SHARED_CACHE_DIR", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, env=environment
    )
    folders = [Path(line) for line in result.stdout.split()]
    assert len(folders) == 3
    assert not any(folder.exists() for folder in folders)
