# ruff: noqa: S310, S311, S603 -- a local tool: runs manage.py and gunicorn, talks to 127.0.0.1 only.
"""`make loadtest`: many visitors at once, proposals included, against the production settings.

Builds a throwaway SQLite database (bench/loadtest.sqlite3, ignored by git) with the demo content, starts
gunicorn on a free loopback port (server start/stop from bench/server.py), then LOADTEST_CLIENTS threads
(default 64) browse for LOADTEST_DURATION seconds (default 60): home, stage pages, the projects archive, searches,
and proposal submissions (GET the form for the CSRF cookie and token, POST a valid form with a unique collectivité
name, follow the 303 to the confirmation). The e-mail server is down on purpose (a closed loopback port): every
proposal must be kept with its e-mails waiting for the worker (`run_worker`).

Fails (exit 1) on any 5xx, any connection error, any valid submission refused, or when the proposals stored are
not exactly the ones acknowledged. Prints a summary and writes it as JSON under bench/results/.

Environment: LOADTEST_DURATION (s), LOADTEST_CLIENTS, LOADTEST_SUBMIT_SHARE (default 0.2), LOADTEST_WORKERS
(gunicorn, default 2), REDIS_URL (cache in Redis instead of local memory).
"""

import datetime
import http.client
import json
import os
import random
import re
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the project root, for the tests' sample proposal

from server import (
    BENCH,
    RESULTS,
    ROOT,
    bench_env,
    free_port,
    manage,
    purge_page_cache,
    run_queued_tasks,
    say,
    start_gunicorn,
    stop_gunicorn,
    wait_until_up,
)

from tests.offres.sample_proposal import VALID_PROJET_COLLECTIF  # the valid form the tests submit

DB = BENCH / "loadtest.sqlite3"
DURATION = int(os.environ.get("LOADTEST_DURATION", "60"))
CLIENTS = int(os.environ.get("LOADTEST_CLIENTS", "64"))
SUBMIT_SHARE = float(os.environ.get("LOADTEST_SUBMIT_SHARE", "0.2"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "2"))
FORM_PATH = "/accueillir-un-eleve/projet-collectif/"
INDEX_PATH = "/accueillir-un-eleve/"
FIXED_PATHS = ["/", INDEX_PATH, FORM_PATH, "/projets/"]
WORDS = ["territoire", "climat", "mobilité", "eau", "numérique", "culture", "santé", "projet", "stage", "école"]
TIMEOUT = 60
HEADERS = {"User-Agent": "site-inet-loadtest", "Accept-Language": "fr"}
CONFIRMATION = re.compile(r"/proposition/(?P<reference>[A-Z]{2}-\d{4}-\d{4,})_[A-Za-z0-9_-]+/envoyee/$")

PROPOSAL = {key: value for key, value in VALID_PROJET_COLLECTIF.items() if key != "collectivite_nom"}

STORED = (
    "import json; from offres.models import Proposal, OutgoingEmail; "
    "print(json.dumps({'proposals': list(Proposal.objects.values_list('reference', 'collectivite_nom')), "
    "'emails_pending': OutgoingEmail.objects.filter(sent_at__isnull=True).count(), "
    "'emails_sent': OutgoingEmail.objects.filter(sent_at__isnull=False).count()}))"
)


def loadtest_env():
    env = bench_env()
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{DB}",
            "PROPOSALS_RATE_LIMIT": "off",  # every client is 127.0.0.1: the per-IP limit would refuse them
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(free_port()),  # nothing listens there: the e-mail server is down
        }
    )
    return env


def build_database(env):
    for path in BENCH.glob("loadtest.sqlite3*"):
        path.unlink()
    say(f"== Base neuve : {DB.relative_to(ROOT)}")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo_content")
    run_queued_tasks(env)
    say("== collectstatic")
    manage(env, "collectstatic", "--no-input", "-v0")
    purge_page_cache(env)


def stored(env):
    import subprocess

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", STORED],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


