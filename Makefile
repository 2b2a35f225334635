# `make demo` and `make test` work on a fresh machine with Python 3.11, Node 20 and the registries.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute addresses (certificates' QR codes and verification links, the admin's e-mails) follow the
# address `make demo` serves, unless the environment names another.
SITE_URL ?= http://$(HOST):$(PORT)
DEMO_ENV := SITE_URL=$(SITE_URL) WAGTAILADMIN_BASE_URL=$(SITE_URL)

.PHONY: setup system-packages demo test lint messages bench bench-exams bench-db clean audit lock upgrade \
	audit-deps third-party

# The virtualenv is built afresh from the locks whenever they change, so it holds exactly what they name:
# every file checked against its hash, wheels only (nothing compiled here that could differ between
# machines). Production installs requirements.txt alone the same way.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --only-binary :all: -r requirements.txt -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

locale/th/LC_MESSAGES/django.mo: locale/th/LC_MESSAGES/django.po $(wildcard locale/wagtail/th/LC_MESSAGES/*.po) \
		$(VENV)/.installed
	$(PY) manage.py compile_translations

# Pango lays out the Thai text of certificate PDFs (WeasyPrint); installed from Debian when missing.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0
system-packages:
	@ldconfig -p | grep -q libpangoft2-1.0 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& apt-get update -q && apt-get install -y -q --no-install-recommends $(PDF_PACKAGES); } \
		|| echo "PDF certificates need Pango: apt-get install $(PDF_PACKAGES)"

setup: system-packages $(VENV)/.installed node_modules/.installed locale/th/LC_MESSAGES/django.mo

demo: setup
	$(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py runserver --nostatic $(HOST):$(PORT)

test: lint
	$(PY) -m pytest
	$(PY) -m tests.supply_chain audit

lint: setup
	$(VENV)/bin/ruff check .

# Extract new strings into the Thai catalogue (needs GNU gettext), then translate them.
messages: setup
	$(PY) manage.py makemessages --locale th --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py compile_translations

# Course pages at national scale (200 courses, 5,000 lessons, 50,000 teachers, 500,000 enrolments) on
# PostgreSQL, with production settings; the data is loaded once into its own database and reused.
BENCH_ENV := DJANGO_SETTINGS_MODULE=lms.settings.production DATABASE_URL=postgres://postgres@127.0.0.1:5432/hcec_bench \
	REDIS_URL=redis://127.0.0.1:6379/5 SECRET_KEY=benchmark-only-$(shell hostname)-not-a-secret-0123456789abcdef \
	ALLOWED_HOSTS=localhost SECURE_SSL_REDIRECT=false VAR_DIR=$(CURDIR)/var/bench \
	CERTIFICATE_SIGNING_KEY=YmVuY2htYXJrLW9ubHktbm90LWEtc2lnbmluZy1rZXk=

bench-db: setup
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'hcec_bench'" | grep -q 1 \
		|| createdb -h 127.0.0.1 -U postgres hcec_bench
	$(BENCH_ENV) $(PY) manage.py migrate --noinput -v0
	$(BENCH_ENV) $(PY) manage.py collectstatic --noinput -v0

bench: bench-db
	$(BENCH_ENV) $(PY) manage.py benchmark_courses

# Testing Center: autosave and exam start beside a bare view, and SQL queries per autosave.
bench-exams: bench-db
	$(BENCH_ENV) $(PY) manage.py benchmark_exams

clean:
	rm -rf $(VENV) node_modules var

# Hostile checks (tests/audit/check_*.py) against a running demo: start `make demo` first, then this.
BASE_URL ?= http://$(HOST):$(PORT)
audit: setup
	$(PY) -m tests.audit --base-url $(BASE_URL)

# The locks: every package, direct and transitive, at one version with the hashes of its files, compiled
# from the ranges in requirements*.in. `make lock` after editing a range moves only what it must;
# `make upgrade` takes the newest releases the ranges allow, then lists the licences and runs the tests.
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile $(LOCK_FLAGS)

lock: $(VENV)/.installed
	$(PIP_COMPILE) $(LOCK_ARGS) -o requirements.txt requirements.in
	$(PIP_COMPILE) $(LOCK_ARGS) -o requirements-dev.txt requirements-dev.in

upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade
	$(MAKE) third-party test

# Known vulnerabilities in the locked Python and npm packages (also run by `make test`).
audit-deps: setup
	$(PY) -m tests.supply_chain audit

# THIRD_PARTY.md: every shipped package with its version and licence, checked against ours.
third-party: setup
	$(PY) -m tests.supply_chain third-party --write
