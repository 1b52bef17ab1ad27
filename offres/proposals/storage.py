"""Where proposals' attachments live: outside the public media, never served by the web server."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files under ``PRIVATE_MEDIA_ROOT``, without a URL: the back office streams them after a permission check."""

    def __init__(self):
        super().__init__(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)

    def url(self, name):
        raise ValueError("Les fichiers privés n'ont pas d'adresse publique.")


def private_storage():
    return PrivateStorage()