class Client:
    """One HTTP/1.1 request per connection (gunicorn sync workers close them anyway), no redirect followed."""

    def __init__(self, base):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers={**HEADERS, **(headers or {})})
            response = connection.getresponse()
            content = response.read()
            return response.status, response.headers, content
        finally:
            connection.close()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.latencies = {}
        self.cache_hits = {}
        self.errors = []
        self.server_errors = []
        self.submitted = 0
        self.acknowledged = {}
        self.refused = []

    def record(self, kind, status, seconds, path, x_cache=None):
        with self.lock:
            if x_cache == "HIT":
                self.cache_hits[kind] = self.cache_hits.get(kind, 0) + 1
            self.statuses.setdefault(kind, {}).setdefault(str(status), 0)
            self.statuses[kind][str(status)] += 1
            self.latencies.setdefault(kind, []).append(seconds)
            if status >= 500:
                self.server_errors.append(f"{status} {path}")


def timed(stats, client, kind, method, path, **kwargs):
    started = time.monotonic()
    status, headers, content = client.request(method, path, **kwargs)
    stats.record(kind, status, time.monotonic() - started, path, headers.get("X-Cache"))
    return status, headers, content


def submit(stats, client, name):
    status, headers, content = timed(stats, client, "formulaire (GET)", "GET", FORM_PATH)
    if status != 200:
        return
    cookie = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if "csrftoken" not in cookie or not match:
        with stats.lock:
            stats.refused.append(f"{name} : pas de jeton CSRF dans la page du formulaire")
        return
    body = urlencode({**PROPOSAL, "collectivite_nom": name, "csrfmiddlewaretoken": match.group(1).decode()})
    with stats.lock:
        stats.submitted += 1
    status, headers, content = timed(
        stats,
        client,
        "proposition (POST)",
        "POST",
        FORM_PATH,
        body=body.encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie['csrftoken'].value}",
        },
    )
    location = headers.get("Location", "")
    found = CONFIRMATION.search(urlsplit(location).path)
    if status == 303 and found:
        with stats.lock:
            stats.acknowledged[found.group("reference")] = name
        timed(stats, client, "confirmation (GET)", "GET", urlsplit(location).path)
    elif status < 500:
        errors = re.findall(rb'<p class="field-error"[^>]*>(.*?)</p>', content, re.S)
        with stats.lock:
            stats.refused.append(f"{name} : HTTP {status} {[e.decode()[:120] for e in errors][:3]}")


def visitor(number, base, pages, deadline, stats, run_id):
    client = Client(base)
    rng = random.Random(f"{run_id}-{number}")
    sent = 0
    while time.monotonic() < deadline:
        try:
            if rng.random() < SUBMIT_SHARE:
                sent += 1
                submit(stats, client, f"Commune de charge {run_id} n° {number}-{sent}")
            elif rng.random() < 0.25:
                query = urlencode({"q": " ".join(rng.sample(WORDS, rng.randint(1, 2)))})
                timed(stats, client, "recherche", "GET", f"/recherche/?{query}")
            else:
                timed(stats, client, "pages", "GET", rng.choice(pages))
        except (OSError, http.client.HTTPException) as error:
            with stats.lock:
                stats.errors.append(f"{type(error).__name__}: {error}")


