# ruff: noqa: S607 -- a local tool: runs git and wrk --version.
"""What a measure is read with: the machine, its speed and load, the targets, the table, the JSON file."""

import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from reference import MIN_RPS_WITHOUT_REFERENCE, RATIO_TARGET, reference_failure
from server import RESULTS, ROOT, say

CACHED_RATIO_TARGET = 0.5
UNCACHED_P99_TARGET_MS = 250


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


def load_average():
    return Path("/proc/loadavg").read_text().split()[:3]


def verdict(row):
    if row.get("path") is None:
        return "ÉCHEC (URL introuvable)"
    if row.get("status") != 200:
        return f"ÉCHEC (HTTP {row.get('status') or '—'})"
    if not row.get("requests"):  # not one answer within the measure: slower than BENCH_DURATION
        return "ÉCHEC (aucune réponse pendant la mesure)"
    failures = []
    if row["errors"] or row["non_2xx_3xx"]:
        failures.append("erreurs")
    if row["kind"] == "cached" and row["ratio_to_static"] < CACHED_RATIO_TARGET:
        failures.append(f"< {CACHED_RATIO_TARGET:.0%} du statique")
    if row["kind"] == "uncached" and row["p99_ms"] > UNCACHED_P99_TARGET_MS:
        failures.append(f"p99 > {UNCACHED_P99_TARGET_MS} ms")
    if row["kind"] == "uncached" and (failure := reference_failure(row)):
        failures.append(failure)
    return "OK" if not failures else "ÉCHEC (" + ", ".join(failures) + ")"


def print_table(rows):
    header = f"{'page':<46} {'cache':<6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'err':>5} {'SQL':>4} {'/stat.':>7}  cible"
    say("")
    say(header)
    say("-" * len(header))
    for row in rows:
        if row.get("status") != 200:
            say(
                f"{row['name']:<46} {'—':<6} {'HTTP ' + str(row.get('status') or '—'):>8}  "
                f"{row['path'] or 'URL introuvable'}  ÉCHEC"
            )
            continue
        ratio = f"{row['ratio_to_static']:.0%}" if "ratio_to_static" in row else "—"
        if row.get("ratio_to_reference") is not None:
            ratio = f"{row['ratio_to_reference']:.1f}×réf"
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
    say(
        f"Pages sans cache (accueil, archive, projet, recherche) : ≥ {RATIO_TARGET}× la référence mesurée en tranches "
        f"alternées (×réf, BENCH_REFERENCE), ou ≥ {MIN_RPS_WITHOUT_REFERENCE} req/s sans référence."
    )
    for row in rows:
        if row.get("reference_path"):
            say(
                f"  référence de « {row['name']} » : {row['reference_path']} — {row['reference_rps']:.0f} req/s, "
                f"p99 {row['reference_p99_ms']:.0f} ms, {row['reference_errors']} erreur(s)"
            )


def summarize_ab(runs, queries):
    """Per page (the first run's order), per revision: req/s of each run, medians, SQL queries; B's gain."""
    summary = []
    for first in runs[0]["rows"]:
        entry = {"name": first["name"], "kind": first["kind"], "path": first["path"]}
        for label in ("A", "B"):
            rows = [row for run in runs if run["label"] == label for row in run["rows"] if row["name"] == first["name"]]
            measured = [row for row in rows if row.get("status") == 200 and "rps" in row]
            entry[label] = {
                "rps": [round(row["rps"], 1) for row in measured],
                "median_rps": round(statistics.median(row["rps"] for row in measured), 1) if measured else None,
                "median_p99_ms": round(statistics.median(row["p99_ms"] for row in measured), 1) if measured else None,
                "errors": sum(row["errors"] + row["non_2xx_3xx"] for row in measured),
                "failed_statuses": [row.get("status") for row in rows if row.get("status") != 200],
                "queries": queries[label].get(first["path"], {}).get("queries"),
            }
        a, b = entry["A"]["median_rps"], entry["B"]["median_rps"]
        entry["gain_pct"] = round((b / a - 1) * 100, 1) if a and b else None
        summary.append(entry)
    add_witnessed_gains(summary, runs)
    return summary


