"""« Importer des projets »: the importer in the admin, with the same validation and error report."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .importer import ImportFormatError, import_document, parse
from .models import ProjectIndexPage

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


def import_projects(request):
    if not request.user.has_perm("projets.import_projects"):
        raise PermissionDenied
    report = None
    errors = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        index_page = ProjectIndexPage.objects.first()
        upload = form.cleaned_data["file"]
        if index_page is None:
            errors = ["Créez d'abord la page « Projets collectifs »."]
        else:
            try:
                data = parse(upload.read(), filename=upload.name.lower())
            except ImportFormatError as error:
                errors = [str(error)]
            else:
                report = import_document(data, index_page, dry_run=form.cleaned_data["dry_run"])
                if report.ok and not report.dry_run:
                    messages.success(request, report.summary())
                    return redirect("projets_import")
    return TemplateResponse(request, "projets/admin/import.html", {"form": form, "report": report, "errors": errors})
