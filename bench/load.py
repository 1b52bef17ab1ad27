# ruff: noqa: S603, S607 -- a local tool: runs wrk (and apt-get to install it) on loopback URLs only.
"""Load generation: wrk with bench/wrk_report.lua, or a Python fallback when wrk is unavailable.

A path holding "{q}" gets a distinct query on every request (the salt keeps runs apart).
"""

import json
import os
import shutil
import subprocess
import threading
import time

from server import BENCH, HEADERS, say

DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = 8
THREADS = 2
WARMUP = 2  # seconds of wrk per URL before measuring
LUA = BENCH / "wrk_report.lua"


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
    """The load generator: wrk (apt-get installs it when missing and run as root), else the Python fallback."""
    if shutil.which("wrk"):
        return "wrk"
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say("== wrk absent : apt-get install -y wrk")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, timeout=600)
        if shutil.which("wrk"):
            return "wrk"
    say("== wrk indisponible : générateur de charge Python de secours (chiffres moins fiables)")
    return "python"


def measure_function(tool):
    return run_wrk if tool == "wrk" else python_load
