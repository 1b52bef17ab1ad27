"""French text, the same for indexing, querying and highlighting on every search backend.

Folding (case, accents, ligatures), Snowball stemming and stop words; and the plain text of a StreamField,
walked on its stored JSON (no block is built, no template rendered).
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.html import strip_tags
from wagtail.rich_text import RichText

WORD_RE = re.compile(r"[0-9a-z]+")

# Words too common to help ranking; kept short on purpose (people's names must survive).
STOP_WORDS = frozenset(
    "a au aux avec ce ces d dans de des du en et l la le les leur n ne ou par pas pour qu que qui "
    "sa se ses son sur un une y".split()
    # Query-language operators typed out of habit (AND, OR, NOT, NEAR) are not searched for.
    + "and or not near".split()
)

# Keys of a StreamField's stored JSON that hold no prose: block ids and types, links, heading levels.
NOT_PROSE_KEYS = frozenset({"id", "type", "url", "level"})

_stemmer = snowballstemmer.stemmer("french")


def fold(text):
    """Lower-case, strip accents and ligatures: 'Créteil – Œuvre' -> 'creteil – oeuvre'."""
    text = (text or "").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=50_000)
def stem(word):
    return _stemmer.stemWord(word)


def terms(text):
    """The folded, stemmed terms of a text, stop words removed, in order."""
    return [stem(word) for word in WORD_RE.findall(fold(text)) if word not in STOP_WORDS]


@lru_cache(maxsize=50_000)
def word_stems(word):
    """The stems of one word of a text (none for a stop word). Kept per process: excerpts stem the same page
    texts on every request. A pure function of the word."""
    return frozenset(terms(word))


def stemmed_text(*parts):
    """What a page indexes beside its fields: its text as stems, one space apart."""
    return " ".join(term for part in parts if part for term in terms(str(part)))


def plain_text(value):
    """The plain text of a StreamField value, a rich text or a string: no markup, no block rendered."""
    if value is None:
        return ""
    if isinstance(value, RichText):
        value = value.source
    if isinstance(value, str):
        return " ".join(strip_tags(value).split())
    if hasattr(value, "get_prep_value"):  # a StreamValue: its stored JSON
        value = value.get_prep_value()
    return " ".join(part for part in _strings(value) if part)


def _strings(value):
    if isinstance(value, str):
        yield " ".join(strip_tags(value).split())
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_PROSE_KEYS:
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
