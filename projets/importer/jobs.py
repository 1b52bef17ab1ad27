"""Imports sent from the admin, run by the background worker (task ``import_projects``, ``projets.tasks``).

A job is claimed by one conditional UPDATE, so two workers never run it at once; a claim that expired (its worker
was killed) is taken again, which is safe because the import is idempotent by slug. The projects are written in
batches, each its own short transaction (the SQLite write lock is free between two of them, for a proposal sent
meanwhile), and the job's progress is saved after each batch.
"""

import datetime
import json
import logging

from django.db.models import Q
from django.utils import timezone

from ..models import ImportJob, ProjectIndexPage
from .checks import validate
from .images import ImageWriter
from .reading import ImportFormatError, parse
from .writing import BATCH_SIZE, BatchError, ImportReport, import_batches, import_document

logger = logging.getLogger("site_inet.imports")
CLAIM_DURATION = datetime.timedelta(minutes=5)  # far longer than one batch (about a second for 50 projects)
PREVIEW_DURATION = datetime.timedelta(hours=1)  # a preview not confirmed within the hour is stale (and deleted)
Status = ImportJob.Status
DOCUMENT_NAMES = (".yaml", ".yml", ".json")


def queue_job(content, filename, user=None, total=0):
    """Store an import for the worker; ``content`` is the file's text, already validated by the caller."""
    return ImportJob.objects.create(content=content, filename=filename, created_by=user, total=total)


def store_preview(document, filename, user, preview, images=None, images_archive=None):
    """Keep a spreadsheet's converted document, its preview and its images until its sender confirms it; the
    previews left unconfirmed for longer than ``PREVIEW_DURATION`` go."""
    now = timezone.now()
    ImportJob.objects.filter(status=Status.PREVIEW, created_at__lt=now - PREVIEW_DURATION).delete()
    return ImportJob.objects.create(
        content=json.dumps(document, ensure_ascii=False),
        filename=filename,
        created_by=user,
        total=len(document["projects"]),
        status=Status.PREVIEW,
        preview=preview,
        images=images or {},
        images_archive=images_archive,
        created_at=now,
    )


class StalePreview(Exception):
    """The preview cannot be confirmed; the message says why, in French."""


def confirm(pk, user, now=None):
    """Queue the preview ``pk`` of ``user`` for the worker, once; StalePreview when it is someone else's, already
    confirmed, older than ``PREVIEW_DURATION``, or older than an import finished since (the pages it compared may
    have changed)."""
    now = now or timezone.now()
    job = ImportJob.objects.filter(pk=pk).only("status", "created_by", "created_at").first()
    if job is None or job.created_by_id != user.pk:
        raise StalePreview("Cet aperçu n'est pas le vôtre : envoyez le fichier vous-même.")
    if job.status != Status.PREVIEW:
        raise StalePreview("Cet aperçu a déjà été confirmé.")
    if job.created_at < now - PREVIEW_DURATION or ImportJob.objects.filter(finished_at__gt=job.created_at).exists():
        raise StalePreview(
            "Cet aperçu n'est plus à jour (trop ancien, ou un autre import a eu lieu depuis) : "
            "renvoyez le fichier pour un nouvel aperçu."
        )
    taken = ImportJob.objects.filter(pk=pk, status=Status.PREVIEW, created_by=user).update(status=Status.QUEUED)
    if taken != 1:
        raise StalePreview("Cet aperçu a déjà été confirmé.")
    return job


def _document_name(job):
    """The name ``parse`` reads the content by: a spreadsheet's job holds its document as JSON."""
    name = job.filename.lower()
    return name if name.endswith(DOCUMENT_NAMES) else "document.json"


def _free(now):
    return Q(status=Status.QUEUED) | Q(status=Status.RUNNING, claimed_until__lt=now)


def claim(job, now=None):
    """Take ``job`` for this worker only (one conditional UPDATE); False when another worker holds it."""
    now = now or timezone.now()
    taken = ImportJob.objects.filter(_free(now), pk=job.pk).update(
        status=Status.RUNNING, claimed_until=now + CLAIM_DURATION, started_at=now
    )
    return taken == 1


def claim_next(now=None):
    """The oldest job waiting (or whose claim expired), claimed; None when there is none."""
    now = now or timezone.now()
    for job in ImportJob.objects.filter(_free(now)).order_by("created_at", "pk").only("pk")[:10]:
        if claim(job, now):
            return ImportJob.objects.get(pk=job.pk)
    return None


def _report(report):
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": [error.as_dict() if hasattr(error, "as_dict") else error for error in report.errors],
    }


def _save(job, **values):
    ImportJob.objects.filter(pk=job.pk).update(**values)
    for name, value in values.items():
        setattr(job, name, value)


def _finish(job, report, failed=False):
    status = Status.FAILED if failed or report.errors else Status.DONE
    values = {"status": status, "report": _report(report), "finished_at": timezone.now(), "claimed_until": None}
    if status == Status.DONE:
        values["images_archive"] = None  # its images are in the library now
    _save(job, **values)


def run_job(job, batch_size=BATCH_SIZE):
    """Run a claimed job to its end: done with its counts, or failed with its errors in French."""
    report = ImportReport(dry_run=job.dry_run)
    index_page = ProjectIndexPage.objects.first()
    try:
        if index_page is None:
            raise ImportFormatError("Créez d'abord la page « Projets collectifs ».")
        data = parse(job.content, _document_name(job))
    except ImportFormatError as error:
        report.errors = [{"record": "fichier", "field": job.filename, "message": str(error)}]
        return _finish(job, report)
    _save(job, total=len(data["projects"]), done=0)
    if job.dry_run:
        return _finish(job, import_document(data, index_page, dry_run=True))
    report.errors = validate(data)  # again: the database may have changed since the file was sent
    if report.errors:
        return _finish(job, report)
    try:
        image_for = ImageWriter(job.images_archive, job.images, job.created_by) if job.images else None
        for done in import_batches(data, index_page, report, batch_size, image_for):
            _save(job, done=done, report=_report(report), claimed_until=timezone.now() + CLAIM_DURATION)
    except BatchError as error:
        logger.exception("Import %s interrompu : %s", job.pk, error)
        message = (
            f"Erreur pendant l'écriture ({type(error.error).__name__}) : les {error.first - 1} premiers projets sont "
            "enregistrés, les suivants non. Corrigez le fichier ou la base, puis renvoyez-le : les projets déjà "
            "importés resteront inchangés."
        )
        report.errors = [{"record": f"projets n° {error.first} à {error.last}", "field": "", "message": message}]
        return _finish(job, report, failed=True)
    return _finish(job, report)


def run_next_job(batch_size=BATCH_SIZE):
    """Claim the oldest waiting job and run it; returns it (None when nothing was waiting)."""
    job = claim_next()
    if job is not None:
        run_job(job, batch_size)
    return job
