"""Import projets collectifs from the documented YAML/JSON format (see docs/projets-import.md).

Every record is validated first; any error stops the import before anything is written, and
each error names its record and field. The import then runs in one transaction (all or nothing)
and is idempotent: a project is found by its slug under the archive page, updated when a value
differs, and left alone otherwise.
"""

import json
import re
from dataclasses import dataclass, field

import yaml
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.search import index

from core.upsert import upsert_page, upsert_row
from home.cadres import Cadre
from home.schooling import is_schooling_year, start_year

from .models import Collectivite, CollectiviteType, ProjectPage, Promotion, Thematique
from .models.project import FIRST_YEAR, LAST_YEAR

FORMAT = "projets-collectifs/2"
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
YEARS_RE = re.compile(r"^(\d{4})-(\d{4})$")
SECTIONS = ("context", "problem", "keys")
CADRES = {choice.value for choice in Cadre}
COLLECTIVITE_TYPES = {choice.value for choice in CollectiviteType}
PROJECT_KEYS = {
    "slug", "title", "schooling_year", "collectivite", "themes", "promotions", "summary", "team", "tutors",
    *SECTIONS, "figures", "testimonials", "references",
}  # fmt: skip


class ImportFormatError(Exception):
    """The file cannot be read at all (not YAML/JSON, wrong top-level shape)."""


@dataclass
class RecordError:
    record: str
    field: str
    message: str

    def __str__(self):
        return f"{self.record} — {self.field} : {self.message}"


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

    def count(self, outcome):
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    def summary(self):
        prefix = "Simulation : " if self.dry_run else ""
        return f"{prefix}{self.created} projet(s) créé(s), {self.updated} mis à jour, {self.unchanged} inchangé(s)."


