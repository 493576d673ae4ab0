# Every target bootstraps .venv on first use; only Python 3.11+ is needed on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser test-faults test-fuzz load load-ci lint typecheck format migrate demo superuser schema clean bench bench-smoke

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: export DEBUG ?= true
run: $(STAMP)  ## SQLite, demo content loaded, server on http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py build_documents --missing
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)  ## the whole suite (DATABASE_URL picks the database)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-faults: $(STAMP)  ## database restart and cache outage under load (private PostgreSQL)
	$(BIN)/python -m pytest -m faults -s $(PYTEST_ARGS)

test-fuzz: $(STAMP)  ## schemathesis against the generated OpenAPI schema
	$(BIN)/python -m pytest -m fuzz $(PYTEST_ARGS)

LOAD_CLIENTS ?= 50
LOAD_SECONDS ?= 60
load: $(STAMP)  ## 50 clients for 60 s against gunicorn on a private PostgreSQL; prints figures
	LOAD_CLIENTS=$(LOAD_CLIENTS) LOAD_SECONDS=$(LOAD_SECONDS) \
		$(BIN)/python -m pytest -m load -s $(PYTEST_ARGS)

load-ci:  ## the same load, bounded for CI
	$(MAKE) load LOAD_SECONDS=15
test-browser: $(STAMP)  ## only the headless-Chromium tests (needs Debian's chromium package)
	@test -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" || { \
		echo "No Chromium at $${CHROMIUM_PATH:-/usr/bin/chromium}: apt-get install chromium chromium-driver"; \
		exit 1; }
	$(BIN)/python -m pytest -m browser tests/browser $(PYTEST_ARGS)

lint: $(STAMP)  ## ruff, then mypy (strict on editorial, changes, search, kinds and api/delivery)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

typecheck: $(STAMP)  ## mypy with the Django and DRF plugins (configured in pyproject.toml)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo_content

superuser: migrate  ## create an admin account interactively
	$(BIN)/python manage.py createsuperuser

schema: export DEBUG ?= true
schema: $(STAMP)  ## regenerate the committed OpenAPI file
	$(BIN)/python manage.py spectacular --file api/openapi.yaml --validate --fail-on-warn

bench: $(STAMP)  ## full benchmark: 100 and 10,000 symptoms on PostgreSQL, gunicorn and granian
	$(BIN)/python -m bench.run --servers gunicorn,granian $(BENCH_ARGS)

bench-smoke: $(STAMP)  ## short benchmark run (100 symptoms, 2 s per scenario), as in CI
	$(BIN)/python -m bench.run --smoke $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
