# Two commands for a fresh clone: `make run` serves the portal with demo data, `make test` runs every test.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
MANAGE := $(PYTHON) manage.py
PORT ?= 8000
export PORT

# A secret key of this checkout's own, created once and kept in the git-ignored var/.
SECRET_KEY ?= $(shell mkdir -p var && (test -s var/secret_key || python3 -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key) && cat var/secret_key)
export SECRET_KEY

# Without DATABASE_URL, the commands below run on the project's own PostgreSQL server, started when
# first needed, its data in var/pgdata (haizhu_portal/embedded_database.py). Settings start it only
# when asked to like this: a deploy that forgets DATABASE_URL gets an error, not an empty database.
ifeq ($(DATABASE_URL),)
export EMBEDDED_DATABASE := 1
endif

.PHONY: install system-packages test-system-packages messages run superuser check test stop-db makemessages deploy-local bench

# Debian packages, installed when missing (as root; otherwise the command says which to install).
# Serving needs gettext to compile the translations and a Chinese TrueType font for the badge PDFs
# (events/badges.py); testing also needs chromium for the browser tests (the same font serves their
# screenshots), and poppler and zbar to read the badges back.
# $(call install-missing,PACKAGE=FILE ...) installs each package whose file is missing.
define install-missing
@missing=""; for pair in $(1); do test -e "$${pair#*=}" || missing="$$missing $${pair%%=*}"; done; \
if [ -n "$$missing" ]; then \
  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
  else echo "Please install:$$missing (Debian packages)"; exit 1; fi; \
fi
endef

system-packages:
	$(call install-missing,gettext=/usr/bin/msgfmt fonts-wqy-microhei=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc)

test-system-packages:
	$(call install-missing,chromium=/usr/bin/chromium poppler-utils=/usr/bin/pdftotext zbar-tools=/usr/bin/zbarimg)

# The interpreter the virtualenv is made from: Debian's python3.11 where it can make one. Its executable holds
# the interpreter itself; on a python3 built from source with --enable-shared and without --enable-optimizations
# (as this machine's other one is), the same Django work takes 13% more instructions and a registration 15-20%
# more processor time (docs/performance.md, "2026-12-07 (evening)"). Any other python3 works, only slower.
BASE_PYTHON ?= $(shell for python in /usr/bin/python3.11 python3; do $$python -c 'import ensurepip, venv' 2>/dev/null && echo $$python && break; done)

$(VENV)/installed: pyproject.toml
	test -x $(PYTHON) || $(BASE_PYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -e ".[test]"
	touch $@

messages: $(VENV)/installed system-packages
	EMBEDDED_DATABASE= DEBUG=1 $(MANAGE) compilemessages --ignore=.venv -v0

install: $(VENV)/installed system-packages messages

run: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput -v0
	@echo "Haizhu Portal on http://127.0.0.1:$(PORT)/ over plain http, DEBUG off. Admin account: make superuser. Ctrl-C stops."
	HTTPS=$${HTTPS:-0} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} sh -c '$(MANAGE) task_worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; $(VENV)/bin/gunicorn haizhu_portal.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -'

# An admin account, with this checkout's secret key and database, as `make run` uses them.
superuser: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) createsuperuser

# What CI holds every change to: lint, formatting, no model change without its migration, Django's checks.
check: $(VENV)/installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=1 DATABASE_POOL=0 $(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check --fail-level WARNING

test: install test-system-packages check
	HTTPS=0 $(VENV)/bin/pytest

stop-db:
	DEBUG=1 $(PYTHON) -c "from pathlib import Path; from haizhu_portal.embedded_database import stop_embedded_database; stop_embedded_database(Path('var/pgdata'))"

makemessages: $(VENV)/installed
	EMBEDDED_DATABASE= DEBUG=1 $(MANAGE) makemessages -l zh_Hans --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks

# The production shape on this machine: nginx, two gunicorn instances, the task worker, object storage
# (see deploy/local_stack.py); needs DATABASE_URL pointing at a PostgreSQL server. Ctrl-C stops it all.
deploy-local: install
	$(PYTHON) deploy/local_stack.py

# Load run on the large data set in its own database (emptied and filled: its name must contain
# "bench"), through deploy-local's shape, then the registration burst, then how long a registration
# holds its event's lock (a registration answering five questions and ticking two sessions), then the
# instructions that registration (confirmed, then waiting; then part by part) and a page, fresh and cached,
# cost Django's process (valgrind), then a page's processor time, fresh and from the page cache. See
# docs/performance.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/haizhu_bench
bench: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PYTHON) benchmarks/production_load.py
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(PYTHON) benchmarks/registration_lock.py --questions 5 --sessions 2
	$(call install-missing,valgrind=/usr/bin/valgrind)
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(PYTHON) benchmarks/registration_instructions.py
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(PYTHON) benchmarks/registration_instructions.py --waiting
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(PYTHON) benchmarks/registration_parts.py
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(PYTHON) benchmarks/page_instructions.py
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} $(PYTHON) benchmarks/page_processor_time.py