def discover(client):
    """The fixed pages, then every stage page linked from the index; each must answer 200."""
    pages = list(FIXED_PATHS)
    _status, _headers, content = client.request("GET", INDEX_PATH)
    for path in re.findall(rb'href="(/accueillir-un-eleve/[a-z0-9-]+/)"', content):
        if path.decode() not in pages:
            pages.append(path.decode())
    for path in pages:
        status, _headers, content = client.request("GET", path)
        if status != 200:
            raise RuntimeError(f"{path} répond {status} : la démo n'est pas complète")
    status, _headers, content = client.request("GET", FORM_PATH)
    if b'name="collectivite_nom"' not in content:
        raise RuntimeError(f"{FORM_PATH} n'affiche pas le formulaire de proposition (date limite passée ?)")
    return pages


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main():
    RESULTS.mkdir(exist_ok=True)
    env = loadtest_env()
    build_database(env)
    before = {reference for reference, _name in stored(env)["proposals"]}
    server, log, base = start_gunicorn(env, workers=WORKERS, log_name="loadtest-gunicorn.log")
    stats = Stats()
    run_id = uuid.uuid4().hex[:6]
    try:
        wait_until_up(base, server)
        pages = discover(Client(base))
        say(f"== {CLIENTS} clients pendant {DURATION} s, {SUBMIT_SHARE:.0%} de propositions, pages : {len(pages)}")
        started = time.monotonic()
        deadline = started + DURATION
        threads = [
            threading.Thread(target=visitor, args=(n, base, pages, deadline, stats, run_id), daemon=True)
            for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=DURATION + TIMEOUT + 30)
        elapsed = time.monotonic() - started
        stuck = sum(thread.is_alive() for thread in threads)
    finally:
        stop_gunicorn(server, log)

    after = stored(env)
    new = {reference: name for reference, name in after["proposals"] if reference not in before}
    requests = sum(len(values) for values in stats.latencies.values())
    say(f"\n== Résumé ({elapsed:.0f} s, {CLIENTS} clients, {WORKERS} workers gunicorn, SQLite)")
    say(f"{'type':<22} {'requêtes':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'cache':>6}  statuts")
    rows = {}
    for kind, values in sorted(stats.latencies.items()):
        row = {
            "requests": len(values),
            "p50_ms": round(percentile(values, 0.5) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1),
            "statuses": stats.statuses[kind],
            "cache_hit_share": round(stats.cache_hits.get(kind, 0) / len(values), 3),
        }
        rows[kind] = row
        say(
            f"{kind:<22} {row['requests']:>9} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8} {row['cache_hit_share']:>6.0%}  "
            + ", ".join(f"{status}×{count}" for status, count in sorted(row["statuses"].items()))
        )
    say(f"Requêtes : {requests} ({requests / elapsed:.0f} req/s)")
    say(
        f"Propositions envoyées : {stats.submitted}, acquittées (303) : {len(stats.acknowledged)}, enregistrées : {len(new)}"
    )
    say(f"Courriels en attente (serveur de courriel arrêté exprès) : {after['emails_pending']}")
    failures = []
    if stats.server_errors:
        failures.append(f"{len(stats.server_errors)} réponses 5xx, par exemple {stats.server_errors[:3]}")
    if stats.errors:
        failures.append(f"{len(stats.errors)} erreurs de connexion, par exemple {stats.errors[:3]}")
    if stats.refused:
        failures.append(f"{len(stats.refused)} propositions valides refusées, par exemple {stats.refused[:3]}")
    if stuck:
        failures.append(f"{stuck} clients encore bloqués à la fin")
    if new != stats.acknowledged:
        missing = sorted(set(stats.acknowledged) - set(new))[:5]
        extra = sorted(set(new) - set(stats.acknowledged))[:5]
        failures.append(f"propositions enregistrées ≠ acquittées : manquantes {missing}, en trop {extra}")
    if not stats.acknowledged:
        failures.append("aucune proposition acquittée")
    if after["emails_pending"] + after["emails_sent"] < len(new):
        failures.append("des propositions n'ont pas leurs courriels en file d'attente")
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "settings": {"duration_s": DURATION, "clients": CLIENTS, "submit_share": SUBMIT_SHARE, "workers": WORKERS},
        "elapsed_s": round(elapsed, 1),
        "requests": requests,
        "rows": rows,
        "submitted": stats.submitted,
        "acknowledged": len(stats.acknowledged),
        "stored": len(new),
        "emails_pending": after["emails_pending"],
        "connection_errors": len(stats.errors),
        "server_errors": len(stats.server_errors),
        "failures": failures,
        "load_average": os.getloadavg(),
    }
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = RESULTS / f"loadtest-{stamp}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    say(f"Résultats : {target.relative_to(ROOT)}")
    for failure in failures:
        say(f"ÉCHEC : {failure}")
    if not failures:
        say("OK : zéro 5xx, chaque proposition acquittée est enregistrée, et rien d'autre.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
