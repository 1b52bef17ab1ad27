"""The demo booklet's text has no PDF extraction artefacts left (issue 18): no word cut by a line-end hyphen
(« expérimen-tation »), no paragraph opened by a stray « — ». Nothing is invented: the fixes only join or drop."""

import re
from pathlib import Path

from core.upsert import load_yaml

DEMO_FILE = Path(__file__).resolve().parents[2] / "projets" / "demo" / "regards-croises-2020-2021.yaml"
NOT_PROSE = {"slug", "url", "themes", "promotions", "cadre", "type", "schooling_year", "years"}
CUT_AT_LINE_END = re.compile(r"[^\W\d_]+- [^\W\d_]+")  # « transfor- mation »
HYPHENATED = re.compile(r"(?<![\w/.-])(?<!/ )[^\W\d_]+(?:-[^\W\d_]+)+(?![\w/.-])")
# The real French compounds of the booklet (names of places and people aside: capitalised, checked by hand).
COMPOUNDS = {
    "au-delà", "au-dessus", "après-demain", "bas-carbone", "bien-être", "celle-ci", "celui-ci", "centre-ville",
    "ci-dessous", "co-construction", "co-construire", "co-construit", "co-réflexion", "co-responsabilité",
    "e-santé", "elle-même", "est-à-dire", "eux-mêmes", "inter-filière", "inter-filières", "maire-président",
    "médico-sociaux", "péri-urbaines", "personnes-ressources", "plus-value", "pré-diagnostic", "public-public",
    "recherche-action", "recouvre-t-il", "retenez-vous", "socio-démographiques", "sous-effectifs", "sous-investies",
    "sous-jacente", "sous-jacentes", "sur-sollicitation", "ultra-urbanisé", "week-end", "délibération-cadre",
    "échelon-clé", "équipe-projet", "cadre-là", "usager-administration", "administration-usager",
    "communication-marketing", "cher-usager", "sur-le-champ", "secteurs-territoires", "emploi-insertion-formation", "budget-climat", "climat-budget", "changement-climatique",
}  # fmt: skip


def prose(value, key=None):
    if key in NOT_PROSE:
        return
    if isinstance(value, dict):
        for name, item in value.items():
            yield from prose(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from prose(item, key)
    elif isinstance(value, str) and not value.startswith(("http://", "https://", "www.")):
        yield value


def texts():
    return list(prose(load_yaml(DEMO_FILE)))


def test_no_word_is_cut_by_a_line_end_hyphen():
    found = {match for text in texts() for match in CUT_AT_LINE_END.findall(text)}
    assert not found, f"mots coupés en fin de ligne : {sorted(found)}"


def test_hyphenated_words_are_real_compounds():
    unknown = set()
    for text in texts():
        for word in HYPHENATED.findall(text):
            if word[0].isupper() or word.isupper():  # places, people, « COVID »: proper nouns
                continue
            if word.lower() not in COMPOUNDS:
                unknown.add(word)
    assert not unknown, f"mots à trait d'union inconnus (coupure d'extraction ?) : {sorted(unknown)}"


def test_no_paragraph_starts_with_a_stray_dash():
    stray = [text[:60] for text in texts() if text.lstrip().startswith(("—", "– ", "- "))]
    assert not stray, stray


def test_the_fixes_left_the_obvious_words():
    joined = " ".join(texts())
    assert "expérimentation pour répondre" in joined
    assert "la transformation numérique" in joined
    assert "Clichy-sous-Bois" in joined
    assert "outil permanent de collecte et de traitement des données" in joined
