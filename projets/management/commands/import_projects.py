"""``python manage.py import_projects FILE [--dry-run]``: validate everything, then import in batches (idempotent)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projets.importer import BatchError, ImportFormatError, import_document, parse
from projets.models import ProjectIndexPage


def progress_bar(stream, width=30):
    def show(done, total):
        filled = int(width * done / total) if total else width
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


class Command(BaseCommand):
    help = "Importe des projets collectifs depuis un fichier YAML ou JSON (voir docs/projets-import.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier .yaml, .yml ou .json")
        parser.add_argument("--dry-run", action="store_true", help="Valide et simule l'import sans rien enregistrer.")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        index_page = ProjectIndexPage.objects.first()
        if index_page is None:
            raise CommandError("Créez d'abord la page « Projets collectifs » (load_demo_content le fait).")
        try:
            data = parse(path.read_bytes(), filename=path.name)
        except ImportFormatError as error:
            raise CommandError(str(error)) from error
        show = progress_bar(sys.stderr) if options.get("verbosity", 1) >= 1 else None
        try:
            report = import_document(data, index_page, dry_run=dry_run, progress=show)
        except BatchError as error:
            raise CommandError(
                f"Erreur pendant l'écriture des {error}. Les {error.first - 1} premiers projets sont enregistrés ; "
                "relancez la commande une fois corrigé : les projets déjà importés resteront inchangés."
            ) from error
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"  {error}")
            raise CommandError(f"{len(report.errors)} erreur(s) : rien n'a été importé.")
        self.stdout.write(self.style.SUCCESS(report.summary()))
