# Quick start: `make run` (app on SQLite with the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format bench install install-test translations clean

# Installing compiles the translation catalogs (setup.py); the rule below recompiles one
# whose .po has changed since, so `make run` and `make test` never serve stale text.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard app/translations/*/LC_MESSAGES/messages.po))

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

app/translations/%/LC_MESSAGES/messages.mo: app/translations/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(VENV)/bin/pybabel -q compile -d app/translations -l $*

install: $(VENV)/.installed $(CATALOGS)
install-test: $(VENV)/.installed-test $(CATALOGS)

# Development: without SECRET_KEY the app keeps a random key in instance/ (production refuses).
run: export TETTPAA_DEV ?= 1
run: install
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C stops)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test
	$(PY) scripts/run_tests.py $(ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install-test
	$(PY) -m benchmarks

translations: install-test
	$(VENV)/bin/pybabel extract -F babel.cfg --ignore-dirs '.*' -k _l -k lazy_gettext -o app/translations/messages.pot .
	$(VENV)/bin/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching
	$(VENV)/bin/pybabel -q compile -d app/translations

clean:
	rm -rf $(VENV) test-results .pytest_cache .ruff_cache
