"""Pages index a stemmed copy of their text so that French queries match on every backend."""

from wagtail.search import index

from .french import stemmed_text


class FrenchSearchMixin:
    """Add to a page model; override ``search_title_parts`` / ``search_body_parts``.

    Then add ``*FrenchSearchMixin.french_search_fields`` to the model's ``search_fields``.
    """

    french_search_fields = [
        index.SearchField("search_title_stems", boost=4),
        index.SearchField("search_body_stems"),
    ]

    def search_title_parts(self):
        return [self.title]

    def search_body_parts(self):
        return [getattr(self, "summary", "")]

    def search_title_stems(self):
        return stemmed_text(*self.search_title_parts())

    def search_body_stems(self):
        return stemmed_text(*self.search_body_parts())
