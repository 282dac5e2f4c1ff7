# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NPM_STAMP := static/node_modules/.package-lock.json
export COCREA_DATABASE_URL ?= sqlite:///data/cocrea.db

.PHONY: run test test-slow check lint typecheck build services browser clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

$(NPM_STAMP): static/package.json static/package-lock.json
	cd static && npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/room.js: $(NPM_STAMP) $(wildcard static/src/*) static/build.mjs
	cd static && npm run --silent build

build: static/dist/room.js

run: $(VENV)/.installed build
	COCREA_SEED_DEMO=1 $(PY) -m server --host 127.0.0.1 --port 8000

# Browser tests need Debian's Chromium; the sync tests need PostgreSQL and Redis.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

services:
	@bash scripts/services.sh

test: $(VENV)/.installed build browser services
	cd static && npm test --silent
	$(PY) -m pytest -m "not slow"

test-slow: $(VENV)/.installed build browser services
	$(PY) -m pytest -m slow

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(VENV)/.installed
	$(PY) -m mypy workshops exporters

check: lint typecheck test

clean:
	rm -rf static/dist $(VENV) static/node_modules
