"""Pages index a stemmed copy of their text so that French queries match on every backend."""

from wagtail.search import index

from core.text import fold, stemmed_text


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
