# physio: `make run` serves the app, `make test` runs every test, `make serve` is production
# on this machine. Each sets up everything first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; production sets its own environment (see README).
export DEBUG ?= 1

.PHONY: run serve test setup venv db static lint format bench bench-load clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

db: $(STAMP)
	$(BIN)/python manage.py ensure_database
	$(BIN)/python manage.py migrate --noinput

setup: db
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_library

# runserver and the task worker side by side; Ctrl-C stops both.
run: export TASKS_BACKEND = django_tasks_db.DatabaseBackend
run: setup
	$(BIN)/python manage.py serve --dev --bind $(HOST):$(PORT)

static: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

# Production on one machine: DEBUG off, a secret key made once in var/secret_key unless
# SECRET_KEY is set, gunicorn (physio/gunicorn.conf.py) and the task worker side by side;
# Ctrl-C stops both. Plain HTTP on HOST:PORT unless HTTPS=1 (behind a TLS proxy, with
# BEHIND_PROXY=1). The embedded PostgreSQL unless DATABASE_URL is set (see README).
serve: export DEBUG = 0
serve: export SECRET_KEY_FILE ?= $(CURDIR)/var/secret_key
serve: export HTTPS ?= 0
serve: export ALLOWED_HOSTS ?= localhost,127.0.0.1
serve: export TASKS_BACKEND = django_tasks_db.DatabaseBackend
serve: db static
	$(BIN)/python manage.py serve --bind $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# One test process per core (pytest-xdist), each with its own test database.
TEST_WORKERS ?= auto
test: setup lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Builds (once) and reuses two benchmark databases; BENCH_ARGS="--explain" adds the
# plans and profiles of the pages that miss a target (see bench/run.py).
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Load and faults against `make serve` in a throwaway installation under var/bench-load
# (its own embedded PostgreSQL and Redis, both restarted part-way); see bench/load.py.
bench-load: $(STAMP)
	$(BIN)/python -m bench.load $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
