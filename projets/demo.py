"""Demo content of the archive: the index page and the booklet's 19 projects, through the importer."""

from pathlib import Path

from core.upsert import load_yaml, upsert_page

from .importer import import_document
from .models import ProjectIndexPage

DATA = Path(__file__).resolve().parent / "demo" / "regards-croises-2020-2021.yaml"
INDEX_VALUES = {
    "title": "Projets collectifs",
    "show_in_menus": True,
    "summary": (
        "Les missions menées par des équipes d'élèves de l'INET dans les collectivités : "
        "recherchez par thème, collectivité, année, promotion, mot-clé ou personne."
    ),
}


def load(home, stdout=None):
    """Create or update ``/projets/`` and import the booklet; returns the number of changes."""
    index_page, outcome = upsert_page(home, ProjectIndexPage, "projets", INDEX_VALUES)
    report = import_document(load_yaml(DATA), index_page)
    if not report.ok:
        raise ValueError("Données de démonstration invalides :\n" + "\n".join(str(error) for error in report.errors))
    if stdout is not None:
        stdout.write(f"Projets collectifs : {report.summary()}")
    return int(bool(outcome)) + report.changes
