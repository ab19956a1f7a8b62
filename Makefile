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

# Update the message catalogues after changing user-visible strings.
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_gettext -o app/translations/messages.pot --no-location --omit-header --sort-output .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) instance/*.sqlite3
