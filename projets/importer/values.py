"""A validated project record as page values (StreamFields as lists of {type, value}), and the limits each
imported value must respect, read from the models and the blocks that will hold it: one place defines them."""

from django.utils.html import escape

from ..models import Collectivite, ProjectAuthor, ProjectPage, ProjectTutor, Promotion, Thematique

SECTIONS = ("context", "problem", "keys")
STREAM_FIELDS = (*SECTIONS, "figures", "testimonials", "references")


def max_length(model, name):
    return model._meta.get_field(name).max_length


def stream_child(field_name, block_name):
    """The block ``block_name`` of the StreamField ``field_name`` of ProjectPage."""
    return ProjectPage._meta.get_field(field_name).stream_block.child_blocks[block_name]


def _struct_limits(field_name, block_name, names):
    """Import key → max length of the struct block's child that holds it (``names``: import key → child)."""
    children = stream_child(field_name, block_name).child_blocks
    return {key: children[child].field.max_length for key, child in names.items()}


THEME_LIMITS = {name: max_length(Thematique, name) for name in ("slug", "name", "description")}
PROMOTION_LIMITS = {name: max_length(Promotion, name) for name in ("slug", "name")}
COLLECTIVITE_LIMITS = {name: max_length(Collectivite, name) for name in ("name", "region", "departement")}
PROJECT_LIMITS = {name: max_length(ProjectPage, name) for name in ("slug", "title", "summary")}
TEAM_LIMITS = {"name": max_length(ProjectAuthor, "name")}
TUTOR_LIMITS = {name: max_length(ProjectTutor, name) for name in ("name", "function")}
FIGURE_LIMITS = _struct_limits("figures", "figure", {"number": "number", "label": "label"})
TESTIMONIAL_LIMITS = _struct_limits(
    "testimonials", "testimonial", {"quote": "text", "author": "author", "role": "role"}
)
REFERENCE_LIMITS = _struct_limits("references", "reference", {"text": "text", "url": "url"})
HEADING_LIMIT = stream_child("context", "heading").child_blocks["text"].field.max_length


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
