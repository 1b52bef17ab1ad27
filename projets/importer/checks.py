"""Every error of an import document, each with its record and field, before anything is written.

Values of any type are reported, never raised on: what this accepts, the writer and the admin's own validation
accept too (lengths come from the models and the blocks, see ``values``; each project's StreamFields are cleaned
by their blocks).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from home.cadres import Cadre
from home.schooling import is_schooling_year, start_year

from ..models import CollectiviteType, ProjectPage, Promotion, Thematique
from ..models.project import FIRST_YEAR, LAST_YEAR
from . import values as limits
from .privacy import contains_email
from .values import SECTIONS, STREAM_FIELDS, page_values

YEARS_RE = re.compile(r"^(\d{4})-(\d{4})$")
URL_RE = re.compile(r"^https?://[^\s]+$")
CADRES = {choice.value for choice in Cadre}
COLLECTIVITE_TYPES = {choice.value for choice in CollectiviteType}
THEME_KEYS = {"slug", "name", "description"}
PROMOTION_KEYS = {"slug", "name", "cadre", "years"}
COLLECTIVITE_KEYS = {"name", "type", "region", "departement"}
PROJECT_KEYS = {
    "slug", "title", "schooling_year", "collectivite", "themes", "promotions", "summary", "team", "tutors",
    *SECTIONS, "figures", "testimonials", "references",
}  # fmt: skip
EMAIL_MESSAGE = "contient une adresse électronique : aucune n'est publiée, retirez-la."


@dataclass
class RecordError:
    record: str
    field: str
    message: str

    def __str__(self):
        return f"{self.record} — {self.field} : {self.message}"

    def as_dict(self):
        return {"record": self.record, "field": self.field, "message": self.message}


def _strings(value, path):
    """(path, text) of every string under ``value``, walked without recursion (the depth is bounded anyway)."""
    stack = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            stack.extend((f"{where}.{key}" if where else str(key), child) for key, child in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((f"{where}[{n}]", child) for n, child in reversed(list(enumerate(item, start=1))))


def _check_emails(errors, label, value, path=""):
    for where, text in _strings(value, path):
        if contains_email(text):
            errors.append(RecordError(label, where or "projet", EMAIL_MESSAGE))


def _text(errors, label, record, name, max_length, required=True, where=None):
    """Check one text value; returns it when valid (else None)."""
    where = where or name
    value = record.get(name)
    if value in (None, ""):
        if required:
            errors.append(RecordError(label, where, "valeur obligatoire manquante."))
        return None
    if not isinstance(value, str):
        errors.append(RecordError(label, where, "texte attendu."))
        return None
    if max_length and len(value) > max_length:
        errors.append(RecordError(label, where, f"{len(value)} caractères, {max_length} au plus."))
        return None
    return value


def _slug(errors, label, record, max_length):
    slug = _text(errors, label, record, "slug", max_length)
    if slug is not None and slugify(slug) != slug:
        errors.append(RecordError(label, "slug", "identifiant d'adresse attendu (minuscules, chiffres, tirets)."))
        return None
    return slug


def _unknown_keys(errors, label, where, record, known):
    unknown = sorted(str(key) for key in set(record) - known)
    if unknown:
        errors.append(RecordError(label, where, f"champ(s) inconnu(s) : {', '.join(unknown)}."))


def _choice(value, choices):
    return isinstance(value, str) and value in choices


def _list_of_dicts(errors, label, record, name, lengths, required=(), other_keys=()):
    """The dicts of the list ``record[name]``, their texts checked against ``lengths`` (key → max length)."""
    value = record.get(name, [])
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(RecordError(label, name, "liste attendue."))
        return []
    items = []
    for position, item in enumerate(value, start=1):
        where = f"{name}[{position}]"
        if not isinstance(item, dict):
            errors.append(RecordError(label, where, "objet attendu."))
            continue
        for key, max_length in lengths.items():
            _text(errors, label, item, key, max_length, required=key in required, where=f"{where}.{key}")
        _unknown_keys(errors, label, where, item, {*lengths, *other_keys})
        items.append(item)
    return items


def _validate_section(errors, label, name, value):
    if not isinstance(value, list):
        errors.append(RecordError(label, name, "liste de paragraphes attendue."))
        return
    for position, item in enumerate(value, start=1):
        where = f"{name}[{position}]"
        if isinstance(item, dict) and set(item) == {"heading"}:
            _text(errors, label, item, "heading", limits.HEADING_LIMIT, where=f"{where}.heading")
        elif not (
            (isinstance(item, str) and item)
            or (isinstance(item, list) and item and all(isinstance(line, str) for line in item))
        ):
            errors.append(RecordError(label, where, "paragraphe, liste de puces ou {heading: …} attendu."))


def _taxonomy(errors, items, kind, keys, lengths, check):
    """The valid records of ``themes`` or ``promotions`` by slug; ``check`` adds the kind's own checks."""
    if items is None:
        return {}
    if not isinstance(items, list):
        errors.append(RecordError(kind, kind, "liste attendue."))
        return {}
    found = {}
    label_of = {"themes": "thématique", "promotions": "promotion"}[kind]
    for position, item in enumerate(items, start=1):
        label = f"{label_of} n° {position}"
        if not isinstance(item, dict):
            errors.append(RecordError(label, kind, "objet attendu."))
            continue
        count = len(errors)
        _unknown_keys(errors, label, kind, item, keys)
        slug = _slug(errors, label, item, lengths["slug"])
        _text(errors, label, item, "name", lengths["name"])
        check(errors, label, item)
        if slug in found:
            errors.append(RecordError(label, "slug", f"identifiant déjà utilisé par une autre {label_of} du fichier."))
        elif slug is not None and len(errors) == count:
            found[slug] = (label, item)
    return found


