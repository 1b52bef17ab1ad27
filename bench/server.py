# ruff: noqa: S310, S603 -- a local tool: runs manage.py and gunicorn, fetches loopback URLs only.
"""The site under production settings, for the benchmarks: environment, database, static files, gunicorn.

Each step takes the checkout it runs from (`root`, this one by default): bench/ab.py runs the same steps from
a git worktree of another revision, with this project's .venv.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
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
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

COUNT = int(os.environ.get("BENCH_COUNT", "10000"))
WORKERS = 2
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "site-inet-bench"}

# Where the page cache's purge lives, newest first: it moves between revisions and A/B runs older ones too.
PURGE_FUNCTIONS = ("core.pagecache.purge_page_cache", "core.purge.purge", "home.cache.purge_page_cache")
PURGE_SCRIPT = """
import importlib
for name in {names!r}:
    module, _, function = name.rpartition(".")
    try:
        purge = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        continue
    purge()
    break
else:
    raise SystemExit("Purge du cache de pages introuvable (essayé : {tried})")
"""


def say(message):
    print(message, flush=True)


def database_url(db=DB):
    """The stack measured: BENCH_DATABASE_URL / DATABASE_URL when set (PostgreSQL), else a throwaway SQLite file."""
    return os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or f"sqlite:///{db}"


def bench_env(db=DB, static_root=STATIC_ROOT):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_inet.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),  # throwaway, never written anywhere
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url(db),
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(MEDIA_ROOT),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def manage(env, *args, check=True, root=ROOT):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=root, env=env, check=check, timeout=3600)


def build_database(env, db=DB, root=ROOT, count=COUNT):
    """Migrate, load the demo content and generate `count` projects; BENCH_REUSE_DB=1 keeps an existing base.

    A database named by DATABASE_URL is never wiped: it must be empty (bench/prod.py creates one) or reused."""
    if not env["DATABASE_URL"].startswith("sqlite"):
        if os.environ.get("BENCH_REUSE_DB") == "1":
            say("== Base existante réutilisée (DATABASE_URL)")
            manage(env, "migrate", "--no-input", "-v0", root=root)
            return
        say("== Base DATABASE_URL (vide attendue)")
        fill_database(env, root, count)
        return
    if os.environ.get("BENCH_REUSE_DB") == "1" and db.exists():
        say(f"== Base existante réutilisée : {db.relative_to(ROOT)}")
        manage(env, "migrate", "--no-input", "-v0", root=root)  # the revision measured may add an index
        return
    for path in db.parent.glob(db.name + "*"):
        path.unlink()
    say(f"== Base neuve : {db.relative_to(ROOT)}")
    fill_database(env, root, count)


def fill_database(env, root, count):
    """Migrate, load the demo, generate ``count`` projects, then run the work the saves queued (production settings
    queue the search index updates for ``db_worker``; a revision without it has nothing queued)."""
    manage(env, "migrate", "--no-input", "-v0", root=root)
    manage(env, "load_demo_content", root=root)
    say(f"== generate_demo_projects --count {count}")
    started = time.monotonic()
    manage(env, "generate_demo_projects", "--count", str(count), root=root)
    say(f"   ({time.monotonic() - started:.0f} s)")
    run_queued_tasks(env, root)


def run_queued_tasks(env, root=ROOT):
    manage(env, "db_worker", "--batch", "--no-startup-delay", "-v0", root=root, check=False)


def collect_static(env, root=ROOT):
    say("== collectstatic")
    manage(env, "collectstatic", "--no-input", "-v0", root=root)


def purge_page_cache(env, root=ROOT):
    """A new generation, so nothing cached by an earlier run (in Redis) is served."""
    script = PURGE_SCRIPT.format(names=PURGE_FUNCTIONS, tried=", ".join(PURGE_FUNCTIONS))
    manage(env, "shell", "-v0", "-c", script, root=root)


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


def wait_until_up(base, process, timeout=90, log=None):
    log_name = Path(log.name).relative_to(ROOT) if log else "bench/gunicorn.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn s'est arrêté au démarrage (voir {log_name})")
        try:
            fetch(base + "/", timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn ne répond pas")


def static_url(static_root=STATIC_ROOT):
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def start_gunicorn(env, workers=WORKERS, worker_class=WORKER_CLASS, log_name="gunicorn.log", root=ROOT):
    """gunicorn on a free loopback port, in its own process group; returns (process, log file, base URL).

    The log is `log_name` under bench/; `root` is the checkout served (its code, cwd of the workers)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (BENCH / log_name).open("w")
    command = [GUNICORN, "site_inet.wsgi", "--workers", str(workers), "--worker-class", worker_class]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"]
    if worker_class == "gthread":
        command += ["--threads", "4"]
    say(f"== gunicorn ({workers} workers {worker_class}) sur {base}")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
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
