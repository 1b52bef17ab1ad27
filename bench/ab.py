# ruff: noqa: S311, S603, S607 -- a local tool: runs git and this project's python; the salt needs no crypto.
"""`make bench-ab A=<rev> B=<rev>`: two revisions of the site measured in the same minutes, alternated.

Two `make bench` taken an hour apart do not compare: this shared machine's speed drifts (twice as slow seen).
Here each revision runs from its own detached git worktree (bench/ab/<short sha>/, kept for the next time) with
this project's .venv, on one database built from B (or one each, built alike, when their migrations differ), in the order
A B B A (BENCH_ROUNDS times), so a drift during the comparison weighs on both alike. Each run starts gunicorn
from the worktree, purges the page cache, then warms up and measures every page with wrk for BENCH_DURATION
seconds. SQL queries per uncached render are counted per revision. Table + bench/results/ab-<stamp>.json.

Environment: A, B (git revisions), BENCH_DURATION (s, default 10), BENCH_COUNT (generated projects, default
10000), BENCH_ROUNDS (default 1), BENCH_KINDS (which rows: "cached,uncached,static" by default; "uncached,static" for
the pages that miss the cache only), BENCH_REUSE_DB=1 (keep bench/ab/bench.sqlite3), BENCH_WORKER_CLASS,
BENCH_PROJECT_URL / BENCH_FACETS, REDIS_URL: as for `make bench`.
"""

import contextlib
import os
import random
import subprocess
import sys
import time

import server
from load import CONNECTIONS, DURATION, THREADS, WARMUP, ensure_wrk, measure_function
from pages import PROBE, query_counts, scenarios
from report import dated_machine, load_average, print_ab_table, python_speed_ms, save, summarize_ab
from server import BENCH, ROOT, say

AB = BENCH / "ab"
DB = AB / "bench.sqlite3"
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "1")))
ORDER = ("A", "B", "B", "A")
KINDS = set(os.environ.get("BENCH_KINDS", "cached,uncached,static").split(","))
STEPS = []


@contextlib.contextmanager
def step(title):
    say(f"\n=== {title}")
    started = time.monotonic()
    try:
        yield
    finally:
        seconds = time.monotonic() - started
        STEPS.append({"step": title, "seconds": round(seconds, 1)})
        say(f"=== {title} : {seconds:.0f} s")


def git(*args, cwd=ROOT):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def resolve(revision):
    result = git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if result.returncode:
        raise SystemExit(f"Révision inconnue : {revision}")
    return result.stdout.strip()


def worktree(commit):
    """bench/ab/<short sha>/, a detached worktree at `commit`; one already there at that commit is reused."""
    path = AB / git("rev-parse", "--short", commit).stdout.strip()
    if path.exists():
        # --show-toplevel: a plain folder there would answer with this checkout's HEAD.
        top = git("rev-parse", "--show-toplevel", cwd=path).stdout.strip()
        if top == str(path) and git("rev-parse", "HEAD", cwd=path).stdout.strip() == commit:
            say(f"== worktree réutilisé : {path.relative_to(ROOT)}")
            return path
        raise SystemExit(f"{path.relative_to(ROOT)} existe mais n'est pas un worktree à {commit} : retirez-le.")
    added = git("worktree", "add", "--detach", "--force", str(path), commit)
    if added.returncode:
        raise SystemExit(f"git worktree add {path.relative_to(ROOT)} {commit} a échoué :\n{added.stderr}")
    say(f"== worktree créé : {path.relative_to(ROOT)}")
    return path


def check_code_from(root):
    """The worktree's own code is what its python imports (not this checkout's)."""
    imported = subprocess.run(
        [server.PYTHON, "-c", "import site_inet; print(site_inet.__file__)"], cwd=root, capture_output=True, text=True
    ).stdout.strip()
    if not imported.startswith(str(root) + os.sep):
        raise SystemExit(f"Depuis {root}, python importe site_inet de {imported or '?'} : comparaison impossible")


def measure_run(number, label, site, discovered, measure, salt):
    """One run: gunicorn from the revision's worktree, a purged page cache, each page warmed up then measured."""
    gunicorn, log, base = server.start_gunicorn(
        site["env"], log_name=f"ab/gunicorn-{number}-{label}.log", root=site["root"]
    )
    rows = []
    try:
        server.wait_until_up(base, gunicorn, log=log)
        server.purge_page_cache(site["env"], root=site["root"])
        specs, discovered = scenarios(base, static_root=site["static_root"], discovered=discovered)
        for name, path, kind in specs:
            if kind not in KINDS:
                continue
            row = {"name": name, "path": path, "kind": kind, "status": None}
            rows.append(row)
            if path is None:
                say(f"-- {name} : URL introuvable (aucune page projet sur /projets/), non mesurée")
                continue
            status, _headers, body = server.fetch(base + path.replace("{q}", PROBE))
            row.update({"status": status, "bytes": len(body)})
            if status != 200:
                say(f"-- {name} : ERREUR HTTP {status} sur {path}, non mesurée")
                continue
            measure(base, path, WARMUP, salt + 500_000)
            row.update(measure(base, path, DURATION, salt))
            say(f"-- {name} : {row['rps']:.0f} req/s, p99 {row['p99_ms']:.1f} ms")
    finally:
        server.stop_gunicorn(gunicorn, log)
    return {"number": number, "label": label, "commit": site["commit"], "rows": rows}, discovered


