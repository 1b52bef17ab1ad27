"""French text normalisation shared by indexing and querying, identical on every backend.

The database backends do not stem French ("collectivite" misses "collectivités"), so each
searchable page also indexes a *stemmed, accent-folded* copy of its text, and every query is
normalised the same way before it reaches the backend.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 12
WORD_RE = re.compile(r"[0-9a-z]+")

# Words too common to help ranking; kept short on purpose (people's names must survive).
STOP_WORDS = frozenset(
    "a au aux avec ce ces d dans de des du en et l la le les leur n ne ou par pas pour qu que qui "
    "sa se ses son sur un une y".split()
    # Query-language operators typed out of habit (AND, OR, NOT, NEAR) are not searched for.
    + "and or not near".split()
)

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


def stemmed_text(*parts):
    """What a page indexes beside its fields: its text as stems, one space apart."""
    return " ".join(term for part in parts if part for term in terms(str(part)))


def normalise_query(raw):
    """A user's query as stems joined by spaces: no operator, quote or symbol survives.

    Returns '' when nothing searchable is left (only symbols, stop words, control characters).
    """
    raw = (raw or "")[: MAX_QUERY_LENGTH * 5]
    found = []
    for term in terms(raw):
        if term not in found:
            found.append(term)
    return " ".join(found[:MAX_QUERY_TERMS])


def clean_query(raw):
    """The query as shown back to the user: printable, single-spaced, capped."""
    printable = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]
