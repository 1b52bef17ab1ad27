"""Import projets collectifs from the documented YAML/JSON format (see docs/projets-import.md).

``parse`` reads the file, bounded (``reading``); ``validate`` lists every error, each with its record and field,
before anything is written (``checks``); ``import_document`` then writes in batches, each its own transaction,
idempotent by slug (``writing``); ``jobs`` runs long imports in the background worker.
"""

from .checks import RecordError, validate
from .reading import FORMAT, ImportFormatError, parse
from .values import page_values, section_stream
from .writing import BATCH_SIZE, BatchError, ImportReport, import_batches, import_document

__all__ = [
    "BATCH_SIZE",
    "BatchError",
    "FORMAT",
    "ImportFormatError",
    "ImportReport",
    "RecordError",
    "import_batches",
    "import_document",
    "page_values",
    "parse",
    "section_stream",
    "validate",
]