def parse(content, filename=""):
    """Read YAML or JSON text into the document dict, or raise ImportFormatError in French."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportFormatError("Le fichier doit être encodé en UTF-8.") from error
    try:
        data = json.loads(content) if filename.endswith(".json") else yaml.safe_load(content)
    except (ValueError, yaml.YAMLError) as error:
        raise ImportFormatError(f"Fichier illisible : {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("projects"), list):
        raise ImportFormatError("Le fichier doit contenir une liste « projects » (voir la documentation du format).")
    if data.get("format", FORMAT) != FORMAT:
        raise ImportFormatError(f"Format « {data.get('format')} » inconnu : « {FORMAT} » attendu.")
    return data


# Validation ---------------------------------------------------------------------------------------


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _text(errors, label, record, name, required=True, max_length=None):
    value = record.get(name)
    if value in (None, ""):
        if required:
            errors.append(RecordError(label, name, "valeur obligatoire manquante."))
        return
    if not isinstance(value, str):
        errors.append(RecordError(label, name, "texte attendu."))
    elif max_length and len(value) > max_length:
        errors.append(RecordError(label, name, f"{len(value)} caractères, {max_length} au plus."))


def _list_of_dicts(errors, label, record, name, required_keys, optional_keys=()):
    value = record.get(name, [])
    if not isinstance(value, list):
        errors.append(RecordError(label, name, "liste attendue."))
        return []
    for position, item in enumerate(value, start=1):
        where = f"{name}[{position}]"
        if not isinstance(item, dict):
            errors.append(RecordError(label, where, "objet attendu."))
            continue
        for key in required_keys:
            _text(errors, label, item, key)
        unknown = set(item) - set(required_keys) - set(optional_keys)
        if unknown:
            errors.append(RecordError(label, where, f"champ(s) inconnu(s) : {', '.join(sorted(unknown))}."))
    return [item for item in value if isinstance(item, dict)]


def _validate_section(errors, label, name, value):
    if not isinstance(value, list):
        errors.append(RecordError(label, name, "liste de paragraphes attendue."))
        return
    for position, item in enumerate(value, start=1):
        ok = (
            isinstance(item, str)
            or (isinstance(item, list) and item and all(isinstance(line, str) for line in item))
            or (isinstance(item, dict) and set(item) == {"heading"} and isinstance(item["heading"], str))
        )
        if not ok:
            errors.append(
                RecordError(label, f"{name}[{position}]", "paragraphe, liste de puces ou {heading: …} attendu.")
            )


def validate(data):
    """Every error of the document, each with its record and field; an empty list means valid."""
    errors = []
    themes = {}
    for position, theme in enumerate(data.get("themes") or [], start=1):
        label = f"thématique n° {position}"
        if not isinstance(theme, dict):
            errors.append(RecordError(label, "themes", "objet attendu."))
            continue
        _text(errors, label, theme, "name", max_length=120)
        _text(errors, label, theme, "slug", max_length=120)
        _text(errors, label, theme, "description", required=False, max_length=1000)
        themes[theme.get("slug")] = theme
    promotions = {}
    for position, promotion in enumerate(data.get("promotions") or [], start=1):
        label = f"promotion n° {position}"
        if not isinstance(promotion, dict):
            errors.append(RecordError(label, "promotions", "objet attendu."))
            continue
        _text(errors, label, promotion, "name", max_length=120)
        _text(errors, label, promotion, "slug", max_length=120)
        if promotion.get("cadre") not in CADRES:
            errors.append(RecordError(label, "cadre", f"cadre d'emplois inconnu : {promotion.get('cadre')!r}."))
        match = YEARS_RE.match(str(promotion.get("years", "")))
        if not match or int(match.group(2)) < int(match.group(1)):
            errors.append(RecordError(label, "years", "années attendues sous la forme « 2020-2021 »."))
        promotions[promotion.get("slug")] = promotion
    known_themes = set(themes) | set(Thematique.objects.values_list("slug", flat=True))
    known_promotions = set(promotions) | set(Promotion.objects.values_list("slug", flat=True))

    seen = set()
    for position, record in enumerate(data["projects"], start=1):
        if not isinstance(record, dict):
            errors.append(RecordError(f"projet n° {position}", "projects", "objet attendu."))
            continue
        slug = record.get("slug")
        label = f"projet n° {position} ({slug})" if slug else f"projet n° {position}"
        unknown = set(record) - PROJECT_KEYS
        if unknown:
            errors.append(RecordError(label, "projet", f"champ(s) inconnu(s) : {', '.join(sorted(unknown))}."))
        if not isinstance(slug, str) or not slug or slugify(slug) != slug:
            errors.append(RecordError(label, "slug", "identifiant d'adresse attendu (minuscules, chiffres, tirets)."))
        elif slug in seen:
            errors.append(RecordError(label, "slug", "identifiant déjà utilisé par un autre projet du fichier."))
        seen.add(slug)
        _text(errors, label, record, "title", max_length=255)
        _text(errors, label, record, "summary", required=False, max_length=400)
        year = record.get("schooling_year")
        if not is_schooling_year(year) or not FIRST_YEAR <= start_year(year) <= LAST_YEAR:
            errors.append(
                RecordError(
                    label, "schooling_year", f"scolarité « 2020-2021 » entre {FIRST_YEAR} et {LAST_YEAR} attendue."
                )
            )
        collectivite = record.get("collectivite")
        if not isinstance(collectivite, dict):
            errors.append(RecordError(label, "collectivite", "objet {name, type, region, departement} attendu."))
        else:
            _text(errors, label, collectivite, "name", max_length=200)
            _text(errors, label, collectivite, "region", max_length=80)
            _text(errors, label, collectivite, "departement", required=False, max_length=80)
            if collectivite.get("type") not in COLLECTIVITE_TYPES:
                errors.append(RecordError(label, "collectivite.type", f"type inconnu : {collectivite.get('type')!r}."))
        for name, known in (("themes", known_themes), ("promotions", known_promotions)):
            values = record.get(name, [])
            if not isinstance(values, list):
                errors.append(RecordError(label, name, "liste d'identifiants attendue."))
                continue
            for value in values:
                if value not in known:
                    errors.append(RecordError(label, name, f"identifiant inconnu : {value!r}."))
        team = _list_of_dicts(errors, label, record, "team", ("name",), ("cadre",))
        if not team:
            errors.append(RecordError(label, "team", "au moins un auteur ou une autrice."))
        for member_position, member in enumerate(team, start=1):
            if member.get("cadre") not in CADRES:
                errors.append(
                    RecordError(label, f"team[{member_position}].cadre", f"cadre inconnu : {member.get('cadre')!r}.")
                )
        _list_of_dicts(errors, label, record, "tutors", ("name",), ("function",))
        _list_of_dicts(errors, label, record, "figures", ("number", "label"))
        _list_of_dicts(errors, label, record, "testimonials", ("quote",), ("author", "role"))
        _list_of_dicts(errors, label, record, "references", ("text",), ("url",))
        for reference_position, reference in enumerate(record.get("references") or [], start=1):
            url = reference.get("url") if isinstance(reference, dict) else None
            if url and not re.match(r"^https?://[^\s]+$", str(url)):
                errors.append(RecordError(label, f"references[{reference_position}].url", "adresse web invalide."))
        for name in SECTIONS:
            if name in record:
                _validate_section(errors, label, name, record[name])
        if any(EMAIL_RE.search(text) for text in _strings(record)):
            errors.append(
                RecordError(label, "projet", "contient une adresse électronique : aucune n'est publiée, retirez-la.")
            )
    return errors


# Conversion to page values ----------------------------------------------------------------------


def section_stream(items):
    blocks = []
    for item in items or []:
        if isinstance(item, dict):
            blocks.append({"type": "heading", "value": {"text": item["heading"], "level": "h3"}})
        elif isinstance(item, list):
            lis = "".join(f"<li>{escape(line)}</li>" for line in item)
            blocks.append({"type": "paragraph", "value": f"<ul>{lis}</ul>"})
        else:
            blocks.append({"type": "paragraph", "value": f"<p>{escape(item)}</p>"})
    return blocks


def page_values(record):
    return {
        "title": record["title"],
        "summary": record.get("summary", ""),
        "schooling_year": record["schooling_year"],
        **{name: section_stream(record.get(name)) for name in SECTIONS},
        "figures": [
            {"type": "figure", "value": {"number": item["number"], "label": item["label"]}}
            for item in record.get("figures") or []
        ],
        "testimonials": [
            {
                "type": "testimonial",
                "value": {"text": item["quote"], "author": item.get("author", ""), "role": item.get("role", "")},
            }
            for item in record.get("testimonials") or []
        ],
        "references": [
            {"type": "reference", "value": {"text": item["text"], "url": item.get("url", "")}}
            for item in record.get("references") or []
        ],
    }


# Import -----------------------------------------------------------------------------------------


def _taxonomy(data):
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
    return themes, promotions


def import_document(data, index_page, *, dry_run=False, progress=None):
    """Validate then import ``data`` under ``index_page``; returns an ImportReport."""
    report = ImportReport(dry_run=dry_run)
    report.errors = validate(data)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            _import(data, index_page, report, progress)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


class _DryRun(Exception):
    pass


def _import(data, index_page, report, progress):
    themes, promotions = _taxonomy(data)
    themes.update({theme.slug: theme for theme in Thematique.objects.exclude(slug__in=themes)})
    promotions.update({promotion.slug: promotion for promotion in Promotion.objects.exclude(slug__in=promotions)})
    existing = {page.slug: page for page in ProjectPage.objects.child_of(index_page).select_related("collectivite")}
    total = len(data["projects"])
    touched = []
    for position, record in enumerate(data["projects"], start=1):
        info = record["collectivite"]
        collectivite, _ = upsert_row(
            Collectivite,
            {"name": info["name"]},
            {"type": info["type"], "region": info["region"], "departement": info.get("departement", "")},
        )
        page, outcome = upsert_page(
            index_page,
            ProjectPage,
            record["slug"],
            {**page_values(record), "collectivite_id": collectivite.pk},
            children={
                "authors": [{"name": member["name"], "cadre": member["cadre"]} for member in record["team"]],
                "tutors": [
                    {"name": tutor["name"], "function": tutor.get("function", "")}
                    for tutor in record.get("tutors") or []
                ],
            },
            relations={
                "themes": [themes[slug].pk for slug in record.get("themes") or []],
                "promotions": [promotions[slug].pk for slug in record.get("promotions") or []],
            },
            existing=existing.get(record["slug"]),
        )
        report.count(outcome)
        if outcome:
            touched.append(page.pk)
        if progress:
            progress(position, total)
    # Pages index their team and themes: reindex once the child rows are saved.
    for page in ProjectPage.objects.filter(pk__in=touched).select_related("collectivite"):
        index.insert_or_update_object(page)
