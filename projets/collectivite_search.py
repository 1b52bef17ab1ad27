"""« Collectivités », a result kind of the site search (``search.entities``): the collectivités whose name has a
distinctive word starting with a typed word (« creteil » → Ville de Créteil; « ville » alone finds none).

Read over the archive's names (``projets.suggestions.ARCHIVE_NAMES``), kept as shared data: no query per search.
"""

from core.purge import PAGES, RESTRICTIONS, SNIPPETS
from core.shared import SharedItem
from core.text import STOP_WORDS, WORD_RE, fold
from search.entities import EntityResult, register_entity_kind

from .models.archive import ProjectIndexPage
from .models.taxonomy import CollectiviteType
from .suggestions import ARCHIVE_NAMES, suggestion_url

GENERIC_WORDS = (
    frozenset(
        WORD_RE.findall(fold(" ".join(str(label) for label in CollectiviteType.labels)))
        + "ville commune conseil departemental regional metropole communaute agglomeration urbaine etablissement "
        "public territorial grand saint sur".split()
    )
    | STOP_WORDS
)
MIN_WORD = 3
LIMIT = 50


def _collectivites():
    """``((label, url, count, distinctive words), ...)`` of the collectivités of the live archive."""
    index_page = ProjectIndexPage.objects.live().first()
    if index_page is None:
        return ()
    names, _words, _positions = ARCHIVE_NAMES.get(index_page.pk, index_page=index_page)
    return tuple(
        (
            name.label,
            suggestion_url(index_page, name),
            name.count,
            tuple(w for w in name.words if w not in GENERIC_WORDS),
        )
        for name in names
        if name.facet == "collectivite"
    )


SEARCHED_COLLECTIVITES = SharedItem(
    "searched_collectivites",
    build=_collectivites,
    purged_by=(PAGES, RESTRICTIONS, SNIPPETS),
    doc="The collectivités the site search finds: name, page, number of projects, distinctive words.",
)


def find_collectivites(query, request):
    typed = {word for word in WORD_RE.findall(fold(query)) if len(word) >= MIN_WORD and word not in GENERIC_WORDS}
    if not typed:
        return []
    scored = []
    for label, url, count, distinctive in SEARCHED_COLLECTIVITES.get():
        hits = sum(any(word.startswith(t) for word in distinctive) for t in typed)
        if hits:
            scored.append((-hits, label.lower(), label, url, count))
    scored.sort(key=lambda item: item[:2])
    return [
        EntityResult(label, url, f"{count} projet{'s' if count > 1 else ''} collectif{'s' if count > 1 else ''}")
        for *_rank, label, url, count in scored[:LIMIT]
    ]


def register():
    register_entity_kind("collectivites", "Collectivités", "Collectivité", find_collectivites)
