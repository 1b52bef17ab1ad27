"""Name suggestions of the archive's search box: students, tutors, collectivités, promotions.

Accent- and case-insensitive prefix matching on any word of the name (« segu » → Séguineau), over the labels the
archive's index read already (no query): the words are kept sorted, so a prefix is found by bisection.
"""

from bisect import bisect_left
from dataclasses import dataclass

from django.http import JsonResponse

from core.purge import PAGES, RESTRICTIONS, SNIPPETS
from core.shared import SharedItem
from core.text import WORD_RE, fold

from .archive_index import archive_index

LIMIT = 8
MAX_TYPED_WORDS = 5
KINDS = {"collectivite": "Collectivité", "promotion": "Promotion", "personne": None}  # None: the role is said


@dataclass(frozen=True)
class Name:
    label: str
    kind: str  # « Collectivité », « Promotion », « Élève », « Tuteur/tutrice »
    facet: str
    value: str
    count: int
    words: tuple


def _names(index_page_pk, *, index_page):
    index = archive_index(index_page)
    names = []
    for facet, kind in KINDS.items():
        for value, ids in index.postings[facet].items():
            label = index.labels[facet].get(value, value)
            shown_kind = kind
            if kind is None:  # « Marie Dupont (élève) »: the role goes to the kind
                label, _, role = label.rpartition(" (")
                shown_kind = role.rstrip(")").capitalize()
            names.append(Name(label, shown_kind, facet, value, len(ids), tuple(WORD_RE.findall(fold(label)))))
    names.sort(key=lambda name: (-name.count, name.label.lower()))
    words = sorted((word, position) for position, name in enumerate(names) for word in set(name.words))
    return tuple(names), tuple(word for word, _ in words), tuple(position for _, position in words)


ARCHIVE_NAMES = SharedItem(
    "archive_names",
    build=_names,
    purged_by=(PAGES, RESTRICTIONS, SNIPPETS),
    doc="The names the archive suggests (people, collectivités, promotions), their words sorted for prefixes.",
)


def suggest_names(index_page, typed, limit=LIMIT):
    """Names with a word starting with each word typed, the most frequent first."""
    typed_words = WORD_RE.findall(fold(typed or ""))[:MAX_TYPED_WORDS]
    if not typed_words or (len(typed_words) == 1 and len(typed_words[0]) < 2):
        return []
    names, words, positions = ARCHIVE_NAMES.get(index_page.pk, index_page=index_page)
    longest = max(typed_words, key=len)
    found = set()
    start = bisect_left(words, longest)
    for at in range(start, len(words)):
        if not words[at].startswith(longest):
            break
        found.add(positions[at])
    matches = [
        names[position]
        for position in sorted(found)
        if all(any(word.startswith(t) for word in names[position].words) for t in typed_words)
    ]
    return matches[:limit]


def suggestion_url(index_page, name):
    if name.facet == "collectivite":
        return index_page.url + index_page.reverse_subpage("collectivite", args=(name.value,))
    return f"{index_page.url}?{name.facet}={name.value}"


def suggestions_view(request, index_page):
    """``{"suggestions": [{"title", "url", "kind"}]}``, the shape of the site search's suggestions."""
    typed = (request.GET.get("q") or "")[:100]
    payload = {
        "query": typed,
        "suggestions": [
            {"title": name.label, "url": suggestion_url(index_page, name), "kind": name.kind}
            for name in suggest_names(index_page, typed)
        ],
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