def _check_theme(errors, label, theme):
    _text(errors, label, theme, "description", limits.THEME_LIMITS["description"], required=False)


def _check_promotion(errors, label, promotion):
    if not _choice(promotion.get("cadre"), CADRES):
        errors.append(RecordError(label, "cadre", f"cadre d'emplois inconnu : {promotion.get('cadre')!r}."))
    match = YEARS_RE.match(str(promotion.get("years", "")))
    if not match or int(match.group(2)) < int(match.group(1)):
        errors.append(RecordError(label, "years", "années attendues sous la forme « 2020-2021 »."))


def _collisions(errors, found, model, natural_key, what):
    """A theme's name, or a promotion's name and cadre, held by another slug in the file or in the database."""
    seen = {}
    for slug, (label, item) in found.items():
        key = natural_key(item)
        if key in seen:
            errors.append(RecordError(label, "name", f"{what} déjà porté par « {seen[key]} » dans le fichier."))
        seen[key] = slug
    names = {item["name"] for _label, item in found.values()}
    for row in model.objects.filter(name__in=names).exclude(slug__in=found):
        key = natural_key({"name": row.name, "cadre": getattr(row, "cadre", None)})
        if key in seen:
            label = found[seen[key]][0]
            errors.append(RecordError(label, "name", f"{what} déjà porté par « {row.slug} », en base."))


def validate(data):
    """Every error of the document, each with its record and field; an empty list means valid."""
    errors = []
    for key in ("format", "source"):
        if key in data:
            _check_emails(errors, "document", data[key], key)
    themes = _taxonomy(errors, data.get("themes"), "themes", THEME_KEYS, limits.THEME_LIMITS, _check_theme)
    promotions = _taxonomy(
        errors, data.get("promotions"), "promotions", PROMOTION_KEYS, limits.PROMOTION_LIMITS, _check_promotion
    )
    _collisions(errors, themes, Thematique, lambda item: item["name"], "nom")
    _collisions(errors, promotions, Promotion, lambda item: (item["name"], item.get("cadre")), "nom et cadre")
    for kind, label_of in (("themes", "thématique"), ("promotions", "promotion")):
        items = data.get(kind)
        for position, item in enumerate(items if isinstance(items, list) else [], start=1):
            _check_emails(errors, f"{label_of} n° {position}", item)
    known_themes = set(themes) | set(Thematique.objects.values_list("slug", flat=True))
    known_promotions = set(promotions) | set(Promotion.objects.values_list("slug", flat=True))
    seen = set()
    for position, record in enumerate(data["projects"], start=1):
        if not isinstance(record, dict):
            errors.append(RecordError(f"projet n° {position}", "projects", "objet attendu."))
            continue
        slug = record.get("slug")
        label = f"projet n° {position} ({slug})" if isinstance(slug, str) and slug else f"projet n° {position}"
        count = len(errors)
        slug = _validate_project(errors, label, record, known_themes, known_promotions)
        if slug is not None and slug in seen:
            errors.append(RecordError(label, "slug", "identifiant déjà utilisé par un autre projet du fichier."))
        seen.add(slug)
        if len(errors) == count:
            _clean_streams(errors, label, record)
    return errors


