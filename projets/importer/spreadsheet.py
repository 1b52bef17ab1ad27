"""Read a spreadsheet (XLSX or CSV) into its header and its rows of cells, bounded before any parser touches it.

An XLSX file is a ZIP archive: its size, its number of entries, their uncompressed total and each entry's
compression ratio are checked from the ZIP's directory before openpyxl opens it (``read_only=True``, values only,
the first sheet only), so a ZIP bomb is refused without being inflated. A CSV file is UTF-8 (with or without BOM)
or Windows-1252, its separator « ; » or « , », read from its header line. Every refusal is an ``ImportFormatError``
in French.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from .reading import ImportFormatError

MAX_SHEET_SIZE = 10 * 1024 * 1024  # the file as sent
MAX_XLSX_ENTRIES = 200  # an ordinary workbook has about fifteen
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200  # an entry inflating more than this is a bomb (XML of a workbook: 5 to 30)
MAX_ROWS = 5_000
MAX_COLUMNS = 60
MEGABYTE = 1024 * 1024


@dataclass
class Sheet:
    header: list  # the first row's texts
    rows: list  # (row number in the sheet, [cell values]) for each row that is not empty


def _megabytes(size):
    return f"{size / MEGABYTE:.0f} Mo".replace(".", ",")


def check_size(content, limit, what):
    if len(content) > limit:
        raise ImportFormatError(f"{what} trop volumineux ({_megabytes(len(content))}, {_megabytes(limit)} au plus).")


def open_zip(content, what, max_entries, max_uncompressed):
    """The ZIP archive of ``content``, once its directory shows nothing absurd; ImportFormatError otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFormatError(f"{what} illisible : ce n'est pas une archive ZIP valide.") from error
    entries = archive.infolist()
    if len(entries) > max_entries:
        raise ImportFormatError(f"{what} refusé : {len(entries)} fichiers dans l'archive, {max_entries} au plus.")
    total = sum(entry.file_size for entry in entries)
    if total > max_uncompressed:
        raise ImportFormatError(
            f"{what} refusé : {_megabytes(total)} une fois décompressé, {_megabytes(max_uncompressed)} au plus "
            "(archive piégée ?)."
        )
    for entry in entries:
        if entry.file_size > MEGABYTE and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise ImportFormatError(
                f"{what} refusé : « {entry.filename} » se décompresse {entry.file_size // max(entry.compress_size, 1)} "
                "fois plus gros (archive piégée ?)."
            )
    return archive


def _trim(rows):
    """Rows without their trailing empty cells, numbered from 1, empty rows left out."""
    found = []
    for number, row in enumerate(rows, start=1):
        cells = list(row)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise ImportFormatError(f"Ligne {number} : {len(cells)} colonnes, {MAX_COLUMNS} au plus.")
        if cells:
            found.append((number, cells))
        if len(found) > MAX_ROWS + 1:
            raise ImportFormatError(f"Tableau trop long : {MAX_ROWS} projets au plus par fichier.")
    return found


def _sheet(rows):
    rows = _trim(rows)
    if not rows:
        raise ImportFormatError("Le tableau est vide : la première ligne doit nommer les colonnes.")
    (_number, header), *rest = rows
    return Sheet(header=["" if cell is None else str(cell).strip() for cell in header], rows=rest)


def read_xlsx(content):
    check_size(content, MAX_SHEET_SIZE, "Tableur")
    open_zip(content, "Tableur", MAX_XLSX_ENTRIES, MAX_XLSX_UNCOMPRESSED).close()
    import openpyxl  # noqa: PLC0415 - only for a spreadsheet import

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise ImportFormatError("Tableur illisible : enregistrez-le au format Excel (.xlsx).") from error
    try:
        if not workbook.worksheets:
            raise ImportFormatError("Le classeur n'a aucune feuille.")
        return _sheet(workbook.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 10))
    finally:
        workbook.close()


def decode(content):
    """UTF-8 (its BOM dropped) or, failing that, Windows-1252 (what Excel writes in France)."""
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportFormatError("Fichier CSV illisible : encodez-le en UTF-8 ou en Windows-1252.") from error


def read_csv(content):
    check_size(content, MAX_SHEET_SIZE, "Tableur")
    text = decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return _sheet(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFormatError(f"Fichier CSV illisible : {error}") from error


def read_sheet(content, filename):
    """The header and rows of an .xlsx or .csv file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(content)
    if name.endswith(".csv"):
        return read_csv(content)
    raise ImportFormatError("Choisissez un fichier .xlsx ou .csv.")
