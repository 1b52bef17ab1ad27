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
from wagtail.fields import StreamField
from wagtail.search import index

from offres.cadres import Cadre

from .models import Collectivite, CollectiviteType, ProjectAuthor, ProjectPage, ProjectTutor, Promotion, Thematique
from .models.pages import FIRST_YEAR, LAST_YEAR

FORMAT = "projets-collectifs/1"
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
YEARS_RE = re.compile(r"^(\d{4})-(\d{4})$")
SECTIONS = ("context", "problem", "keys")
TRACKS = {choice.value for choice in Cadre}
COLLECTIVITE_TYPES = {choice.value for choice in CollectiviteType}
PROJECT_KEYS = {
    "slug", "title", "year", "collectivite", "themes", "promotions", "summary", "team", "tutors",
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
        if promotion.get("track") not in TRACKS:
            errors.append(RecordError(label, "track", f"cadre d'emplois inconnu : {promotion.get('track')!r}."))
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
        year = record.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
            errors.append(RecordError(label, "year", f"année entre {FIRST_YEAR} et {LAST_YEAR} attendue."))
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
        team = _list_of_dicts(errors, label, record, "team", ("name",), ("track",))
        if not team:
            errors.append(RecordError(label, "team", "au moins un auteur ou une autrice."))
        for member_position, member in enumerate(team, start=1):
            if member.get("track") not in TRACKS:
                errors.append(
                    RecordError(label, f"team[{member_position}].track", f"cadre inconnu : {member.get('track')!r}.")
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
        "year": record["year"],
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


def _strip_ids(value):
    if isinstance(value, dict):
        return {key: _strip_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_strip_ids(item) for item in value]
    return value


def _prep(model, name, value):
    model_field = model._meta.get_field(name)
    if isinstance(model_field, StreamField):
        return _strip_ids(model_field.get_prep_value(model_field.to_python(value)))
    return model_field.get_prep_value(value)


def _current(page, name):
    model_field = page._meta.get_field(name)
    if isinstance(model_field, StreamField):
        return _strip_ids(model_field.get_prep_value(getattr(page, name)))
    return model_field.get_prep_value(getattr(page, name))


# Import -----------------------------------------------------------------------------------------


def _upsert(model, lookup, values):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [key for key, value in values.items() if getattr(obj, key) != value]
    for key in changed:
        setattr(obj, key, values[key])
    if changed:
        obj.save(update_fields=changed)
    return obj, bool(changed)


def _taxonomy(data):
    themes = {}
    for theme in data.get("themes") or []:
        themes[theme["slug"]], _ = _upsert(
            Thematique, {"slug": theme["slug"]}, {"name": theme["name"], "description": theme.get("description", "")}
        )
    promotions = {}
    for promotion in data.get("promotions") or []:
        start, end = (int(part) for part in promotion["years"].split("-"))
        promotions[promotion["slug"]], _ = _upsert(
            Promotion,
            {"slug": promotion["slug"]},
            {"name": promotion["name"], "track": promotion["track"], "year_start": start, "year_end": end},
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
        collectivite, _ = _upsert(
            Collectivite,
            {"name": info["name"]},
            {"type": info["type"], "region": info["region"], "departement": info.get("departement", "")},
        )
        values = page_values(record)
        team = [(member["name"], member["track"]) for member in record["team"]]
        tutors = [(tutor["name"], tutor.get("function", "")) for tutor in record.get("tutors") or []]
        theme_ids = sorted(themes[slug].pk for slug in record.get("themes") or [])
        promotion_ids = sorted(promotions[slug].pk for slug in record.get("promotions") or [])
        page = existing.get(record["slug"])
        if page is not None:
            same = (
                page.collectivite_id == collectivite.pk
                and all(_current(page, name) == _prep(ProjectPage, name, value) for name, value in values.items())
                and [(author.name, author.track) for author in page.authors.all()] == team
                and [(tutor.name, tutor.function) for tutor in page.tutors.all()] == tutors
                and sorted(page.themes.values_list("pk", flat=True)) == theme_ids
                and sorted(page.promotions.values_list("pk", flat=True)) == promotion_ids
            )
            if same:
                report.unchanged += 1
                if progress:
                    progress(position, total)
                continue
        is_new = page is None
        if is_new:
            page = ProjectPage(slug=record["slug"])
        for name, value in values.items():
            model_field = ProjectPage._meta.get_field(name)
            setattr(page, name, model_field.to_python(value) if isinstance(model_field, StreamField) else value)
        page.collectivite = collectivite
        page.authors = [ProjectAuthor(name=name, track=track) for name, track in team]
        page.tutors = [ProjectTutor(name=name, function=function) for name, function in tutors]
        if is_new:
            index_page.add_child(instance=page)
            report.created += 1
        else:
            report.updated += 1
        page.themes = theme_ids
        page.promotions = promotion_ids
        page.save_revision().publish()
        touched.append(page.pk)
        if progress:
            progress(position, total)
    # Pages index their team and themes: reindex once the child rows are saved.
    for page in ProjectPage.objects.filter(pk__in=touched).select_related("collectivite"):
        index.insert_or_update_object(page)
