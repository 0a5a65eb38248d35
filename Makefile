# Digest: `make run` serves the demo site, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# PostgreSQL used by `make test` when it answers (the suite runs on SQLite first).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/digest

.PHONY: help install run test lint format migrations-check test-sqlite test-postgres lock messages \
	fault-drill e2e nginx \
	bench load wrk \
	backup restore

help:
	@echo "make run      serve the demo site on http://127.0.0.1:8000"
	@echo "make test     lint, migrations check, tests on SQLite and PostgreSQL"
	@echo "make install  create .venv with the locked dependencies"
	@echo "make e2e      browser tests: journeys, accessibility (axe-core), screenshots (minutes)"
	@echo "make fault-drill  stop this machine's PostgreSQL and Redis under a prod server, check, restore"
	@echo "make bench    benchmark the reader pages (SQLite, PostgreSQL + Redis; < 10 min)"
	@echo "make load     steady load with an editor working, then a burst test (minutes)"
	@echo "make backup   write database + media to backups/digest-YYYYmmdd-HHMMSS.tar.gz"
	@echo "              (BACKUP_DIR=/elsewhere to choose the folder; docs/deploy/backups.md)"
	@echo "make restore FILE=backups/digest-....tar.gz"
	@echo "              restore database + media from a backup (YES=1: overwrite content)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/dev.txt $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Serving Digest on http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/)"
	$(MANAGE) runserver 127.0.0.1:8000

test: install lint migrations-check
	@started=$$(date +%s); $(MAKE) --no-print-directory test-sqlite test-postgres && \
		echo "Both test runs (SQLite and PostgreSQL) took $$(( $$(date +%s) - started )) s."

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# Tests run in parallel, one process per core (pytest-xdist); a module's tests stay together so
# its app servers and sample sites are started once, and modules are handed out in the order
# tests/conftest.py gives them (longest first). pytest prints the count and the time.
# Python keeps the compiled code (an environment may switch that off) so that the processes the
# tests start do not compile the project again each time.
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n auto --dist loadfile --no-loadscope-reorder

test-sqlite: install nginx
	$(PYTEST)

test-postgres: install
	@if $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		echo "== tests on PostgreSQL =="; \
		DATABASE_URL=$(TEST_POSTGRES_URL) $(PYTEST); \
	else \
		echo "PostgreSQL does not answer on 127.0.0.1:5432: PostgreSQL tests NOT run."; \
	fi

# The servers the tests put in front of gunicorn, from Debian: nginx with the brotli module
# (tests/test_compression.py, the documented compression settings) and Varnish
# (tests/test_cdn_varnish.py, the sample VCL). Where systemd runs, Debian also starts their
# own services: `systemctl disable --now nginx varnish` stops them.
BROTLI_MODULE := /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so
nginx:
	@test -x /usr/sbin/nginx -a -f $(BROTLI_MODULE) -a -x /usr/sbin/varnishd || \
		{ apt-get update && apt-get install -y nginx-light libnginx-mod-http-brotli-filter varnish; } || \
		echo "nginx or Varnish could not be installed: their tests will be skipped."

# Browser end-to-end tests (tests/e2e/): Playwright drives Debian's Chromium; axe-core comes
# from npm (tests/e2e/package-lock.json). Screenshots go to test-artifacts/screenshots/;
# DIGEST_DOCS_SCREENSHOTS=1 also refreshes the README's copies in docs/screenshots/.
e2e: install
	@test -x /usr/bin/chromium || { apt-get update && apt-get install -y chromium chromium-driver fonts-noto-cjk; }
	@command -v npm >/dev/null 2>&1 || { apt-get update && apt-get install -y npm; }
	npm ci --prefix tests/e2e --no-audit --no-fund
	DIGEST_E2E=1 $(BIN)/pytest -q tests/e2e
	@if $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		echo "== browser tests on PostgreSQL =="; \
		DIGEST_E2E=1 DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest -q tests/e2e; \
	else \
		echo "PostgreSQL does not answer on 127.0.0.1:5432: browser tests on PostgreSQL NOT run."; \
	fi

# Regenerate the lock files after changing pyproject.toml: one per extra, with hashes, naming
# no package index (pip's own configuration decides where packages come from). pip and
# setuptools are locked too: a virtual environment of Python 3.12 or later has no setuptools,
# which pip-tools needs, and a hashed install refuses anything the lock does not name.
PIP_COMPILE := $(BIN)/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
	--no-emit-index-url --no-emit-find-links
lock: install
	$(PIP_COMPILE) -o requirements/base.txt pyproject.toml
	$(PIP_COMPILE) --extra dev -o requirements/dev.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --extra bench -o requirements/bench.txt pyproject.toml

# Extract and compile the translation catalogs (the compiled .mo files are committed).
messages: install
	$(MANAGE) makemessages -l zh_Hans -l en --ignore=.venv --ignore=benchmarks
	$(MANAGE) compilemessages --ignore=.venv

# Backups (docs/deploy/backups.md): the database and all media files in one archive.
BACKUP_DIR ?= backups
backup: install
	$(MANAGE) backup --output "$(BACKUP_DIR)"

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/digest-YYYYmmdd-HHMMSS.tar.gz [YES=1]"; exit 2; }
	$(MANAGE) restore "$(FILE)" $(if $(YES),--yes)

# Benchmarks (benchmarks/README.md). ARGS passes options, e.g. ARGS="--backends postgres --servers 2".
$(VENV)/.bench-installed: requirements/bench.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/bench.txt
	touch $@

wrk:
	@command -v wrk >/dev/null 2>&1 || apt-get install -y wrk

bench: $(VENV)/.bench-installed wrk
	$(BIN)/python benchmarks/run.py $(ARGS)
	$(BIN)/python benchmarks/load.py --steady-only --duration 20
	$(BIN)/python benchmarks/peer.py

load: $(VENV)/.bench-installed wrk
	$(BIN)/python benchmarks/load.py $(ARGS)

# Stops the machine's PostgreSQL and Redis for a few seconds under a production server, checks the
# site copes (503 / served from the database) and recovers, and always restarts both services.
fault-drill: install
	$(BIN)/python scripts/fault_drill.py