def _validate_project(errors, label, record, known_themes, known_promotions):
    """Check one project record; returns its slug when the slug is valid."""
    _unknown_keys(errors, label, "projet", record, PROJECT_KEYS)
    if not isinstance(record.get("slug"), str) or not record.get("slug"):
        errors.append(RecordError(label, "slug", "identifiant d'adresse attendu (minuscules, chiffres, tirets)."))
        slug = None
    else:
        slug = _slug(errors, label, record, limits.PROJECT_LIMITS["slug"])
    _text(errors, label, record, "title", limits.PROJECT_LIMITS["title"])
    _text(errors, label, record, "summary", limits.PROJECT_LIMITS["summary"], required=False)
    year = record.get("schooling_year")
    if not isinstance(year, str) or not is_schooling_year(year) or not FIRST_YEAR <= start_year(year) <= LAST_YEAR:
        errors.append(
            RecordError(label, "schooling_year", f"scolarité « 2020-2021 » entre {FIRST_YEAR} et {LAST_YEAR} attendue.")
        )
    collectivite = record.get("collectivite")
    if not isinstance(collectivite, dict):
        errors.append(RecordError(label, "collectivite", "objet {name, type, region, departement} attendu."))
    else:
        _unknown_keys(errors, label, "collectivite", collectivite, COLLECTIVITE_KEYS)
        for name, max_length in limits.COLLECTIVITE_LIMITS.items():
            where = f"collectivite.{name}"
            _text(errors, label, collectivite, name, max_length, required=name != "departement", where=where)
        if not _choice(collectivite.get("type"), COLLECTIVITE_TYPES):
            errors.append(RecordError(label, "collectivite.type", f"type inconnu : {collectivite.get('type')!r}."))
    for name, known in (("themes", known_themes), ("promotions", known_promotions)):
        values = record.get(name, [])
        if not isinstance(values, list):
            errors.append(RecordError(label, name, "liste d'identifiants attendue."))
            continue
        if name == "themes" and not values:
            errors.append(RecordError(label, name, "au moins une thématique."))
        for value in values:
            if not isinstance(value, str) or value not in known:
                errors.append(RecordError(label, name, f"identifiant inconnu : {value!r}."))
    # A booklet may name no student (« Équipe non communiquée ») and no tutor: both lists are optional.
    team = _list_of_dicts(errors, label, record, "team", limits.TEAM_LIMITS, {"name"}, {"cadre"})
    for member_position, member in enumerate(team, start=1):
        if not _choice(member.get("cadre"), CADRES):
            errors.append(
                RecordError(label, f"team[{member_position}].cadre", f"cadre inconnu : {member.get('cadre')!r}.")
            )
    _list_of_dicts(errors, label, record, "tutors", limits.TUTOR_LIMITS, required={"name"})
    _list_of_dicts(errors, label, record, "figures", limits.FIGURE_LIMITS, required={"number", "label"})
    _list_of_dicts(errors, label, record, "testimonials", limits.TESTIMONIAL_LIMITS, required={"quote"})
    references = _list_of_dicts(errors, label, record, "references", limits.REFERENCE_LIMITS, required={"text"})
    for reference_position, reference in enumerate(references, start=1):
        url = reference.get("url")
        if isinstance(url, str) and url and not URL_RE.match(url):
            errors.append(RecordError(label, f"references[{reference_position}].url", "adresse web invalide."))
    for name in SECTIONS:
        if name in record:
            _validate_section(errors, label, name, record[name])
    _check_emails(errors, label, record)
    return slug


def _messages(error):
    """The texts of a (nested) block validation error."""
    data = error.as_json_data() if hasattr(error, "as_json_data") else {"messages": error.messages}
    found, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.extend(str(message) for message in item.get("messages", []))
            stack.extend(value for key, value in item.items() if key != "messages")
        elif isinstance(item, list):
            stack.extend(item)
    return " ".join(found) or "valeur refusée par l'éditeur de page."


def _clean_streams(errors, label, record):
    """The project's StreamFields as the page editor would clean them: what it refuses is refused here."""
    values = page_values(record)
    for name in STREAM_FIELDS:
        block = ProjectPage._meta.get_field(name).stream_block
        try:
            block.clean(block.to_python(values[name]))
        except ValidationError as error:
            errors.append(RecordError(label, name, _messages(error)))
