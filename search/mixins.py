"""Pages index a stemmed copy of their text so that French queries match on every backend."""

from django.utils.html import strip_tags
from wagtail.rich_text import RichText
from wagtail.search import index

from .french import fold, stemmed_text


def block_text(value):
    """The plain text of a StreamField value (or any block value), for indexing: no markup, no rendering."""
    if value is None:
        return ""
    if isinstance(value, RichText):
        return strip_tags(value.source)
    if isinstance(value, str):
        return strip_tags(value)
    if isinstance(value, dict) or hasattr(value, "items"):
        return " ".join(block_text(item) for item in value.values())
    if hasattr(value, "raw_data") or isinstance(value, list | tuple):
        return " ".join(block_text(getattr(item, "value", item)) for item in value)
    if isinstance(value, int | float):
        return str(value)
    return ""


class _MixinDefinedField:
    """A search field defined on a plain mixin belongs, for Elasticsearch's column names, to the page model.

    modelsearch names a subclass's column ``{app}_{model}__{field}`` from the class that defines it, and a
    non-model mixin has no ``_meta``: the concrete model stands in for it.
    """

    def get_definition_model(self, cls):
        model = super().get_definition_model(cls)
        return model if hasattr(model, "_meta") else cls


class FrenchSearchField(_MixinDefinedField, index.SearchField):
    pass


class FrenchAutocompleteField(_MixinDefinedField, index.AutocompleteField):
    pass


class FrenchSearchMixin:
    """Add to a page model; override ``search_title_parts`` / ``search_body_parts``.

    Then add ``*FrenchSearchMixin.french_search_fields`` to the model's ``search_fields``.
    Title parts (the title, a collectivité name) weigh more than body parts (summary, body,
    people's names). ``search_title_folded`` feeds the title suggestions (prefix match).
    """

    french_search_fields = [
        FrenchSearchField("search_title_stems", boost=4),
        FrenchSearchField("search_body_stems"),
        FrenchAutocompleteField("search_title_folded"),
    ]

    def search_title_parts(self):
        return [self.title]

    def search_body_parts(self):
        return [getattr(self, "summary", "")]

    def search_title_stems(self):
        return stemmed_text(*self.search_title_parts())

    def search_body_stems(self):
        return stemmed_text(*self.search_body_parts())

    def search_title_folded(self):
        return " ".join(fold(str(part)) for part in self.search_title_parts() if part)
