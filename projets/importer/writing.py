"""Write a validated document: the taxonomy first, then the projects in batches, each batch its own transaction.

Idempotent by batches: a project is found by its slug under the archive page, updated when a value differs and
left alone otherwise (``core.upsert``), so a run stopped between two batches is finished by running it again.
Between two batches no transaction is open: the SQLite write lock is free for a proposal sent meanwhile.
"""

from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import transaction
from wagtail.search import index

from core.purge import purge
from core.upsert import upsert_page, upsert_row
from search.query import analyze_after_bulk_write

from ..models import Collectivite, ProjectPage, Promotion, Thematique
from .checks import validate
from .values import page_values

BATCH_SIZE = 50
ANALYZE_AFTER = 200  # pages written in one run: PostgreSQL's statistics are refreshed after that many


@dataclass
class ImportReport:
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors

    @property
    def changes(self):
        return self.created + self.updated

    @property
    def done(self):
        return self.created + self.updated + self.unchanged

    def count(self, outcome):
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    def summary(self):
        prefix = "Simulation : " if self.dry_run else ""
        return f"{prefix}{self.created} projet(s) créé(s), {self.updated} mis à jour, {self.unchanged} inchangé(s)."


def write_taxonomy(data):
    """Create or update the document's themes and promotions; returns every theme and promotion by slug."""
    themes = {}
    for theme in data.get("themes") or []:
        themes[theme["slug"]], _ = upsert_row(
            Thematique, {"slug": theme["slug"]}, {"name": theme["name"], "description": theme.get("description", "")}
        )
    promotions = {}
    for promotion in data.get("promotions") or []:
        start, end = (int(part) for part in promotion["years"].split("-"))
        promotions[promotion["slug"]], _ = upsert_row(
            Promotion,
            {"slug": promotion["slug"]},
            {"name": promotion["name"], "cadre": promotion["cadre"], "year_start": start, "year_end": end},
        )
    themes.update({theme.slug: theme for theme in Thematique.objects.exclude(slug__in=themes)})
    promotions.update({promotion.slug: promotion for promotion in Promotion.objects.exclude(slug__in=promotions)})
    return themes, promotions


def collectivite_values(record):
    info = record["collectivite"]
    return {"type": info["type"], "region": info["region"], "departement": info.get("departement", "")}


def project_payload(record, themes, promotions, collectivite_id):
    """``upsert_page``'s values, children and relations for ``record``: what the import writes and what the
    spreadsheet preview compares with the existing page."""
    values = {**page_values(record), "collectivite_id": collectivite_id}
    children = {
        "authors": [{"name": member["name"], "cadre": member["cadre"]} for member in record.get("team") or []],
        "tutors": [
            {"name": tutor["name"], "function": tutor.get("function", "")} for tutor in record.get("tutors") or []
        ],
    }
    relations = {
        "themes": [themes[slug].pk for slug in record.get("themes") or []],
        "promotions": [promotions[slug].pk for slug in record.get("promotions") or []],
    }
    return values, children, relations


def write_projects(records, index_page, themes, promotions, report, image_for=None):
    """Create or update ``records`` under ``index_page``, counting each outcome in ``report``.

    ``image_for(slug)``: the pk of the listing image the record's page gets (None: its image is left alone)."""
    slugs = [record["slug"] for record in records]
    existing = {
        page.slug: page
        for page in ProjectPage.objects.child_of(index_page).filter(slug__in=slugs).select_related("collectivite")
    }
    touched = []
    for record in records:
        collectivite, _ = upsert_row(
            Collectivite, {"name": record["collectivite"]["name"]}, collectivite_values(record)
        )
        values, children, relations = project_payload(record, themes, promotions, collectivite.pk)
        image_id = image_for(record["slug"]) if image_for else None
        if image_id is not None:
            values["listing_image_id"] = image_id
        page, outcome = upsert_page(
            index_page,
            ProjectPage,
            record["slug"],
            values,
            children=children,
            relations=relations,
            existing=existing.get(record["slug"]),
        )
        report.count(outcome)
        if outcome:
            touched.append(page.pk)
    # Pages index their team and themes: reindex once the child rows are saved.
    for page in ProjectPage.objects.filter(pk__in=touched).select_related("collectivite"):
        index.insert_or_update_object(page)


class BatchError(Exception):
    """A batch could not be written (rolled back); the batches before it are saved."""

    def __init__(self, first, last, error):
        super().__init__(f"projets n° {first} à {last} : {type(error).__name__} : {error}")
        self.first, self.last, self.error = first, last, error


def import_batches(data, index_page, report, batch_size=BATCH_SIZE, image_for=None):
    """Write a validated document batch after batch, each in its own transaction; yields the number of projects
    done after each batch, once ``report`` counts it. A batch that fails raises BatchError: the batches before it
    stay written (a new run, idempotent, finishes the import)."""
    with transaction.atomic():
        themes, promotions = write_taxonomy(data)
    projects = data["projects"]
    for start in range(0, len(projects), batch_size):
        batch = projects[start : start + batch_size]
        counts = ImportReport()
        try:
            with transaction.atomic():
                write_projects(batch, index_page, themes, promotions, counts, image_for)
        except Exception as error:  # noqa: BLE001 - reported with the batch's positions, earlier batches kept
            raise BatchError(start + 1, start + len(batch), error) from error
        report.created += counts.created
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        yield start + len(batch)
    if report.changes >= ANALYZE_AFTER:
        analyze_after_bulk_write(ProjectPage, Collectivite, ProjectPage.themes.through, ProjectPage.promotions.through)
    purge()  # the pages purge as they are published; once more for the whole run, whatever it changed


class _DryRun(Exception):
    pass


def import_document(data, index_page, *, dry_run=False, progress=None, batch_size=BATCH_SIZE):
    """Validate then import ``data`` under ``index_page``, in batches; returns an ImportReport.

    A dry run does everything in one transaction, then rolls it back.
    """
    report = ImportReport(dry_run=dry_run)
    report.errors = validate(data)
    if report.errors:
        return report
    total = len(data["projects"])
    try:
        with transaction.atomic() if dry_run else nullcontext():
            for done in import_batches(data, index_page, report, batch_size):
                if progress:
                    progress(done, total)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report