def add_witnessed_gains(summary, runs):
    """B's gain once the machine's drift is taken out: in each run, the page's req/s over the static file's (the
    witness, the same for A and B), then the median ratio of B over A's."""
    static = next((entry["name"] for entry in summary if entry["kind"] == "static"), None)
    for entry in summary:
        ratios = {"A": [], "B": []}
        for run in runs:
            rps = {row["name"]: row.get("rps") for row in run["rows"] if row.get("status") == 200}
            if static and rps.get(entry["name"]) and rps.get(static):
                ratios[run["label"]].append(rps[entry["name"]] / rps[static])
        a, b = (statistics.median(ratios[label]) if ratios[label] else None for label in ("A", "B"))
        entry["witnessed_gain_pct"] = round((b / a - 1) * 100, 1) if a and b and entry["kind"] != "static" else None


def print_ab_table(summary, revisions, order, duration):
    def runs(side):
        if side["failed_statuses"]:
            return "ÉCHEC HTTP " + "/".join(str(status or "—") for status in side["failed_statuses"])
        return " / ".join(f"{rps:.0f}" for rps in side["rps"])

    width = max([15] + [len(runs(entry[label])) for entry in summary for label in ("A", "B")])

    def cells(side):
        if side["failed_statuses"] or not side["rps"]:
            return f"{runs(side):>{width}} {'':>8} {'':>9} {'':>4}"
        sql = "" if side["queries"] is None else side["queries"]
        return f"{runs(side):>{width}} {side['median_rps']:>8.0f} {side['median_p99_ms']:>9.1f} {sql:>4}"

    titles = f"{'req/s par passe':>{width}} {'médiane':>8} {'p99 méd.':>9} {'SQL':>4}"
    header = f"{'page':<46} | {titles} | {titles} | {'gain B':>8} | {'net':>8}"
    say("")
    for label, revision in revisions.items():
        say(f"{label} = {revision['rev']} ({revision['commit'][:10]}), worktree {revision['worktree']}")
    say(f"{'':<46} | {'A':^{len(titles)}} | {'B':^{len(titles)}} |")
    say(header)
    say("-" * len(header))
    for entry in summary:
        gain = "" if entry["gain_pct"] is None else f"{entry['gain_pct']:+.1f} %"
        net = "" if entry.get("witnessed_gain_pct") is None else f"{entry['witnessed_gain_pct']:+.1f} %"
        errors = ", ".join(f"{label} : {entry[label]['errors']} err." for label in ("A", "B") if entry[label]["errors"])
        say(
            f"{entry['name']:<46} | {cells(entry['A'])} | {cells(entry['B'])} | {gain:>8} | {net:>8}  {errors}".rstrip()
        )
    say(f"Passes : {' '.join(order)}, {duration} s de wrk par page et par passe. Gain B = médiane B ÷ médiane A − 1.")
    say(
        "Net : le même gain, la dérive de la machine retirée (req/s de la page ÷ req/s du fichier statique, passe par passe)."
    )
    say("SQL : requêtes par rendu non caché de la page (lignes en cache), données partagées en mémoire.")


def dated_machine(speed, load_before, load_after):
    """The report's date and machine: what a figure needs to be compared with another day's."""
    return {
        "date": utc_now().isoformat(timespec="seconds"),
        "machine": {
            **machine(),
            "python_loop_ms": speed,
            "load_average_before": load_before,
            "load_average_after": load_after,
        },
    }


def utc_now():
    return datetime.datetime.now(datetime.UTC)


def save(report, prefix):
    """The report as JSON in bench/results/<prefix>-<UTC stamp>.json (ignored by git); returns its path."""
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{prefix}-{utc_now().strftime('%Y%m%dT%H%M%SZ')}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    say(f"\nRésultats : {target.relative_to(ROOT)}")
    return target
