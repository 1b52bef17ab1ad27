"""A reference site measured beside ours: each page of ours missing the cache against its equivalent there.

BENCH_REFERENCE is the base URL of a site you serve yourself on loopback (Wagtail's bakerydemo, say: its code is
never part of this project). Both pages are measured in alternated slices, so they share the same minutes and the
same load; a distinct parameter on every request keeps both out of any cache. BENCH_REFERENCE_PAGES overrides the
equivalent paths, as ``home=/;listing=/blog/;detail=/blog/wild-yeast/;search=/search/?q={q}``.

Target: each of our pages missing the cache at ``RATIO_TARGET`` times its reference; without a reference,
``MIN_RPS_WITHOUT_REFERENCE`` req/s.
"""

import os

RATIO_TARGET = 4
MIN_RPS_WITHOUT_REFERENCE = 150
# Our rows (bench/pages.py) by kind of page, and bakerydemo's equivalent of each.
OUR_ROWS = {
    "home": "Accueil sans cache (paramètre distinct)",
    "listing": "Archive sans cache (paramètre distinct)",
    "detail": "Page projet sans cache (paramètre distinct)",
    "search": "Recherche : requête distincte",
}
BAKERYDEMO_PAGES = {"home": "/", "listing": "/blog/", "detail": "/blog/wild-yeast/", "search": "/search/?q={q}"}


def reference_base():
    return os.environ.get("BENCH_REFERENCE", "").rstrip("/") or None


def reference_pages():
    """``{our row name: the reference's path}``, every path holding a distinct ``{q}``."""
    pages = dict(BAKERYDEMO_PAGES)
    for pair in filter(None, os.environ.get("BENCH_REFERENCE_PAGES", "").split(";")):
        kind, _, path = pair.partition("=")
        if kind.strip() not in OUR_ROWS:
            raise SystemExit(f"BENCH_REFERENCE_PAGES : « {kind} » inconnu (attendu : {', '.join(OUR_ROWS)})")
        pages[kind.strip()] = path.strip()
    return {OUR_ROWS[kind]: distinct(path) for kind, path in pages.items()}


def distinct(path):
    if "{q}" in path:
        return path
    return path + ("&" if "?" in path else "?") + "sans-cache={q}"


def compared_row(row, reference):
    """What the row says of the reference (its req/s measured alongside) and the ratio."""
    row["reference_path"] = reference["path"]
    row["reference_rps"] = round(reference["rps"], 1)
    row["reference_p99_ms"] = round(reference["p99_ms"], 1)
    row["reference_errors"] = reference["errors"] + reference["non_2xx_3xx"]
    row["ratio_to_reference"] = round(row["rps"] / reference["rps"], 2) if reference["rps"] else None


def reference_failure(row):
    """The target's failure for a page missing the cache, or None; pages of other kinds have none."""
    if row.get("name") not in OUR_ROWS.values():
        return None
    if row.get("ratio_to_reference") is not None:
        return None if row["ratio_to_reference"] >= RATIO_TARGET else f"< {RATIO_TARGET}× la référence"
    if "reference_path" in row:
        return "référence sans réponse"
    return None if row["rps"] >= MIN_RPS_WITHOUT_REFERENCE else f"< {MIN_RPS_WITHOUT_REFERENCE} req/s"
