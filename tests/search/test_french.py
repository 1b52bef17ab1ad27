import pytest

from core.text import fold, stemmed_text
from search.query import clean_query, normalise_query


def test_fold_removes_accents_case_and_ligatures():
    assert fold("Créteil ŒUVRE Élèves") == "creteil oeuvre eleves"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("collectivités", "collectivite"),
        ("Élèves", "eleve"),
        ("territoires", "territoire"),
        ("transitions", "Transition"),
    ],
)
def test_singular_plural_and_accents_normalise_alike(a, b):
    assert normalise_query(a) == normalise_query(b)


@pytest.mark.parametrize(
    "hostile",
    ['"', "*", "-", "()", "AND OR NEAR", "a:b", "'; DROP TABLE x; --", "\x00\x1f", "😀", "x" * 10_000],
)
def test_hostile_queries_leave_only_words(hostile):
    normalised = normalise_query(hostile)
    assert all(part.isalnum() for part in normalised.split())
    assert len(clean_query(hostile)) <= 200


def test_stemmed_text_joins_terms():
    assert stemmed_text("Les projets collectifs", None, "à Créteil") == "projet collect creteil"
