"""The spreadsheet template to download from the import screen: the columns and one example row on a first sheet,
each column documented in French on a second one. Made by code from ``columns.COLUMNS``, never a stored file."""

import io

from ..models import Thematique
from .columns import COLUMNS

TEMPLATE_NAME = "modele-import-projets.xlsx"


def example_row():
    theme = Thematique.objects.order_by("name").values_list("name", flat=True).first()
    return [theme if column.field == "themes" and theme else column.example for column in COLUMNS]


def template_workbook():
    """The template's bytes (XLSX)."""
    import openpyxl  # noqa: PLC0415 - only for the template's download
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415

    workbook = openpyxl.Workbook()
    projects = workbook.active
    projects.title = "Projets"
    projects.append([column.name for column in COLUMNS])
    projects.append(example_row())
    for cell in projects[1]:
        cell.font = Font(bold=True)
    for position, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(position)
        projects.column_dimensions[letter].width = max(14, min(40, len(column.name) + 4))
        projects[f"{letter}2"].number_format = "@"  # text: « 2020-2021 » stays a text, never a date
    projects.freeze_panes = "A2"
    documentation = workbook.create_sheet("Colonnes")
    documentation.append(["Colonne", "Obligatoire", "Contenu", "Exemple"])
    for cell in documentation[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        documentation.append([column.name, "oui" if column.required else "non", column.help, column.example])
    for letter, width in zip("ABCD", (28, 12, 90, 40), strict=True):
        documentation.column_dimensions[letter].width = width
    for row in documentation.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
