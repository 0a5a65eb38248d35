# Digest: `make run` serves the demo site, `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# PostgreSQL used by `make test` when it answers (the suite runs on SQLite first).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/digest

.PHONY: help install run test lint format migrations-check test-sqlite test-postgres lock messages

help:
	@echo "make run      serve the demo site on http://127.0.0.1:8000"
	@echo "make test     lint, migrations check, tests on SQLite and PostgreSQL"
	@echo "make install  create .venv with the locked dependencies"

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

test: install lint migrations-check test-sqlite test-postgres

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

test-sqlite: install
	$(BIN)/pytest -q

test-postgres: install
	@if $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		echo "== tests on PostgreSQL =="; \
		DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest -q; \
	else \
		echo "PostgreSQL does not answer on 127.0.0.1:5432: PostgreSQL tests NOT run."; \
	fi

# Regenerate the lock files after changing pyproject.toml.
lock: install
	$(BIN)/pip-compile --quiet --strip-extras --generate-hashes -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --generate-hashes --extra dev -o requirements/dev.txt pyproject.toml

# Extract and compile the translation catalogs (the compiled .mo files are committed).
messages: install
	$(MANAGE) makemessages -l zh_Hans -l en --ignore=.venv --ignore=benchmarks
	$(MANAGE) compilemessages --ignore=.venv
