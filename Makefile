# Sinergi: `make run` serves the demo, `make test` runs the whole suite (SQLite, then PostgreSQL).
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
FLASK   := $(BIN)/flask
export FLASK_APP := app.py

.PHONY: run test test-sqlite test-postgres install install-dev translations translations-update browser lint bench clean prove security

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -D "messages wtforms" -d translations -f 2>&1 | grep -v '^compiling' || true

# Extract every marked string to the .pot (also templates/_partials: Babel skips "_" folders unless
# told), then merge it into each catalog (translate the new entries, then `make translations`).
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k _n:1,2
translations-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --ignore-dirs ".*" --no-wrap --sort-by-file -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-wrap --ignore-obsolete

run: install translations
	$(FLASK) db upgrade
	$(FLASK) regions load
	$(FLASK) demo --if-empty
	RUN_SCHEDULER_IN_WEB=1 $(FLASK) run --host 127.0.0.1 --port 5000

browser:
	@bash scripts/ensure-browser.sh

test: install-dev translations browser
	@bash scripts/test.sh

test-sqlite: install-dev translations
	$(BIN)/python -m pytest -q

test-postgres: install-dev translations
	@bash scripts/ensure-postgres.sh
	TEST_DB=postgresql $(BIN)/python -m pytest -q

lint: install-dev
	$(BIN)/ruff check tracker tests app.py

bench: install translations
	$(FLASK) bench --scale 0.1

# Proof under load and faults (minutes; restarts a private PostgreSQL, mounts a tmpfs: run as root).
# Not part of `make test`. PROVE_SCALE=1 is the issue's target data set (10,000 agreements).
PROVE_SCALE ?= 0.1
prove: install-dev translations security
	@bash scripts/ensure-postgres.sh
	PROVE_SCALE=$(PROVE_SCALE) $(BIN)/python scripts/prove/load.py
	$(BIN)/python scripts/prove/faults.py

# Static security scan: fails on any medium or high finding.
security: install-dev
	$(BIN)/bandit -q -r tracker app.py --severity-level medium

clean:
	rm -rf $(VENV) .pytest_cache
