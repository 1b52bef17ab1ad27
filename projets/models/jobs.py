"""An import sent from the admin, run by the background worker in batches (``projets.importer.jobs``).

A spreadsheet is first a preview (``preview``: what each row will do), kept with its document (``content``, the
sheet converted to JSON) and its images until the editor who sent it confirms; only then is it queued."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", _("aperçu, à confirmer")
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    filename = models.CharField(_("fichier"), max_length=255)
    content = models.TextField(_("contenu"))
    dry_run = models.BooleanField(_("simulation"), default=False)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fini le"), null=True, blank=True)
    done = models.PositiveIntegerField(_("projets traités"), default=0)
    total = models.PositiveIntegerField(_("projets du fichier"), default=0)
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    preview = models.JSONField(_("aperçu"), default=dict, blank=True)
    images = models.JSONField(_("images par projet"), default=dict, blank=True)
    images_archive = models.BinaryField(_("archive d'images"), null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(_("pris en charge jusqu'au"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("import de projets")
        verbose_name_plural = _("imports de projets")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="projets_importjob_queue_idx")]

    @property
    def awaiting_confirmation(self):
        return self.status == self.Status.PREVIEW

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def errors(self):
        return self.report.get("errors", [])

    def summary(self):
        counts = [self.report.get(key, 0) for key in ("created", "updated", "unchanged")]
        return "{} projet(s) créé(s), {} mis à jour, {} inchangé(s).".format(*counts)
