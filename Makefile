# site_inet – the front door. `make run` serves the demo site, `make test` proves it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= site_inet.settings.dev

.PHONY: run test install demo lint format bench clean

# Create the virtualenv and install pinned dependencies (again only when a requirements file changes).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Migrate, load the demo content (idempotent), create the local admin, serve on HOST:PORT.
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_content
	$(PY) manage.py create_dev_superuser --address $(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_content

# Every check CI runs: lint, Django checks, missing migrations, then every test (browser tests included).
test: checks pytest

.PHONY: checks pytest
checks: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=site_inet.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=site_inet.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest: install
	DJANGO_SETTINGS_MODULE=site_inet.settings.test $(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Security audit: known vulnerabilities with a fix in the pinned requirements (pip-audit; an audit that could not
# check every package fails too, unless AUDIT_ALLOW_UNCHECKED=1), every pin against the package index's newest
# release (a warning), then risky code patterns (bandit, medium and up).
.PHONY: audit
audit: install
	$(PY) -m exploitation.audit requirements.txt requirements-dev.txt
	$(VENV)/bin/bandit -q -r . -x ./tests,./.venv,./staticfiles,./media,./node_modules,./bench/ab,'*/migrations/*' --severity-level medium

# Load test under production settings: gunicorn (2 workers) + wrk, ~10 s per URL, table + JSON in bench/results/.
# Quick run: make bench BENCH_DURATION=2 BENCH_COUNT=500 (see docs/performance.md).
bench: install
	BENCH_DURATION=$(or $(BENCH_DURATION),10) BENCH_COUNT=$(or $(BENCH_COUNT),10000) $(PY) bench/run.py

# The same benchmark on this machine's PostgreSQL and Redis: its own database, created then dropped (bench/prod.py).
.PHONY: bench-prod
bench-prod: install
	BENCH_DURATION=$(or $(BENCH_DURATION),10) BENCH_COUNT=$(or $(BENCH_COUNT),10000) $(PY) bench/prod.py

# A/B comparison of two git revisions in the same minutes: each served from its own worktree (bench/ab/<sha>/,
# kept), one database built from B, runs alternated A B B A (BENCH_ROUNDS times), table + bench/results/ab-*.json.
# make bench-ab A=<rev> B=<rev> [BENCH_DURATION=10 BENCH_COUNT=10000 BENCH_ROUNDS=1 BENCH_REUSE_DB=1]
.PHONY: bench-ab
bench-ab: install
	A='$(A)' B='$(B)' BENCH_DURATION=$(or $(BENCH_DURATION),10) BENCH_COUNT=$(or $(BENCH_COUNT),10000) \
		BENCH_ROUNDS=$(or $(BENCH_ROUNDS),1) $(PY) bench/ab.py

# Mixed traffic, proposals included, under production settings: 64 clients for 60 s (~2 min with the set-up).
# Fails on any 5xx or when the proposals stored differ from those acknowledged (see docs/exploitation.md).
.PHONY: loadtest
loadtest: install
	LOADTEST_DURATION=$(or $(LOADTEST_DURATION),60) LOADTEST_CLIENTS=$(or $(LOADTEST_CLIENTS),64) $(PY) bench/loadtest.py

# Screenshots of the editors' guide (docs/guide-redaction.md): the editor journeys' browser tests, saving their
# images into docs/images/guide/. Ordinary test runs walk the same journeys without rewriting the images.
.PHONY: guide-screenshots
guide-screenshots: install
	GUIDE_SCREENSHOTS=1 E2E_REQUIRED=1 DJANGO_SETTINGS_MODULE=site_inet.settings.test $(VENV)/bin/pytest -q \
		tests/browser/test_editors_journey.py tests/browser/test_guide_journeys.py
