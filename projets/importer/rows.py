"""A spreadsheet's rows as an import document (``projets-collectifs/2``): every check of ``checks`` and
``privacy`` then applies unchanged, and its errors are mapped back to « ligne N, colonne « X » : message ».

What only a sheet can get wrong is reported here: an unknown or missing column, a date or a number where a text
is expected, a theme, a promotion or a cadre written by a name that does not exist, a person without their cadre.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from home.cadres import Cadre

from ..models import CollectiviteType, Promotion, Thematique
from .checks import RecordError, validate
from .columns import BY_FOLDED_NAME, COLUMNS, IMAGE, IMAGE_ALT, SLUG, column_of_field, fold
from .reading import FORMAT

PERSON_RE = re.compile(r"^([^()]*?)\s*\((.*)\)\s*$")
PROJECT_LABEL_RE = re.compile(r"^projet n° (\d+)")
URL_END_RE = re.compile(r"^(.*?)\s*(https?://\S+)$")
BULLET_RE = re.compile(r"^\s*[-•*–]\s+")
LIST_SEPARATOR_RE = re.compile(r"\s*[;\n]\s*")
TYPES = {fold(value): value for value in CollectiviteType.values} | {
    fold(label): value for value, label in CollectiviteType.choices
}
TYPES[fold("Communauté")] = CollectiviteType.COMMUNAUTE
CADRE_PREFIXES = {"admin": Cadre.ADMINISTRATEUR, "conserv": Cadre.CONSERVATEUR, "ingen": Cadre.INGENIEUR}
REQUIRED = [column.name for column in COLUMNS if column.required]


class SheetError(RecordError):
    """An error at a row (``record`` is « ligne N », or « fichier ») and a column (``field``)."""

    def __str__(self):
        if self.field:
            return f"{self.record}, colonne « {self.field} » : {self.message}"
        return f"{self.record} : {self.message}"


def row_error(row, column, message):
    return SheetError(f"ligne {row}", column, message)


@dataclass
class Converted:
    document: dict
    rows: list  # the sheet's row number of each project, in order
    errors: list = field(default_factory=list)
    images: dict = field(default_factory=dict)  # row number → {"file": name in the ZIP, "alt": text}
    derived_slugs: set = field(default_factory=set)  # the rows whose slug comes from their title and year

    def errors_by_row(self):
        found = {}
        for error in self.errors:
            found.setdefault(error.record, []).append(error)
        return found


def _columns(header, errors):
    """Position → column of the header; an unknown column, a repeated one or a missing required one reported."""
    found = {}
    for position, name in enumerate(header):
        if not name:
            continue
        column = BY_FOLDED_NAME.get(fold(name))
        if column is None:
            errors.append(row_error(1, name, "colonne inconnue (voir la liste des colonnes sur l'écran d'import)."))
        elif column in found.values():
            errors.append(row_error(1, name, "colonne en double."))
        else:
            found[position] = column
    present = {column.name for column in found.values()}
    for name in REQUIRED:
        if name not in present:
            errors.append(row_error(1, name, "colonne obligatoire manquante."))
    return found


def _text(cell, row, column, errors):
    """A cell as text: a number becomes its digits, a date is refused (what the sheet's program made of a text)."""
    if cell is None:
        return ""
    if isinstance(cell, (datetime.date, datetime.time, datetime.timedelta)):
        expected = (
            "une scolarité attendue, sous la forme « 2020-2021 »" if column == "Scolarité" else "un texte attendu"
        )
        errors.append(row_error(row, column, f"une date : {expected} (saisissez la cellule en texte)."))
        return None
    if isinstance(cell, bool):
        errors.append(row_error(row, column, "une case à cocher : un texte attendu."))
        return None
    if isinstance(cell, (int, float)):
        if column == "Scolarité":
            errors.append(row_error(row, column, "un nombre : une scolarité attendue, sous la forme « 2020-2021 »."))
            return None
        return str(int(cell)) if float(cell).is_integer() else str(cell).replace(".", ",")
    return str(cell).replace("\r\n", "\n").replace("\r", "\n").strip()


def _items(text):
    return [item for item in LIST_SEPARATOR_RE.split(text) if item]


def _by_name(text, row, column, errors, names, what):
    slugs = []
    for item in _items(text):
        found = names.get(fold(item))
        if found is None:
            errors.append(row_error(row, column, f"{what} inconnue : « {item} » (voir Projets collectifs › {column})."))
        elif found == "":
            errors.append(row_error(row, column, f"plusieurs {what}s s'appellent « {item} » : renommez-en une."))
        else:
            slugs.append(found)
    return slugs


def _cadre(text):
    folded = fold(text)
    for prefix, cadre in CADRE_PREFIXES.items():
        if folded.startswith(prefix):
            return cadre.value
    return text


def _people(text, row, column, errors, role_key):
    people = []
    for item in _items(text):
        match = PERSON_RE.match(item)
        name, role = (match.group(1), match.group(2).strip()) if match else (item, "")
        if role_key == "cadre":
            if not role:
                errors.append(row_error(row, column, f"cadre manquant pour « {item} » : écrivez « {item} (cadre) »."))
                continue
            people.append({"name": name, "cadre": _cadre(role)})
        else:
            people.append({"name": name, "function": role} if role else {"name": name})
    return people


def _paragraphs(text):
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def _section(text):
    items = []
    for paragraph in _paragraphs(text):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if len(lines) == 1 and lines[0].startswith("##"):
            items.append({"heading": lines[0].lstrip("#").strip()})
        elif all(BULLET_RE.match(line) for line in lines):
            items.append([BULLET_RE.sub("", line) for line in lines])
        else:
            items.append(" ".join(lines))
    return items


def _figures(text, row, column, errors):
    figures = []
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            continue
        number, separator, label = line.partition(":")
        if not separator or not number.strip() or not label.strip():
            errors.append(row_error(row, column, f"« {line} » : écrivez « 3 : ateliers d'intelligence collective »."))
            continue
        figures.append({"number": number.strip(), "label": label.strip()})
    return figures


def _testimonials(text):
    testimonials = []
    for paragraph in _paragraphs(text):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        item = {}
        if len(lines) > 1 and lines[-1][:1] in "—–-":
            author, _comma, role = lines.pop().lstrip("—–- ").partition(",")
            item = {"author": author.strip(), **({"role": role.strip()} if role.strip() else {})}
        testimonials.append({"quote": " ".join(lines).strip("«» \u00a0"), **item})
    return testimonials


def _references(text):
    references = []
    for line in (line.strip() for line in text.split("\n")):
        match = URL_END_RE.match(line)
        if match and match.group(1):
            references.append({"text": match.group(1), "url": match.group(2)})
        elif line:
            references.append({"text": line})
    return references


def _names(model):
    """Folded name (and slug) → slug; "" for a name two rows share."""
    names = {}
    for slug, name in model.objects.values_list("slug", "name"):
        names[fold(name)] = "" if fold(name) in names and names[fold(name)] != slug else slug
        names.setdefault(fold(slug), slug)
    return names


def _record(cells, row, errors, themes, promotions):
    """The project record of one row (``cells``: column name → text, every cell already read as text)."""
    record = {"collectivite": {}}
    for name, text in cells.items():
        column = BY_FOLDED_NAME[fold(name)]
        target, _dot, key = column.field.partition(".")
        if not text or not column.field:
            continue
        if target == "collectivite":
            record["collectivite"][key] = TYPES.get(fold(text), text) if key == "type" else text
        elif target == "themes":
            record["themes"] = _by_name(text, row, name, errors, themes, "thématique")
        elif target == "promotions":
            record["promotions"] = _by_name(text, row, name, errors, promotions, "promotion")
        elif target == "team":
            record["team"] = _people(text, row, name, errors, "cadre")
        elif target == "tutors":
            record["tutors"] = _people(text, row, name, errors, "function")
        elif target in ("context", "problem", "keys"):
            record[target] = _section(text)
        elif target == "figures":
            record["figures"] = _figures(text, row, name, errors)
        elif target == "testimonials":
            record["testimonials"] = _testimonials(text)
        elif target == "references":
            record["references"] = _references(text)
        else:
            record[target] = text
    return record


def derived_slug(title, year):
    return f"{slugify(title)[:200].strip('-')}-{year}".strip("-")


def convert(sheet, filename=""):
    """The sheet as an import document, with the errors only a sheet can have (checks not run yet)."""
    errors = []
    columns = _columns(sheet.header, errors)
    themes, promotions = _names(Thematique), _names(Promotion)
    converted = Converted(document={"format": FORMAT, "projects": []}, rows=[], errors=errors)
    for row, values in sheet.rows:
        cells = {}
        for position, column in columns.items():
            text = _text(values[position] if position < len(values) else None, row, column.name, errors)
            cells[column.name] = text or ""
        record = _record(cells, row, errors, themes, promotions)
        if not cells.get(SLUG):
            record["slug"] = derived_slug(cells.get("Titre", ""), cells.get("Scolarité", ""))
            converted.derived_slugs.add(row)
        if cells.get(IMAGE):
            converted.images[row] = {"file": cells[IMAGE], "alt": cells.get(IMAGE_ALT, "")}
            if not cells.get(IMAGE_ALT):
                errors.append(row_error(row, IMAGE_ALT, "obligatoire quand une image est donnée."))
            elif len(cells[IMAGE_ALT]) > 255:
                errors.append(row_error(row, IMAGE_ALT, f"{len(cells[IMAGE_ALT])} caractères, 255 au plus."))
        converted.document["projects"].append(record)
        converted.rows.append(row)
    if not sheet.rows:
        errors.append(SheetError("fichier", "", "aucun projet : le tableau n'a que sa ligne d'en-tête."))
    return converted


def check(converted):
    """Run every check of the import document, mapped to the sheet's rows and columns; one error per cell (the
    sheet's own error comes first: « thématique inconnue » rather than « au moins une thématique »)."""
    seen = {(error.record, error.field) for error in converted.errors}
    for error in validate(converted.document):
        match = PROJECT_LABEL_RE.match(error.record)
        if not match:
            converted.errors.append(SheetError("fichier", "", f"{error.record} — {error.field} : {error.message}"))
            continue
        row = converted.rows[int(match.group(1)) - 1]
        column = column_of_field(error.field)
        name = column.name if column else error.field
        message = error.message
        if name == SLUG and row in converted.derived_slugs:
            if "déjà utilisé" not in message:
                continue  # the title or the year is wrong, and reported as such
            slug = converted.document["projects"][int(match.group(1)) - 1]["slug"]
            message = f"{message} (« {slug} », déduit du titre et de la scolarité : donnez un identifiant)"
        if "[" in error.field and column:
            message = f"n° {error.field.split('[', 1)[1].split(']', 1)[0]} : {message}"
        if (f"ligne {row}", name) in seen:
            continue
        converted.errors.append(row_error(row, name, message))
    converted.errors.sort(key=lambda error: (_row_number(error.record), error.field))
    return converted


def _row_number(record):
    return int(record.split()[-1]) if record.startswith("ligne ") else 0
