# Two commands for a fresh machine:
#   make run    set up, migrate, load the content, serve on http://127.0.0.1:8000 (SQLite)
#   make test   set up and run the whole suite (set DATABASE_URL to test on PostgreSQL)

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format install clean

$(STAMP): pyproject.toml
	@base="$$(bin/find-python)" || exit 1; \
	  if [ ! -x "$(PY)" ]; then echo "Creating $(VENV) with $$base"; "$$base" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable ".[test]"
	@touch $@

install: $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py createcachetable
	DJANGO_DEBUG=1 $(PY) manage.py load_content
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Tests run with production-like settings (DEBUG off, manifest static files)
# over plain HTTP, and a throwaway secret unless one is set.
test: $(STAMP)
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-tests-only-not-a-real-secret-0123456789abcdefghij}" \
	DJANGO_DEBUG=0 DJANGO_HTTPS=0 \
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var
