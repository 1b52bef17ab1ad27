# ruff: noqa: S310, S311, S603, S607 -- a local tool: runs git, wrk and manage.py, fetches loopback URLs only.
"""`make bench`: the site under production settings, measured with wrk, page by page.

Builds a throwaway SQLite database under bench/ (demo content + generate_demo_projects when the
command exists), collects the static files, starts gunicorn (2 workers) on a free loopback port,
warms up, then runs wrk for BENCH_DURATION seconds (default 10) per URL with 8 connections and
2 threads. Prints a table and writes it as JSON under bench/results/. Gunicorn is always stopped.

Environment: BENCH_DURATION (s), BENCH_COUNT (generated projects, default 10000),
BENCH_REUSE_DB=1 (keep an existing bench database), BENCH_WORKER_CLASS (gunicorn, default sync),
BENCH_PROJECT_URL / BENCH_FACETS (override the discovered project page / facet query string),
REDIS_URL (measure with Redis instead of the local-memory cache), BENCH_STRICT=1 (exit 1 when a
target is missed).
"""

import datetime
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DB = BENCH / "bench.sqlite3"
STATIC_ROOT = BENCH / "static"
MEDIA_ROOT = BENCH / "media"
RESULTS = BENCH / "results"
LUA = BENCH / "wrk_report.lua"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
COUNT = int(os.environ.get("BENCH_COUNT", "10000"))
CONNECTIONS = 8
THREADS = 2
WORKERS = 2
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
WARMUP = 2  # seconds of wrk per URL before measuring
CACHED_RATIO_TARGET = 0.5
UNCACHED_P99_TARGET_MS = 250
HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "site-inet-bench"}


def say(message):
    print(message, flush=True)


def bench_env():
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_inet.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),  # throwaway, never written anywhere
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{DB}",
            "STATIC_ROOT": str(STATIC_ROOT),
            "MEDIA_ROOT": str(MEDIA_ROOT),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def manage(env, *args, check=True):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=check, timeout=3600)


