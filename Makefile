# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NPM_STAMP := static/node_modules/.package-lock.json
export COCREA_DATABASE_URL ?= sqlite:///data/cocrea.db

.PHONY: run test test-slow check lint typecheck build services browser fonts clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

$(NPM_STAMP): static/package.json static/package-lock.json
	cd static && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The build also turns server/locales into the pages' messages scripts.
static/dist/manifest.json: $(NPM_STAMP) $(wildcard static/src/*) $(wildcard server/locales/*.json) static/build.mjs
	cd static && npm run --silent build

build: static/dist/manifest.json

# `make run HOST=0.0.0.0`: listen on every interface, so phones on the same
# network join (links and QR codes then name this machine's LAN address).
# Without HOST on the command line: COCREA_HOST, else 127.0.0.1.
run: $(VENV)/.installed build fonts
	COCREA_SEED_DEMO=1 $(PY) -m server $(if $(filter command line,$(origin HOST)),--host $(HOST)) --port 8000

# Debian packages some targets need: Chromium for the browser tests, DejaVu
# fonts for the PNG export of the tree and the PDF, and HarfBuzz's subsetter
# (WeasyPrint warns on import without it, and pytest turns warnings into errors).
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; fi

browser:
	@command -v chromium >/dev/null || { $(call APT_INSTALL,chromium); }

fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { $(call APT_INSTALL,fonts-dejavu-core); }
	@dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || { $(call APT_INSTALL,libharfbuzz-subset0); }

services:
	@bash scripts/services.sh

test: $(VENV)/.installed build browser fonts services lint typecheck
	cd static && npm test --silent
	$(PY) -m pytest -m "not slow"

test-slow: $(VENV)/.installed build browser fonts services
	$(PY) -m pytest -m slow

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(VENV)/.installed
	$(PY) -m mypy server workshops exporters

check: lint typecheck test

clean:
	rm -rf static/dist $(VENV) static/node_modules
