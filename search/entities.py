"""Results of the site search that are not pages: an application registers a kind and a finder.

The archive registers « Collectivités » (``projets/apps.py``): each collectivité is a route of the archive page, not
a page of the tree, so it has no row in the page index; its finder matches the collectivités' names (accent- and
case-insensitive, a typed word being a prefix of a distinctive word of the name) and gives their pages.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityResult:
    title: str
    url: str
    excerpt: str = ""


@dataclass(frozen=True)
class EntityKind:
    value: str  # the search's ``type=`` value
    label: str  # « Collectivités »
    singular: str  # « Collectivité », beside one result
    find: object  # find(query, request) -> [EntityResult, ...], best first


ENTITY_KINDS = {}  # value -> EntityKind


def register_entity_kind(value, label, singular, find):
    ENTITY_KINDS[value] = EntityKind(value, label, singular, find)


def find_entities(query, request):
    """``{kind value: [EntityResult, ...]}`` for every registered kind, empty ones left out."""
    found = {}
    for kind in ENTITY_KINDS.values():
        results = list(kind.find(query, request))
        if results:
            found[kind.value] = results
    return found