def main():
    revisions_given = {"A": os.environ.get("A", ""), "B": os.environ.get("B", "")}
    if not all(revisions_given.values()):
        raise SystemExit("Usage : make bench-ab A=<révision git> B=<révision git>")
    commits = {label: resolve(revision) for label, revision in revisions_given.items()}
    # Two revisions with the same migrations share one database; otherwise each builds its own, the same way (the
    # same demo, the same seeded generator), and the comparison includes what the schema change costs.
    shared_db = not git("diff", "--quiet", commits["A"], commits["B"], "--", "*/migrations/*").returncode
    databases = {label: DB if shared_db else AB / f"bench-{commit[:7]}.sqlite3" for label, commit in commits.items()}
    AB.mkdir(parents=True, exist_ok=True)
    reused = os.environ.get("BENCH_REUSE_DB") == "1" and all(db.exists() for db in databases.values())
    load_before = load_average()
    speed = python_speed_ms()
    say(f"== Vitesse de Python sur cette machine : {speed} ms pour la boucle de référence (plus bas = plus rapide)")
    tool = ensure_wrk()
    sites = {}
    with step("worktrees"):
        for label, commit in commits.items():
            root = worktree(commit)
            check_code_from(root)
            static_root = AB / f"static-{root.name}"  # each revision serves its own assets
            env = server.bench_env(db=databases[label], static_root=static_root)
            sites[label] = {"commit": commit, "root": root, "static_root": static_root, "env": env}
    if shared_db:
        with step(f"base commune depuis B ({sites['B']['root'].name})"):
            server.build_database(sites["B"]["env"], db=DB, root=sites["B"]["root"], count=server.COUNT)
    else:
        for label, site in sites.items():
            with step(f"base de {label} ({site['root'].name}) : migrations différentes"):
                server.build_database(site["env"], db=databases[label], root=site["root"], count=server.COUNT)
    with step("collectstatic par worktree"):
        for site in {site["root"]: site for site in sites.values()}.values():
            server.collect_static(site["env"], root=site["root"])

    measure, salt = measure_function(tool), random.randrange(16_000)  # the same queries for every run
    order = ORDER * ROUNDS
    runs, discovered = [], None
    for number, label in enumerate(order, 1):
        with step(f"passe {number}/{len(order)} : {label} ({sites[label]['root'].name})"):
            run, discovered = measure_run(number, label, sites[label], discovered, measure, salt)
            runs.append(run)

    queries, by_commit = {}, {}
    with step("requêtes SQL par rendu non caché"):
        paths = [row["path"] for row in runs[0]["rows"] if row["kind"] == "cached" and row["path"]]
        for label, site in sites.items():
            if site["commit"] not in by_commit:
                by_commit[site["commit"]] = query_counts(site["env"], paths, root=site["root"])
            queries[label] = by_commit[site["commit"]]

    revisions = {
        label: {
            "rev": revisions_given[label],
            "commit": site["commit"],
            "worktree": str(site["root"].relative_to(ROOT)),
        }
        for label, site in sites.items()
    }
    summary = summarize_ab(runs, queries)
    print_ab_table(summary, revisions, order, DURATION)
    load_after = load_average()
    say(f"Charge moyenne de la machine (1, 5, 15 min) : avant {' '.join(load_before)}, après {' '.join(load_after)}")
    say("Durée des étapes : " + ", ".join(f"{s['step']} {s['seconds']:.0f} s" for s in STEPS))
    report = {
        **dated_machine(speed, load_before, load_after),
        "settings": {
            "duration_s": DURATION,
            "warmup_s": WARMUP,
            "connections": CONNECTIONS,
            "threads": THREADS,
            "gunicorn_workers": server.WORKERS,
            "worker_class": server.WORKER_CLASS,
            "generated_projects": server.COUNT,
            "databases": {label: str(db.relative_to(ROOT)) for label, db in databases.items()},
            "database_reused": reused,
            "rounds": ROUNDS,
            "order": list(order),
            "cache": "redis" if os.environ.get("REDIS_URL") else "locmem",
            "load_generator": tool,
        },
        "revisions": revisions,
        "discovered": discovered,
        "steps": STEPS,
        "summary": summary,
        "queries": queries,
        "runs": runs,
    }
    save(report, "ab")
    say("Worktrees gardés pour la prochaine comparaison ; pour les retirer (puis la base et les statiques) :")
    for worktree_path in sorted({revision["worktree"] for revision in revisions.values()}):
        say(f"  git worktree remove {worktree_path}")
    say(f"  rm -rf {AB.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
