"""« Importer des projets »: a YAML/JSON file validated at once with the same error report, then imported by the
worker; a spreadsheet (XLSX, CSV, with an optional ZIP of images) previewed row by row, then, once its sender
confirms, imported by the worker the same way."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from .importer import ImportFormatError, ImportReport, import_document, parse, validate
from .importer.columns import COLUMNS
from .importer.images import MAX_ZIP_SIZE
from .importer.jobs import StalePreview, confirm, queue_job, store_preview
from .importer.preview import build_preview, images_by_slug
from .importer.spreadsheet import MAX_SHEET_SIZE
from .importer.template import TEMPLATE_NAME, template_workbook
from .models import ImportJob, ProjectIndexPage

MAX_SIZE = 5 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


class SpreadsheetForm(forms.Form):
    sheet = forms.FileField(
        label="Tableau des projets (XLSX ou CSV)",
        help_text="Une ligne par projet, les colonnes du modèle ci-dessous ; 10 Mo au plus.",
    )
    images = forms.FileField(
        label="Images (archive ZIP, facultative)",
        required=False,
        help_text="Les images nommées dans la colonne « Image » ; 10 Mo au plus.",
    )

    def clean_sheet(self):
        upload = self.cleaned_data["sheet"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("Choisissez un fichier .xlsx ou .csv.")
        if upload.size > MAX_SHEET_SIZE:
            raise forms.ValidationError(f"Fichier trop volumineux ({upload.size // 1048576} Mo, 10 Mo au plus).")
        return upload

    def clean_images(self):
        upload = self.cleaned_data.get("images")
        if not upload:
            return None
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError("Choisissez une archive .zip.")
        if upload.size > MAX_ZIP_SIZE:
            raise forms.ValidationError(f"Archive trop volumineuse ({upload.size // 1048576} Mo, 10 Mo au plus).")
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
    return _import_page(request, form=form, report=report, errors=errors)


def _import_page(request, **context):
    context.setdefault("form", ImportForm())
    context.setdefault("sheet_form", SpreadsheetForm())
    context.update(columns=COLUMNS, jobs=_recent_jobs())
    return TemplateResponse(request, "projets/admin/import.html", context)


def _recent_jobs():
    return ImportJob.objects.select_related("created_by").defer("content", "images_archive", "preview")[:10]


@require_POST
def import_spreadsheet(request):
    """Preview a spreadsheet: refused rows shown at once; a valid file kept server-side until it is confirmed."""
    _may_import(request)
    form = SpreadsheetForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, sheet_form=form)
    index_page = ProjectIndexPage.objects.first()
    if index_page is None:
        return _import_page(request, sheet_form=form, errors=["Créez d'abord la page « Projets collectifs »."])
    sheet, images = form.cleaned_data["sheet"], form.cleaned_data["images"]
    images_content = images.read() if images else None
    preview = build_preview(sheet.read(), sheet.name, index_page, images_content)
    if not preview.ok:
        context = {"preview": preview.as_dict(), "sheet_errors": preview.errors, "filename": sheet.name}
        return _import_page(request, sheet_form=form, **context)
    job = store_preview(
        preview.converted.document,
        sheet.name,
        request.user,
        preview.as_dict(),
        images_by_slug(preview.converted),
        images_content if preview.converted.images else None,
    )
    return redirect("projets_import_job", job.pk)


def import_template(request):
    """The spreadsheet template (XLSX): the columns, an example row, and a sheet documenting each column."""
    _may_import(request)
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAME}"'
    return response


@require_POST
def import_confirm(request, pk):
    """Queue a preview for the worker: only its sender's, once, while it is up to date."""
    _may_import(request)
    try:
        confirm(pk, request.user)
    except StalePreview as error:
        messages.error(request, str(error))
    return redirect("projets_import_job", pk)


def import_job(request, pk):
    """One import's state and progress; the page refreshes itself while the worker has not finished it."""
    _may_import(request)
    job = get_object_or_404(ImportJob.objects.defer("content", "images_archive"), pk=pk)
    mine = job.created_by_id == request.user.pk
    context = {"job": job, "jobs": _recent_jobs(), "refresh": job.pending, "may_confirm": mine}
    return TemplateResponse(request, "projets/admin/import_job.html", context)
