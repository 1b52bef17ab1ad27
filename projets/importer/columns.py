"""The spreadsheet's columns, named in French, and what each holds in the import document (``projets-collectifs/2``).

One place defines them: the template to download (``template``), the import screen's documentation and the
conversion of a row into a project record (``rows``) all read ``COLUMNS``.
"""

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str  # as written in the sheet's first row
    field: str  # the record's field it fills (``collectivite.type``); "" for the image's columns
    required: bool
    help: str  # in French, for the screen and the template's second sheet
    example: str


COLUMNS = (
    Column("Titre", "title", True, "Le titre du projet, tel que le livret l'écrit.", "Les mobilités douces à Quimper"),
    Column(
        "Scolarité",
        "schooling_year",
        True,
        "L'année de scolarité, écrite « 2020-2021 » (en texte, pas une date ni un nombre).",
        "2015-2016",
    ),
    Column(
        "Collectivité",
        "collectivite.name",
        True,
        "Le nom de la collectivité ; créée si elle n'existe pas encore, mise à jour sinon.",
        "Ville de Quimper",
    ),
    Column(
        "Type de collectivité",
        "collectivite.type",
        True,
        "Commune, Département, Région, Métropole, Communauté urbaine ou d'agglomération, "
        "Établissement public territorial ou Autre.",
        "Commune",
    ),
    Column("Région", "collectivite.region", True, "La région de la collectivité.", "Bretagne"),
    Column("Département", "collectivite.departement", False, "Le département, facultatif.", "Finistère"),
    Column(
        "Thématiques",
        "themes",
        True,
        "Au moins une, par son nom, séparées par « ; » ; elles doivent exister (Projets collectifs › Thématiques).",
        "Travailler autrement",
    ),
    Column(
        "Promotions",
        "promotions",
        False,
        "Par leur nom, séparées par « ; » ; elles doivent exister (Projets collectifs › Promotions).",
        "",
    ),
    Column(
        "Équipe",
        "team",
        False,
        "Les élèves : « Nom (cadre) ; Nom (cadre) », le cadre étant administrateur, conservateur ou ingénieur. "
        "Laisser vide si le livret ne les nomme pas : la page affiche « Équipe non communiquée ».",
        "",
    ),
    Column(
        "Tuteurs",
        "tutors",
        False,
        "Les tuteurs ou tutrices : « Nom (fonction) ; Nom (fonction) », la fonction facultative.",
        "Hélène Kervella (Directrice générale des services)",
    ),
    Column("Résumé", "summary", False, "Le chapeau de la page, 400 caractères au plus.", "Comment développer…"),
    Column(
        "Contexte",
        "context",
        False,
        "Des paragraphes séparés par une ligne vide ; une ligne commençant par « - » est une puce, "
        "« ## » un intertitre.",
        "La ville compte 63 000 habitants.",
    ),
    Column("Problématique", "problem", False, "Comme « Contexte ».", ""),
    Column("Clés de réussite", "keys", False, "« Des clés pour agir », comme « Contexte ».", ""),
    Column("Chiffres clés", "figures", False, "Un par ligne : « 3 : ateliers d'intelligence collective ».", ""),
    Column(
        "Témoignages",
        "testimonials",
        False,
        "Séparés par une ligne vide ; la dernière ligne d'un témoignage peut nommer son auteur : « — Nom, fonction ».",
        "",
    ),
    Column(
        "Références",
        "references",
        False,
        "Une par ligne ; une adresse web en fin de ligne devient le lien.",
        "Rapport de la Cour des comptes https://www.ccomptes.fr",
    ),
    Column(
        "Identifiant (facultatif)",
        "slug",
        False,
        "L'adresse de la page (minuscules, chiffres, tirets). Vide : déduit du titre et de la scolarité. "
        "Un projet déjà présent avec cet identifiant est mis à jour.",
        "",
    ),
    Column(
        "Image",
        "",
        False,
        "Le nom d'un fichier image (JPEG, PNG, WebP) de l'archive ZIP envoyée avec le tableau : la vignette du projet.",
        "",
    ),
    Column(
        "Texte alternatif de l'image",
        "",
        False,
        "Ce que montre l'image, pour qui ne la voit pas ; obligatoire quand une image est donnée.",
        "",
    ),
)
IMAGE = "Image"
IMAGE_ALT = "Texte alternatif de l'image"
SLUG = "Identifiant (facultatif)"


def fold(text):
    """Case, accents and spacing left out: « Thématiques » and « thematiques » name the same column."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.replace("’", "'").casefold().split())


BY_FOLDED_NAME = {fold(column.name): column for column in COLUMNS}
BY_FOLDED_NAME[fold("Identifiant")] = BY_FOLDED_NAME[fold(SLUG)]
BY_FIELD = {column.field: column for column in COLUMNS if column.field}
BY_FIELD["collectivite"] = BY_FIELD["collectivite.name"]


def column_of_field(field):
    """The column of a checked field (``team[2].cadre`` → « Équipe »); None when no column holds it."""
    head = field.split("[", 1)[0]
    return BY_FIELD.get(head) or BY_FIELD.get(head.split(".", 1)[0])
