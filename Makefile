# Samverkansguiden: `make run` serves the app, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := app

.PHONY: run test install translations extract-messages serve-prod bench preview clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

translations: install
	$(BIN)/pybabel -q compile -d app/translations

instance/secret_key:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@
	chmod 600 $@

run: translations instance/secret_key
	$(BIN)/flask db upgrade
	$(BIN)/flask clauses import clauses
	$(BIN)/flask demo setup
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: translations
	$(BIN)/python -m pytest

# Production: migrate once, then gunicorn (HOST, PORT, WEB_CONCURRENCY, SECRET_KEY or instance/secret_key).
serve-prod: translations
	scripts/serve_prod.sh

# Speed and memory beside floors measured in the same run: bench-report.json and a table.
# BENCH_SECONDS (15), BENCH_BACKENDS (sqlite,postgresql), BENCH_POSTGRES_URL; `make bench BENCH_ARGS=--quick`.
bench: translations
	$(BIN)/python -m bench $(BENCH_ARGS)

# Every example as .docx, .pdf and PNG pages in preview/, for a person to look at.
preview: translations
	$(BIN)/python scripts/preview.py preview

# Update the message catalogues after changing user-visible strings.
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_gettext -o app/translations/messages.pot --no-location --omit-header --sort-output .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) instance/*.sqlite3
