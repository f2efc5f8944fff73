# cadre-registry: `make run` serves the demo, `make test` runs every test on PostgreSQL.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_ENV := DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/var/db.sqlite3
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-not-secret SECURE_COOKIES=0

.PHONY: run install lint format test pytest smoke messages bench clean

run: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput -v0
	$(DEMO_ENV) $(PY) manage.py load_units --province 20
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo "Serving at http://127.0.0.1:8000/ with a background worker for large imports (Ctrl+C stops)"
	$(DEMO_ENV) $(PY) manage.py db_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || { PYBIN=$$(scripts/find-python) && echo "Creating $(VENV) with $$PYBIN" && "$$PYBIN" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: lint smoke pytest

pytest: install
	scripts/ensure-chromium
	$(TEST_ENV) PYTHON=$(PY) scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

# The demo path of `make run`, on a fresh SQLite database, so that it cannot rot.
smoke: install
	$(TEST_ENV) $(PY) scripts/smoke_demo.py

# Apps with a locale/ folder of their own keep their catalogue there; the rest is in locale/.
OWN_LOCALE_APPS := $(patsubst %/locale,%,$(wildcard */locale))
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l vi --no-obsolete --ignore '.venv/*' --ignore 'var/*' \
		--ignore 'tests/*' $(foreach app,$(OWN_LOCALE_APPS),--ignore '$(app)/*')
	for app in $(OWN_LOCALE_APPS); do (cd $$app && DEBUG=1 ../$(PY) ../manage.py makemessages \
		-l vi --no-obsolete) || exit 1; done
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*'

# National-scale figures (prints them and writes var/bench/results.json); never part of `make test`.
bench: install
	$(TEST_ENV) PYTHON=$(PY) scripts/with-postgres sh -c \
		'$(PY) scripts/bench.py && $(PY) scripts/bench_load.py --growth'
	@if [ -f scripts/bench_import.py ]; then \
		$(TEST_ENV) PYTHON=$(PY) scripts/with-postgres $(PY) scripts/bench_import.py; fi
	$(TEST_ENV) PYTHON=$(PY) scripts/with-postgres $(PY) scripts/bench_import.py --national
	$(TEST_ENV) PYTHON=$(PY) scripts/with-postgres $(PY) scripts/bench_reorganise.py

clean:
	rm -rf var/ .pytest_cache .ruff_cache
