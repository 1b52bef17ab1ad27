# ruff: noqa: S603, S607 -- a local tool: runs this project's bench against the machine's own PostgreSQL and Redis.
"""`make bench-prod`: `make bench` on the production stack of this machine, PostgreSQL and Redis.

Creates its own PostgreSQL database (BENCH_PG_URL names the server, default postgres://postgres@127.0.0.1:5432),
empties a Redis database of its own (BENCH_REDIS_URL, default redis://127.0.0.1:6379/14), runs bench/run.py
with DATABASE_URL and REDIS_URL pointing at them, then drops the database, whatever happened.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

BENCH = Path(__file__).resolve().parent
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
NAME = f"site_inet_bench_{os.getpid()}"


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin(statement):
    with psycopg.connect(with_database(SERVER, "postgres"), autocommit=True) as connection:
        connection.execute(statement)


def main():
    print(f"== PostgreSQL : base {NAME} créée ; Redis : {REDIS} vidé", flush=True)
    admin(f'CREATE DATABASE "{NAME}"')
    redis.Redis.from_url(REDIS).flushdb()
    env = {**os.environ, "DATABASE_URL": with_database(SERVER, NAME), "REDIS_URL": REDIS}
    try:
        return subprocess.run([sys.executable, str(BENCH / "run.py")], env=env, check=False).returncode
    finally:
        admin(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        redis.Redis.from_url(REDIS).flushdb()
        print(f"== Base {NAME} supprimée, Redis vidé", flush=True)


if __name__ == "__main__":
    sys.exit(main())
