"""« Exporter ces résultats (CSV) » and « Citer ce projet »: the archive's list for a note, a project's reference.

The export is the archive's current list (same GET parameters as the page), every match (the archive holds at
most ~10 000 projects), in a constant number of queries; UTF-8 with a BOM and ``;`` for French Excel, every cell
neutralised against formulas (``core.spreadsheet.safe_cell``). No e-mail address is stored, so none is exported.
"""

import csv
import io

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from core.spreadsheet import safe_cell
from search.idset import id_set

from .models.project import ProjectAuthor, ProjectPage, ProjectTutor
from .views import filter_archive

COLUMNS = [
    "Titre",
    "Scolarité",
    "Collectivité",
    "Type de collectivité",
    "Région",
    "Thématiques",
    "Promotions",
    "Élèves",
    "Tuteurs ou tutrices",
    "Adresse",
]
EXPORT_FILENAME = "projets-collectifs-inet.csv"


def export_rows(ids, index_page):
    """The export's rows for the projects ``ids``, in their order: five queries whatever their number."""
    projects = (
        ProjectPage.objects.filter(pk__in=id_set(ids))
        .defer_streamfields()
        .select_related("collectivite")
        .prefetch_related(
            "themes",
            "promotions",
            Prefetch("authors", queryset=ProjectAuthor.objects.only("page_id", "name", "sort_order")),
            Prefetch("tutors", queryset=ProjectTutor.objects.only("page_id", "name", "sort_order")),
        )
        .only("title", "schooling_year", "url_path", "collectivite__name", "collectivite__type", "collectivite__region")
    )
    by_id = {project.pk: project for project in projects}
    index_url = index_page.full_url
    for pk in ids:
        project = by_id.get(pk)
        if project is None:
            continue
        collectivite = project.collectivite
        yield [
            project.title,
            project.schooling_year,
            collectivite.name,
            collectivite.get_type_display(),
            collectivite.region,
            ", ".join(theme.name for theme in project.themes.all()),
            ", ".join(promotion.name for promotion in project.promotions.all()),
            ", ".join(author.name for author in project.authors.all()),
            ", ".join(tutor.name for tutor in project.tutors.all()),
            index_url + project.url_path[len(index_page.url_path) :],
        ]


def export_view(request, index_page):
    found = filter_archive(request, index_page)
    out = io.StringIO()
    out.write("\ufeff")  # the BOM: Excel reads UTF-8
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in export_rows(found.ordered, index_page):
        writer.writerow([safe_cell(cell) for cell in row])
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, max_age=300, public=True)
    return response


def citation(project, full_url):
    """« Marie Dupont, Jean Martin, « Titre », Ville de Créteil, projet collectif INET, promotions Abbé Pierre et
    Toni Morrison, 2020-2021, https://… »; « Équipe » when the booklet names no student."""
    team = ", ".join(author.name for author in project.author_list) or "Équipe"
    promotions = [promotion.name for promotion in project.promotions.all()]
    parts = [team, f"« {project.title} »", project.collectivite.name, "projet collectif INET"]
    if promotions:
        names = promotions[0] if len(promotions) == 1 else ", ".join(promotions[:-1]) + " et " + promotions[-1]
        parts.append(f"promotion{'s' if len(promotions) > 1 else ''} {names}")
    parts += [project.schooling_year, full_url]
    return ", ".join(parts) + "."
