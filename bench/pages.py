# ruff: noqa: S603 -- runs this project's python on a script of its own.
"""Which pages are measured (`scenarios`), and the SQL queries of their uncached render (`query_counts`)."""

import json
import os
import re
import subprocess
import urllib.request

from server import PYTHON, ROOT, STATIC_ROOT, fetch, say, static_url

PROBE = "territoire+climat+essai"  # the query of a "{q}" path when it is probed once


def discover(base):
    """The project page and two facet values, read from /projets/ as a visitor would."""
    status, _headers, body = fetch(base + "/projets/")
    html = body.decode("utf-8", "replace") if status == 200 else ""
    project = os.environ.get("BENCH_PROJECT_URL")
    if not project:
        # A project's own page: one segment under /projets/, not the feed (flux/) nor a theme page (theme/…/).
        links = [link for link in re.findall(r'href="/projets/([^"?#/]+)/"', html) if link != "flux"]
        project = f"/projets/{links[0]}/" if links else None
    facets = os.environ.get("BENCH_FACETS")
    if facets is None:
        chosen = {}
        for tag in re.findall(r"<input[^>]*>", html):
            if 'type="checkbox"' not in tag and 'type="radio"' not in tag:
                continue
            name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
            if name and value and name.group(1) not in chosen:
                chosen[name.group(1)] = value.group(1)
            if len(chosen) == 2:
                break
        facets = "&".join(f"{name}={urllib.request.quote(value)}" for name, value in chosen.items())
    return project, facets


def scenarios(base, static_root=STATIC_ROOT, discovered=None):
    """(name, path, kind) rows, kind "cached", "uncached" or "static"; the static file last.

    `discovered` ({"project", "facets"}, from an earlier call) skips the discovery: bench/ab.py measures the
    same pages on both revisions."""
    if discovered is None:
        project, facets = discover(base)
    else:
        project, facets = discovered["project"], discovered["facets"]
    facet_suffix = f"&{facets}" if facets else ""
    rows = [
        ("Accueil", "/", "cached"),
        ("Accueil sans cache (paramètre distinct)", "/?sans-cache={q}", "uncached"),
        ("Accueillir un élève", "/accueillir-un-eleve/", "cached"),
        ("Projet collectif (formulaire)", "/accueillir-un-eleve/projet-collectif/", "cached"),
        ("Archive des projets", "/projets/", "cached"),
        ("Archive sans cache (paramètre distinct)", "/projets/?sans-cache={q}", "uncached"),
        ("Archive : q=climat + 2 facettes", f"/projets/?q=climat{facet_suffix}", "cached"),
        ("Page projet", project, "cached"),
        ("Page projet sans cache (paramètre distinct)", f"{project}?sans-cache={{q}}" if project else None, "uncached"),
        ("Recherche : q=territoire", "/recherche/?q=territoire", "cached"),
        ("Archive : requête distincte + 2 facettes", f"/projets/?q={{q}}{facet_suffix}", "uncached"),
        ("Recherche : requête distincte", "/recherche/?q={q}", "uncached"),
        ("Fichier statique (site.css)", static_url(static_root), "static"),
    ]
    return rows, {"project": project, "facets": facets}


QUERY_COUNT_SCRIPT = """
import json, sys, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for path in json.loads(sys.argv[1]):
    client.get(path)  # warms the shared data
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path + ("&" if "?" in path else "?") + "sans-cache=sql").status_code
    counts[path] = {"status": status, "queries": len(queries)}
print("COUNTS " + json.dumps(counts))
"""


def query_counts(env, paths, root=ROOT):
    """SQL queries per uncached render, in-process, as in production: the page cache on, the data shared by
    visitors (menu, archive index...) already in memory, the page itself rendered (an extra parameter
    makes it a cache miss). `root` is the checkout whose code renders."""
    result = subprocess.run(
        [PYTHON, "-c", QUERY_COUNT_SCRIPT, json.dumps(paths)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("COUNTS ")), None)
    if line is None:
        say("== comptage des requêtes SQL impossible :\n" + "\n".join(result.stderr.splitlines()[-10:]))
        return {}
    return json.loads(line.removeprefix("COUNTS "))
