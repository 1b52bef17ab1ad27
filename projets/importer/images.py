"""The images of a spreadsheet import: an optional ZIP beside the sheet, each image named in the « Image » column.

Checked before anything is written: the ZIP's directory (size, entries, uncompressed total, compression ratio:
no ZIP bomb is inflated), then each named image by its content with Pillow (``verify()``, a known format, its
pixel count within Wagtail's limit and Pillow's decompression-bomb guard). Written by the worker, in the batch of
its project: a Wagtail image of the collection « Projets collectifs », found again by its content (SHA-1) so that
a second import creates none, set as the project's listing image.
"""

import hashlib
import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from .rows import row_error
from .spreadsheet import check_size, open_zip

COLLECTION = "Projets collectifs"
MAX_ZIP_SIZE = 10 * 1024 * 1024  # nginx takes 12 Mo per request (deploy/nginx): the sheet and its ZIP together
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def max_image_size():
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000)


def open_images(content):
    """The ZIP of images, its directory checked; ImportFormatError in French otherwise."""
    check_size(content, MAX_ZIP_SIZE, "Archive d'images")
    return open_zip(content, "Archive d'images", MAX_ZIP_ENTRIES, MAX_ZIP_UNCOMPRESSED)


def _members(archive):
    """File name (and its path inside the ZIP) → entry, directories left out."""
    members = {}
    for entry in archive.infolist():
        if entry.is_dir():
            continue
        members.setdefault(entry.filename, entry)
        members.setdefault(PurePosixPath(entry.filename).name, entry)
    return members


def read_image(archive, entry):
    """The bytes of ``entry`` once Pillow has checked them; ValueError with a French message otherwise."""
    if entry.file_size > max_image_size():
        raise ValueError(f"image trop lourde ({entry.file_size // 1024} Ko, {max_image_size() // 1024} Ko au plus).")
    data = archive.read(entry)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
            with PillowImage.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise ValueError(f"format {image.format} refusé : JPEG, PNG, WebP ou GIF attendu.")
                width, height = image.size
                if width * height > max_pixels():
                    raise ValueError(f"image de {width} × {height} pixels : trop grande.")
                image.verify()
    except ValueError:
        raise
    except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning) as error:
        raise ValueError("image trop grande (bombe de décompression ?).") from error
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds on a damaged or foreign file
        raise ValueError("ce fichier n'est pas une image lisible.") from error
    return data


def check_images(converted, content):
    """Each image the sheet names, found in the ZIP and checked; errors added to ``converted``. Returns the
    image names found (or raises ImportFormatError when the ZIP itself is refused)."""
    if not converted.images:
        return
    if content is None:
        for row in converted.images:
            converted.errors.append(row_error(row, "Image", "image nommée, mais aucune archive ZIP d'images envoyée."))
        return
    with open_images(content) as archive:
        members = _members(archive)
        for row, image in converted.images.items():
            entry = members.get(image["file"])
            if entry is None:
                converted.errors.append(row_error(row, "Image", f"« {image['file']} » absente de l'archive ZIP."))
                continue
            try:
                image["sha1"] = hashlib.sha1(read_image(archive, entry), usedforsecurity=False).hexdigest()
            except ValueError as error:
                converted.errors.append(row_error(row, "Image", f"« {image['file']} » : {error}"))


def collection():
    found = Collection.objects.filter(name=COLLECTION).first()
    if found is None:
        found = Collection.get_first_root_node().add_child(name=COLLECTION)
    return found


class ImageWriter:
    """``image_for(slug)`` for the writer: the Wagtail image of the slug's row, created once (by content)."""

    def __init__(self, content, images_by_slug, user=None):
        self.content = bytes(content) if content is not None else None  # a memoryview from PostgreSQL
        self.images = images_by_slug  # slug → {"file", "alt", "sha1"}
        self.user = user

    def __call__(self, slug):
        image = self.images.get(slug)
        if image is None or self.content is None:
            return None
        model = get_image_model()
        found = model.objects.filter(file_hash=image["sha1"], collection__name=COLLECTION).first()
        if found is not None:
            if found.description != image["alt"]:
                found.description = image["alt"]
                found.save(update_fields=["description"])
            return found.pk
        with open_images(self.content) as archive:
            data = read_image(archive, _members(archive)[image["file"]])
        name = PurePosixPath(image["file"]).name
        created = model(
            title=image["alt"][:255],
            description=image["alt"][:255],
            collection=collection(),
            uploaded_by_user=self.user,
            file=ImageFile(io.BytesIO(data), name=name),
            file_size=len(data),
            file_hash=image["sha1"],  # what Wagtail's own upload computes: the SHA-1 of the file
        )
        created.save()
        return created.pk
