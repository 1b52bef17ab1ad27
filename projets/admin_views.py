"""« Importer des projets »: the file validated at once with the same error report, then imported by the worker."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from .importer import ImportFormatError, ImportReport, import_document, parse, validate
from .importer.jobs import queue_job
from .models import ImportJob, ProjectIndexPage

MAX_SIZE = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier à importer (YAML ou JSON)",
        help_text="Un enregistrement par projet, au format décrit dans la documentation (docs/projets-import.md).",
    )
    dry_run = forms.BooleanField(label="Simuler seulement (ne rien enregistrer)", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml", ".json")):
            raise forms.ValidationError("Choisissez un fichier .yaml, .yml ou .json.")
        if upload.size > MAX_SIZE:
            raise forms.ValidationError("Fichier trop volumineux (5 Mo au plus).")
        return upload


def _may_import(request):
    if not request.user.has_perm("projets.import_projects"):
        raise PermissionDenied


def import_projects(request):
    """Validate at once (errors listed as before); a dry run runs here, a real import goes to the worker."""
    _may_import(request)
    report = None
    errors = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        index_page = ProjectIndexPage.objects.first()
        upload = form.cleaned_data["file"]
        if index_page is None:
            errors = ["Créez d'abord la page « Projets collectifs »."]
        else:
            content = upload.read()
            try:
                data = parse(content, filename=upload.name.lower())
            except ImportFormatError as error:
                errors = [str(error)]
            else:
                if form.cleaned_data["dry_run"]:
                    report = import_document(data, index_page, dry_run=True)
                else:
                    report = ImportReport(errors=validate(data))
                    if report.ok:
                        job = queue_job(content.decode("utf-8"), upload.name, request.user, len(data["projects"]))
                        return redirect("projets_import_job", job.pk)
    context = {"form": form, "report": report, "errors": errors, "jobs": _recent_jobs()}
    return TemplateResponse(request, "projets/admin/import.html", context)


def _recent_jobs():
    return ImportJob.objects.select_related("created_by").defer("content")[:10]


def import_job(request, pk):
    """One import's state and progress; the page refreshes itself while the worker has not finished it."""
    _may_import(request)
    job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
    context = {"job": job, "jobs": _recent_jobs(), "refresh": job.pending}
    return TemplateResponse(request, "projets/admin/import_job.html", context)
