# The README's two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
PORT ?= 5000

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

.PHONY: install run test test-sqlite test-postgres bench
install: $(VENV)/.installed

## Set up and start the app with a demo (SQLite under ./instance).
run: install
	$(FLASK) init
	$(FLASK) demo
	@echo "Open http://127.0.0.1:$(PORT)/ and log in with a demo account above."
	RESOLUTIONS_SECURE_COOKIES=0 $(FLASK) run --port $(PORT)  # plain http on this machine: cookies cannot be Secure

## Set up and run the whole suite on SQLite and on PostgreSQL, the two at once (each waits
## on its database much of the time: about two thirds of the time of one after the other).
test: install
	bash scripts/system-deps.sh
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: install
	$(VENV)/bin/pytest -q

test-postgres: install
	bash scripts/with-postgres.sh $(VENV)/bin/pytest -q

bench: install
	$(PY) bench/run.py
