# Staffing planner for bank customer-manager teams. `make help` lists the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app planner
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
DEMO_SIZE ?= small
DEMO_SEED ?= 1

.DEFAULT_GOAL := help
.PHONY: help install browser demo serve test bench bench-quick lint format i18n-extract i18n-update i18n-compile clean

help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed i18n-compile ## Install Python and front-end dependencies, compile translations

demo: install ## Create the database, load the demo bank and serve it at http://127.0.0.1:5000
	$(FLASK) db upgrade
	$(FLASK) demo --size $(DEMO_SIZE) --seed $(DEMO_SEED)
	@$(MAKE) --no-print-directory serve

serve: ## Serve the app with waitress (no reload)
	@echo "Serving at http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	$(VENV)/bin/waitress-serve --host $(HOST) --port $(PORT) --threads 8 --call planner:create_app

browser: ## Install Debian's Chromium for the browser tests (when missing and running as root)
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || echo "chromium missing: browser tests will be skipped"

test: install browser ## Run the whole test suite (DATABASE_URL=postgresql://... runs it on PostgreSQL)
	$(PY) -m pytest -q -p no:cacheprovider

bench: install ## Run every benchmark at full size (pages, GAP ~45 min, bank-scale assignment, plan, planning loop, result pages, import/export)
	$(PY) bench/pages.py
	$(PY) bench/gap.py
	$(PY) bench/assign_bank.py
	$(PY) bench/plan.py
	$(PY) bench/run_loop.py
	$(PY) bench/result_pages.py
	$(PY) bench/imports.py

bench-quick: install ## Run the benchmarks on their quick sets (a few minutes)
	$(PY) bench/pages.py --requests 50
	$(PY) bench/gap.py --quick
	$(PY) bench/assign_bank.py --quick
	$(PY) bench/plan.py
	$(PY) bench/run_loop.py --size small
	$(PY) bench/result_pages.py --size small --requests 20
	$(PY) bench/imports.py --cms 1000

lint: install ## Check style (ruff), types of the solver and the planner (mypy) and the import contracts (lint-imports)
	$(VENV)/bin/ruff check planner solver tests bench migrations
	$(VENV)/bin/ruff format --check planner solver tests bench migrations
	$(VENV)/bin/mypy solver planner
	$(VENV)/bin/lint-imports

format: install ## Format the code with ruff
	$(VENV)/bin/ruff check --fix planner solver tests bench migrations
	$(VENV)/bin/ruff format planner solver tests bench migrations

i18n-extract: $(VENV)/.installed ## Extract translatable strings into planner/translations/messages.pot
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output -o planner/translations/messages.pot .

i18n-update: i18n-extract ## Merge new strings into the Chinese catalogue and fill it from planner/translations/zh/*.json
	$(VENV)/bin/pybabel update -i planner/translations/messages.pot -d planner/translations -l zh_Hans_CN --no-fuzzy-matching --ignore-obsolete
	$(PY) scripts/fill_translations.py planner/translations/zh/*.json

i18n-compile: $(VENV)/.installed ## Compile the catalogues (.po → .mo)
	$(VENV)/bin/pybabel compile -d planner/translations

clean: ## Remove the virtual environment, node_modules and caches (not the database)
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
