"""The proposal's optional PDF: checked by its content, stored in the private storage, streamed to the stages team
only (through the back office, after a permission check), deleted with the proposal or when replaced."""

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import ATTACHMENT_MAX_BYTES, Proposal

PDF_MAGIC = b"%PDF-"
PDF_END = b"%%EOF"
# Where « %%EOF » may sit: the last bytes of the file (a trailing newline or a few bytes of padding after it).
PDF_TAIL_BYTES = 1024
REMOVE_FIELD = "attachment_supprimer"


def validate_pdf(upload):
    """Refuse anything but a PDF of at most 10 MB, judged by its bytes, not by its name or declared type."""
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Ce fichier est trop lourd : 10 Mo au plus (le vôtre fait %(size)s Mo).")
            % {"size": f"{upload.size / (1024 * 1024):.1f}".replace(".", ",")}
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(max(0, upload.size - PDF_TAIL_BYTES))
    tail = upload.read(PDF_TAIL_BYTES)
    upload.seek(0)
    if head != PDF_MAGIC or PDF_END not in tail:
        raise ValidationError(
            _("Ce fichier n'est pas un PDF. Enregistrez votre document au format PDF, puis choisissez-le à nouveau.")
        )
    stem = slugify(os.path.splitext(os.path.basename(upload.name or ""))[0])[:80] or "piece-jointe"
    upload.name = f"{stem}.pdf"
    return upload


def delete_file_after_commit(name):
    """Delete a stored file once the transaction that stopped pointing to it is committed (never on a rollback)."""
    if name:
        storage = Proposal._meta.get_field("attachment").storage
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=Proposal, dispatch_uid="offres.proposal.attachment-deleted")
def delete_attachment_with_the_proposal(sender, instance, **kwargs):
    delete_file_after_commit(instance.attachment.name)


def attachment_label(proposal):
    """« nom.pdf, 245 Ko » for the back office and the personal link."""
    name = os.path.basename(proposal.attachment.name)
    try:
        size = proposal.attachment.size
    except OSError:
        return name
    return f"{name}, {max(1, round(size / 1024))} Ko"


def download_attachment(request, permission_helper, instance_pk):
    """The PDF as a download, for whoever may inspect the proposal; never rendered by the browser."""
    proposal = get_object_or_404(Proposal, pk=instance_pk)
    if not permission_helper.user_can_inspect_obj(request.user, proposal):
        raise PermissionDenied
    if not proposal.attachment:
        raise Http404(_("Cette proposition n'a pas de pièce jointe."))
    try:
        handle = proposal.attachment.open("rb")
    except OSError as error:
        raise Http404(_("Le fichier de la pièce jointe est introuvable.")) from error
    response = FileResponse(
        handle, as_attachment=True, filename=f"{proposal.reference}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
