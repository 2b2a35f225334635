# `make demo` and `make test` work on a fresh machine with Python 3.11, Node 20 and the registries.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo test lint messages serve clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

locale/th/LC_MESSAGES/django.mo: locale/th/LC_MESSAGES/django.po $(VENV)/.installed
	$(PY) manage.py compile_translations

setup: $(VENV)/.installed node_modules/.installed locale/th/LC_MESSAGES/django.mo

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .

# Extract new strings into the Thai catalogue (needs GNU gettext), then translate them.
messages: setup
	$(PY) manage.py makemessages --locale th --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py compile_translations

clean:
	rm -rf $(VENV) node_modules var
