# ruff: noqa: S311 -- the salt of the distinct queries needs no cryptographic randomness.
"""`make bench`: the site under production settings, measured with wrk, page by page.

Builds a throwaway SQLite database under bench/ (demo content + generate_demo_projects), collects the
static files, starts gunicorn (2 workers) on a free loopback port, warms up, then runs wrk for
BENCH_DURATION seconds (default 10) per URL with 8 connections and 2 threads. Prints a table and writes
it as JSON under bench/results/. Gunicorn is always stopped. A page that does not answer 200 is an error.

Environment: BENCH_DURATION (s), BENCH_COUNT (generated projects, default 10000),
BENCH_REUSE_DB=1 (keep an existing bench database), BENCH_WORKER_CLASS (gunicorn, default sync),
BENCH_PROJECT_URL / BENCH_FACETS (override the discovered project page / facet query string),
DATABASE_URL (measure on PostgreSQL: an empty database, or BENCH_REUSE_DB=1; `make bench-prod` makes one),
REDIS_URL (measure with Redis instead of the local-memory cache), BENCH_STRICT=1 (exit 1 when a
target is missed), BENCH_REFERENCE / BENCH_REFERENCE_PAGES (a reference site measured beside the pages missing the
cache: bench/reference.py).

The parts live beside it: server.py (the site, gunicorn), load.py (wrk), pages.py (what is measured),
report.py (machine, verdicts, table); ab.py compares two revisions (`make bench-ab`).
"""

import os
import random
import sys

from load import CONNECTIONS, DURATION, THREADS, WARMUP, combine, ensure_wrk, measure_function
from pages import PROBE, query_counts, scenarios
from reference import RATIO_TARGET, compared_row, reference_base, reference_pages
from report import (
    CACHED_RATIO_TARGET,
    UNCACHED_P99_TARGET_MS,
    dated_machine,
    load_average,
    print_table,
    python_speed_ms,
    save,
    verdict,
)
from server import (
    COUNT,
    WORKER_CLASS,
    WORKERS,
    bench_env,
    build_database,
    collect_static,
    fetch,
    purge_page_cache,
    say,
    start_gunicorn,
    stop_gunicorn,
    wait_until_up,
)

SLICE_SALT = 1_000_000  # apart from the warm-up's salt + 500 000: far more requests than a slice sends


def main():
    load_before = load_average()
    speed = python_speed_ms()
    say(f"== Vitesse de Python sur cette machine : {speed} ms pour la boucle de référence (plus bas = plus rapide)")
    env = bench_env()
    tool = ensure_wrk()
    build_database(env)
    collect_static(env)
    purge_page_cache(env)
    server, log, base = start_gunicorn(env)
    try:
        wait_until_up(base, server, log=log)
        rows_spec, discovered = scenarios(base)
        reference = reference_base()
        compared = reference_pages() if reference else {}
        for name, reference_path in list(compared.items()):
            status, _headers, _body = fetch(reference + reference_path.replace("{q}", PROBE))
            say(f"-- référence {reference}{reference_path} : HTTP {status}")
            if status != 200:
                compared.pop(name)
                say("   (référence absente ou en erreur : page non comparée)")
        salt = random.randrange(16_000)
        measure = measure_function(tool)
        static_path = rows_spec[-1][1]
        slices = max(1, DURATION // 2)
        slice_seconds = max(1, DURATION // slices)
        rows = []
        for name, path, kind in rows_spec:
            row = {"name": name, "path": path, "kind": kind, "status": None}
            rows.append(row)
            if path is None:
                say(f"-- {name} : URL introuvable (aucune page projet sur /projets/), non mesurée")
                continue
            probe = path.replace("{q}", PROBE)
            status, headers, body = fetch(base + probe)
            row.update({"status": status, "bytes": len(body)})
            if status != 200:
                say(f"-- {name} : ERREUR HTTP {status} sur {probe}, non mesurée")
                continue
            say(f"-- {name} : {path}")
            measure(base, path, WARMUP, salt + 500_000)
            if kind == "cached":
                # The shared machine's load drifts: 2-second slices of the page alternate with slices of the
                # static file, so both see the same load; the ratio compares their sums.
                pairs = [
                    (measure(base, static_path, slice_seconds, 0), measure(base, path, slice_seconds, salt))
                    for _ in range(slices)
                ]
                result = combine([page for _static, page in pairs])
                row["static_rps_alongside"] = combine([static for static, _page in pairs])["rps"]
            elif name in compared:
                # Ours and the reference in alternated slices: the same minutes, the same load.
                reference_path = compared[name]
                # A salt per slice: a query of one slice is never sent again by the next (it would be cached).
                pairs = [
                    (
                        measure(base, path, slice_seconds, salt + SLICE_SALT * number),
                        measure(reference, reference_path, slice_seconds, salt + SLICE_SALT * number),
                    )
                    for number in range(1, slices + 1)
                ]
                result = combine([ours for ours, _theirs in pairs])
                row["reference"] = {"path": reference_path, **combine([theirs for _ours, theirs in pairs])}
            else:
                result = measure(base, path, DURATION, salt)
            _status, headers, _body = fetch(base + probe) if kind == "cached" else (None, headers, None)
            row.update(result)
            row["x_cache"] = headers.get("X-Cache", "—")  # cached: after the run; uncached: the probe's
        counted = [row["path"] for row in rows if row["kind"] == "cached" and row.get("status") == 200]
        for path, count in query_counts(env, counted).items():
            next(row for row in rows if row["path"] == path)["queries"] = count["queries"]
    finally:
        stop_gunicorn(server, log)

    static_rps = next((row["rps"] for row in rows if row["kind"] == "static" and row.get("status") == 200), None)
    for row in rows:
        if row.get("rps"):
            row["ratio_to_static"] = round(row["rps"] / row.get("static_rps_alongside", static_rps or row["rps"]), 3)
        if "reference" in row:
            compared_row(row, row.pop("reference"))
        row["verdict"] = verdict(row)
    print_table(rows)
    load_after = load_average()
    say(f"Charge moyenne de la machine (1, 5, 15 min) : avant {' '.join(load_before)}, après {' '.join(load_after)}")
    report = {
        **dated_machine(speed, load_before, load_after),
        "settings": {
            "duration_s": DURATION,
            "connections": CONNECTIONS,
            "threads": THREADS,
            "gunicorn_workers": WORKERS,
            "worker_class": WORKER_CLASS,
            "generated_projects": COUNT,
            "cache": "redis" if os.environ.get("REDIS_URL") else "locmem",
            "database": env["DATABASE_URL"].split(":", 1)[0],
            "load_generator": tool,
            "targets": {
                "cached_ratio_min": CACHED_RATIO_TARGET,
                "uncached_p99_ms_max": UNCACHED_P99_TARGET_MS,
                "missing_cache_ratio_to_reference_min": RATIO_TARGET,
            },
            "reference": reference,
        },
        "discovered": discovered,
        "rows": rows,
    }
    save(report, "bench")
    missed = [row for row in rows if row["verdict"] != "OK"]
    if missed and os.environ.get("BENCH_STRICT") == "1":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
