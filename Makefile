# Two commands for a fresh machine:
#   make run    set up, migrate, load the content, serve on http://127.0.0.1:8000 (SQLite)
#   make test   set up and run the whole suite (set DATABASE_URL to test on PostgreSQL)

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format install vnu clean messages

$(STAMP): pyproject.toml
	@base="$$(bin/find-python)" || exit 1; \
	  if [ ! -x "$(PY)" ]; then echo "Creating $(VENV) with $$base"; "$$base" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable ".[test]"
	@touch $@

install: $(STAMP)

# The Spanish interface: .po files are committed, .mo files are built (GNU gettext).
messages: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "Install GNU gettext (apt-get install -y gettext)"; exit 1; }
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=var -v0

run: $(STAMP) messages
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py createcachetable
	DJANGO_DEBUG=1 $(PY) manage.py load_content
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Tests run with production-like settings (DEBUG off, manifest static files)
# over plain HTTP, and a throwaway secret unless one is set.
test: $(STAMP) messages
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-tests-only-not-a-real-secret-0123456789abcdefghij}" \
	DJANGO_DEBUG=0 DJANGO_HTTPS=0 \
	$(PY) -m pytest $(PYTEST_ARGS)

# The W3C Nu HTML Checker for tests/test_html_validity.py, from npm into the
# git-ignored var/vnu/. --ignore-scripts skips vnu-jar's postinstall, which
# would download a Java runtime from GitHub when no `java` is on PATH: the
# tests use the system's Java 17+ (Debian's default-jre-headless) instead.
VNU_VERSION := 26.9.27
VNU_JAR := var/vnu/node_modules/vnu-jar/build/dist/vnu.jar
VNU_STAMP := var/vnu/.installed-$(VNU_VERSION)

$(VNU_STAMP):
	npm install --prefix var/vnu --ignore-scripts --no-audit --no-fund --silent "vnu-jar@$(VNU_VERSION)"
	@test -f $(VNU_JAR) || { echo "npm did not install $(VNU_JAR)"; exit 1; }
	@touch $@

vnu: $(VNU_STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var
