"""What a spreadsheet import will do, row by row, before anything is written: created, updated (which columns
change, compared with the page that has the same slug), unchanged, or refused (which column, why)."""

from dataclasses import asdict, dataclass, field

from core.upsert import page_changes

from ..models import Collectivite, ProjectPage, Promotion, Thematique
from .columns import BY_FIELD, IMAGE, IMAGE_ALT
from .images import check_images
from .reading import ImportFormatError
from .rows import SheetError, check, convert
from .spreadsheet import read_sheet
from .writing import collectivite_values, project_payload

CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"
LABELS = {CREATED: "créé", UPDATED: "mis à jour", UNCHANGED: "inchangé", REFUSED: "refusé"}
CHANGE_COLUMNS = {
    "collectivite_id": "Collectivité",
    "authors": "Équipe",
    "listing_image_id": IMAGE,
    **{column.field: column.name for column in BY_FIELD.values()},
}


@dataclass
class RowPreview:
    row: int
    title: str
    slug: str
    outcome: str
    changes: list = field(default_factory=list)  # column names
    errors: list = field(default_factory=list)  # {"column", "message"}

    @property
    def label(self):
        return LABELS[self.outcome]


@dataclass
class Preview:
    rows: list
    errors: list  # SheetError, every one of the file
    converted: object = None

    @property
    def ok(self):
        return not self.errors

    def counts(self):
        return {outcome: sum(row.outcome == outcome for row in self.rows) for outcome in LABELS}

    def as_dict(self):
        return {"rows": [asdict(row) for row in self.rows], "counts": self.counts()}


def _collectivite_changes(record):
    info = record["collectivite"]
    found = Collectivite.objects.filter(name=info["name"]).first()
    if found is None:
        return None, ["Collectivité"]
    changes = []
    for key, value in collectivite_values(record).items():
        if getattr(found, key) != value:
            changes.append(BY_FIELD[f"collectivite.{key}"].name)
    return found.pk, changes


def _image_changes(image, page):
    if image is None:
        return []
    current = page.listing_image
    if current is None or current.file_hash != image.get("sha1"):
        return [IMAGE]
    return [IMAGE_ALT] if current.description != image["alt"] else []


def _row_preview(record, row, image, existing, themes, promotions):
    page = existing.get(record["slug"])
    if page is None:
        return RowPreview(row, record["title"], record["slug"], CREATED)
    collectivite_id, changes = _collectivite_changes(record)
    values, children, relations = project_payload(record, themes, promotions, collectivite_id)
    if collectivite_id is None:
        values.pop("collectivite_id")
    changes += [
        CHANGE_COLUMNS.get(name, name) for name in page_changes(page, values, children=children, relations=relations)
    ]
    changes += _image_changes(image, page)
    unique = list(dict.fromkeys(changes))
    return RowPreview(row, record["title"], record["slug"], UPDATED if unique else UNCHANGED, unique)


def build_preview(content, filename, index_page, images_content=None):
    """Read, convert and check the sheet (and its images), then compare each valid row with its page."""
    try:
        converted = convert(read_sheet(content, filename), filename)
        check(converted)
        check_images(converted, images_content)
    except ImportFormatError as error:
        return Preview(rows=[], errors=[SheetError("fichier", "", str(error))])
    by_row = converted.errors_by_row()
    projects = converted.document["projects"]
    slugs = [record.get("slug") for record in projects]
    existing = {
        page.slug: page
        for page in ProjectPage.objects.child_of(index_page)
        .filter(slug__in=slugs)
        .select_related("collectivite", "listing_image")
    }
    themes = {theme.slug: theme for theme in Thematique.objects.all()}
    promotions = {promotion.slug: promotion for promotion in Promotion.objects.all()}
    rows = []
    for record, row in zip(projects, converted.rows, strict=True):
        errors = by_row.get(f"ligne {row}", [])
        if errors:
            title = record.get("title") or ""
            refused = [{"column": error.field, "message": error.message} for error in errors]
            rows.append(RowPreview(row, title, record.get("slug") or "", REFUSED, errors=refused))
            continue
        image = converted.images.get(row)
        rows.append(_row_preview(record, row, image, existing, themes, promotions))
    return Preview(rows=rows, errors=converted.errors, converted=converted)


def images_by_slug(converted):
    """slug → the row's image ({"file", "alt", "sha1"}), what the job keeps for the worker."""
    return {
        record["slug"]: converted.images[row]
        for record, row in zip(converted.document["projects"], converted.rows, strict=True)
        if row in converted.images
    }