def has_command(env, name):
    result = subprocess.run(
        [PYTHON, "manage.py", "help", name], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    return result.returncode == 0


def build_database(env):
    if os.environ.get("BENCH_REUSE_DB") == "1" and DB.exists():
        say(f"== Base existante réutilisée : {DB.relative_to(ROOT)}")
        manage(env, "migrate", "--no-input", "-v0")  # the branch measured may add an index
    else:
        for path in BENCH.glob("bench.sqlite3*"):
            path.unlink()
        say(f"== Base neuve : {DB.relative_to(ROOT)}")
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_demo_content")
        if has_command(env, "generate_demo_projects"):
            say(f"== generate_demo_projects --count {COUNT}")
            started = time.monotonic()
            manage(env, "generate_demo_projects", "--count", str(COUNT))
            say(f"   ({time.monotonic() - started:.0f} s)")
        else:
            say("== generate_demo_projects absente sur cette branche : pas de projets générés")
    say("== collectstatic")
    manage(env, "collectstatic", "--no-input", "-v0")
    # A new generation, so nothing cached by an earlier run (in Redis) is served.
    manage(env, "shell", "-c", "from home.cache import purge_page_cache; purge_page_cache()")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, timeout=30):
    request = urllib.request.Request(url, headers=HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310 - loopback http URL built here
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_until_up(base, process, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn s'est arrêté au démarrage (voir bench/gunicorn.log)")
        try:
            fetch(base + "/", timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn ne répond pas")


def static_url():
    manifest = json.loads((STATIC_ROOT / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


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


def scenarios(base):
    project, facets = discover(base)
    facet_suffix = f"&{facets}" if facets else ""
    rows = [
        ("Accueil", "/", "cached"),
        ("Accueil sans cache (paramètre distinct)", "/?sans-cache={q}", "uncached"),
        ("Accueillir un élève", "/accueillir-un-eleve/", "cached"),
        ("Projet collectif (formulaire)", "/accueillir-un-eleve/projet-collectif/", "cached"),
        ("Archive des projets", "/projets/", "cached"),
        ("Archive : q=climat + 2 facettes", f"/projets/?q=climat{facet_suffix}", "cached"),
        ("Page projet", project, "cached"),
        ("Page projet sans cache (paramètre distinct)", f"{project}?sans-cache={{q}}" if project else None, "uncached"),
        ("Recherche : q=territoire", "/recherche/?q=territoire", "cached"),
        ("Archive : requête distincte + 2 facettes", f"/projets/?q={{q}}{facet_suffix}", "uncached"),
        ("Recherche : requête distincte", "/recherche/?q={q}", "uncached"),
        ("Fichier statique (site.css)", static_url(), "static"),
    ]
    return rows, {"project": project, "facets": facets}


def run_wrk(base, path, duration, salt):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    if "{q}" in path:
        command += ["-s", str(LUA), base + "/", "--", path, str(salt)]
    else:
        command += ["-s", str(LUA), base + path]
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60).stdout
    line = next((line for line in output.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError("sortie de wrk illisible :\n" + output)
    data = json.loads(line.removeprefix("WRK_JSON "))
    return {
        "requests": data["requests"],
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50_ms": data["p50_us"] / 1000,
        "p95_ms": data["p95_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "max_ms": data["max_us"] / 1000,
        "errors": data["connect"] + data["read"] + data["write"] + data["timeout"],
        "non_2xx_3xx": data["status"],
    }


def python_load(base, path, duration, salt):
    """Fallback when wrk is unavailable: CONNECTIONS threads with keep-alive HTTP/1.1 connections."""
    import http.client

    latencies, errors, statuses, lock = [], [0], [0], threading.Lock()
    counter = iter(range(salt, 10**9))
    words = ["territoire", "climat", "mobilite", "transition", "numerique", "eau", "culture", "habitat"]
    host, port = base.removeprefix("http://").split(":")
    stop = time.monotonic() + duration

    def worker():
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        while time.monotonic() < stop:
            target = path
            if "{q}" in path:
                n = next(counter)
                target = path.replace("{q}", f"{words[n % 8]}+{words[n // 8 % 8]}+{n}")
            started = time.perf_counter()
            try:
                connection.request("GET", target, headers=HEADERS)
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if response.status >= 400:
                        statuses[0] += 1
            except OSError:
                with lock:
                    errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=5)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000 if latencies else 0

    return {
        "requests": len(latencies),
        "rps": len(latencies) / duration,
        "p50_ms": percentile(50),
        "p95_ms": percentile(95),
        "p99_ms": percentile(99),
        "max_ms": latencies[-1] * 1000 if latencies else 0,
        "errors": errors[0],
        "non_2xx_3xx": statuses[0],
    }


def combine(results):
    """Slices of one measure: throughput over the whole time; p50 the median slice's, p95/p99 the worst."""
    seconds = sum(result["requests"] / result["rps"] for result in results if result["rps"])
    requests = sum(result["requests"] for result in results)
    p50s = sorted(result["p50_ms"] for result in results)
    return {
        "requests": requests,
        "rps": requests / seconds if seconds else 0,
        "p50_ms": p50s[len(p50s) // 2],
        "p95_ms": max(result["p95_ms"] for result in results),
        "p99_ms": max(result["p99_ms"] for result in results),
        "max_ms": max(result["max_ms"] for result in results),
        "errors": sum(result["errors"] for result in results),
        "non_2xx_3xx": sum(result["non_2xx_3xx"] for result in results),
        "slices": len(results),
    }


def ensure_wrk():
    if shutil.which("wrk"):
        return "wrk"
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say("== wrk absent : apt-get install -y wrk")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, timeout=600)
        if shutil.which("wrk"):
            return "wrk"
    say("== wrk indisponible : générateur de charge Python de secours (chiffres moins fiables)")
    return "python"


def python_speed_ms():
    """Best of 3 runs of a fixed pure-Python loop: how fast this machine runs Python today.

    A shared virtual machine's speed varies from day to day (twice as slow seen here); req/s measured on two
    days compare only through this figure (or the static file's throughput, measured alongside).
    """
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(3_000_000):
            total += number % 7
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "inconnu",
    )
    meminfo = Path("/proc/meminfo").read_text()
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout)
    branch = subprocess.run(
        ["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True) if shutil.which("wrk") else None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        "git_commit": commit,
        "git_branch": branch,
        "git_dirty": dirty,
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if wrk else None,
    }


def query_counts(env, paths):
    """SQL queries per uncached render, in-process, as in production: the page cache on, the data shared by
    visitors (menu, archive index...) already in memory, the page itself rendered (an extra parameter
    makes it a cache miss)."""
    script = """
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
    result = subprocess.run(
        [PYTHON, "-c", script, json.dumps(paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("COUNTS ")), None)
    return json.loads(line.removeprefix("COUNTS ")) if line else {}


def verdict(row):
    if row.get("status") != 200:
        return "absente"
    if not row.get("requests"):  # not one answer within the measure: slower than BENCH_DURATION
        return "ÉCHEC (aucune réponse pendant la mesure)"
    failures = []
    if row["errors"] or row["non_2xx_3xx"]:
        failures.append("erreurs")
    if row["kind"] == "cached" and row["ratio_to_static"] < CACHED_RATIO_TARGET:
        failures.append(f"< {CACHED_RATIO_TARGET:.0%} du statique")
    if row["kind"] == "uncached" and row["p99_ms"] > UNCACHED_P99_TARGET_MS:
        failures.append(f"p99 > {UNCACHED_P99_TARGET_MS} ms")
    return "OK" if not failures else "ÉCHEC (" + ", ".join(failures) + ")"


def print_table(rows):
    header = f"{'page':<46} {'cache':<6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'err':>5} {'SQL':>4} {'/stat.':>7}  cible"
    say("")
    say(header)
    say("-" * len(header))
    for row in rows:
        if row.get("status") != 200:
            say(
                f"{row['name']:<46} {'—':<6} {'HTTP ' + str(row.get('status') or '—'):>8}  {row['path'] or 'URL introuvable'}"
            )
            continue
        ratio = f"{row['ratio_to_static']:.0%}" if "ratio_to_static" in row else "—"
        sql = row.get("queries")
        say(
            f"{row['name']:<46} {row['x_cache']:<6} {row['rps']:>8.0f} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['p99_ms']:>8.1f} {row['errors'] + row['non_2xx_3xx']:>5} {'' if sql is None else sql:>4} "
            f"{ratio:>7}  {row['verdict']}"
        )
    say("/stat. : débit de la page ÷ débit du fichier statique, mesurés en tranches de 2 s alternées (même charge).")
    say("Pages en cache : p50 = médiane des tranches, p95/p99 = pire tranche.")
    say(
        "SQL : requêtes par rendu non caché, données partagées en mémoire. Cibles : pages en cache ≥ 50 % du statique ; sans cache p99 ≤ 250 ms ; 0 erreur."
    )


def load_average():
    return Path("/proc/loadavg").read_text().split()[:3]


def start_gunicorn(env, workers=WORKERS, worker_class=WORKER_CLASS, log_name="gunicorn.log"):
    """gunicorn on a free loopback port, in its own process group; returns (process, log file, base URL)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (BENCH / log_name).open("w")
    command = [GUNICORN, "site_inet.wsgi", "--workers", str(workers), "--worker-class", worker_class]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"]
    if worker_class == "gthread":
        command += ["--threads", "4"]
    say(f"== gunicorn ({workers} workers {worker_class}) sur {base}")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return server, log, base


def stop_gunicorn(server, log):
    """Always called (finally): SIGTERM to the process group, SIGKILL after 20 s."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    log.close()
    say("== gunicorn arrêté")


def main():
    RESULTS.mkdir(exist_ok=True)
    load_before = load_average()
    speed = python_speed_ms()
    say(f"== Vitesse de Python sur cette machine : {speed} ms pour la boucle de référence (plus bas = plus rapide)")
    env = bench_env()
    tool = ensure_wrk()
    build_database(env)
    server, log, base = start_gunicorn(env)
    try:
        wait_until_up(base, server)
        rows_spec, discovered = scenarios(base)
        salt = random.randrange(16_000)
        measure = run_wrk if tool == "wrk" else python_load
        static_path = rows_spec[-1][1]
        slices = max(1, DURATION // 2)
        slice_seconds = max(1, DURATION // slices)
        rows = []
        for name, path, kind in rows_spec:
            row = {"name": name, "path": path, "kind": kind, "status": None}
            rows.append(row)
            if path is None:
                say(f"-- {name} : URL introuvable sur cette branche")
                continue
            probe = path.replace("{q}", "territoire+climat+essai")
            status, headers, body = fetch(base + probe)
            row.update({"status": status, "bytes": len(body)})
            if status != 200:
                say(f"-- {name} : HTTP {status} sur {probe} (absente sur cette branche ?), non mesurée")
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
        row["verdict"] = verdict(row) if row.get("status") == 200 else "absente"
    print_table(rows)
    load_after = load_average()
    say(f"Charge moyenne de la machine (1, 5, 15 min) : avant {' '.join(load_before)}, après {' '.join(load_after)}")
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            **machine(),
            "python_loop_ms": speed,
            "load_average_before": load_before,
            "load_average_after": load_after,
        },
        "settings": {
            "duration_s": DURATION,
            "connections": CONNECTIONS,
            "threads": THREADS,
            "gunicorn_workers": WORKERS,
            "worker_class": WORKER_CLASS,
            "generated_projects": COUNT if has_command(env, "generate_demo_projects") else 0,
            "cache": "redis" if os.environ.get("REDIS_URL") else "locmem",
            "load_generator": tool,
            "targets": {"cached_ratio_min": CACHED_RATIO_TARGET, "uncached_p99_ms_max": UNCACHED_P99_TARGET_MS},
        },
        "discovered": discovered,
        "rows": rows,
    }
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = RESULTS / f"bench-{stamp}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    say(f"\nRésultats : {target.relative_to(ROOT)}")
    missed = [row for row in rows if row.get("status") == 200 and row["verdict"] != "OK"]
    if missed and os.environ.get("BENCH_STRICT") == "1":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
