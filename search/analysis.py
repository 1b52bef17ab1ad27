"""Elasticsearch / OpenSearch index settings: a French analysis chain for every text field.

Imported by the settings (no Django import here). The ``default`` analyzer applies to every
text field without an explicit analyzer, so titles, bodies and the stemmed copies are all
analysed the same way at index and at query time: elision (l', d', qu'…), lowercase,
ASCII folding (é → e, œ → oe), then French light stemming.
"""

FRENCH_ANALYZER = {
    "type": "custom",
    "tokenizer": "standard",
    "filter": ["french_elision", "lowercase", "asciifolding", "french_light_stemmer"],
}

FRENCH_INDEX_SETTINGS = {
    "settings": {
        "analysis": {
            "filter": {
                "french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
                },
                "french_light_stemmer": {"type": "stemmer", "language": "light_french"},
            },
            "analyzer": {
                "default": FRENCH_ANALYZER,
                "french_folded": FRENCH_ANALYZER,
            },
        }
    }
}
