# rollbook — two commands for newcomers: `make app` and `make test`.
# Both create .venv when it is missing and reinstall only when pyproject.toml changed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8866

.PHONY: lint app test unit notebooks browser lab bench icons gallery clean help test-pythons check clean-notebooks preview hub-proxy messages frontend

help:
	@echo "make app    - install and serve the workbook at http://127.0.0.1:$(PORT)/"
	@echo "make test   - install test tools; check, lint, type-check; run unit, notebook and browser tests"
	@echo "make lint   - ruff check, ruff format --check, mypy --strict and the import layers (lint-imports)"
	@echo "make lab    - open the notebooks in JupyterLab for editing"
	@echo "make preview - serve the workbook for editing; saved changes show at once"
	@echo "make check  - check content, pages.toml and notebooks, with a fix for each problem"
	@echo "make clean-notebooks - remove outputs and widget state from every notebook"
	@echo "make bench  - print speed and memory figures"
	@echo "make test-pythons - run the unit tests on Python 3.11, 3.12 and 3.13"
	@echo "make messages - write build/rollbook.pot (strings to translate) and compile each language"
	@echo "make frontend - rebuild the page script from frontend/ (needs Node and npm)"
	@echo "make gallery - write every exercise and rolling drawing to artifacts/gallery.html"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files record that an install ran against the current pyproject.toml.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@
	touch $(VENV)/.installed-app

# Debian's /usr/bin/chromium is used when present (offline machines); otherwise
# Playwright downloads its own Chromium once.
$(VENV)/.browser: $(VENV)/.installed-test
	@if [ -x /usr/bin/chromium ]; then \
		echo "Using /usr/bin/chromium for browser tests"; \
	else \
		$(BIN)/python -m playwright install chromium; \
	fi
	touch $@

# JupyterHub's proxy for the hub tests (tests/browser/test_hub.py), from npm, pinned.
HUB_PROXY := $(VENV)/hub/node_modules/.bin/configurable-http-proxy

$(HUB_PROXY): | $(BIN)/python
	npm install --prefix $(VENV)/hub --no-audit --no-fund --loglevel=error configurable-http-proxy@5.3.0
	touch $@

hub-proxy: $(HUB_PROXY)

app: $(VENV)/.installed-app
	$(BIN)/rollbook app --port $(PORT)

test: $(VENV)/.installed-test $(VENV)/.browser $(HUB_PROXY)
	$(BIN)/rollbook check
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest

# Lint, format and strict types over the code and its tests (pinned in pyproject.toml).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy --strict src tests
	$(BIN)/lint-imports --no-cache

unit: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit

notebooks: $(VENV)/.installed-test
	$(BIN)/python -m pytest notebooks

browser: $(VENV)/.installed-test $(VENV)/.browser $(HUB_PROXY)
	$(BIN)/python -m pytest tests/browser

# JupyterLab on the notebooks; its Voila preview uses the workbook's template, and it
# runs as root too (rollbook/app/lab.py).
lab: $(VENV)/.installed-app
	$(BIN)/rollbook lab

# The workbook for editing: no warm kernels, pages.toml read on every visit, and an
# open page reloads when a notebook or content file is saved (docs/content.md).
preview: $(VENV)/.installed-app
	$(BIN)/rollbook preview

# What an educator runs before sharing a change (make test runs it too).
check: $(VENV)/.installed-app
	$(BIN)/rollbook check

# Remove outputs, execution counts and widget state from every notebook.
clean-notebooks: $(VENV)/.installed-app
	$(BIN)/rollbook clean

bench: $(VENV)/.installed-test $(VENV)/.browser
	@for script in benchmarks/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script || exit 1; \
	done

# The unit tests on every supported Python. Each version gets its own virtualenv
# (.venv-3.11 …); each interpreter comes from pyenv when it has that version, else
# from PATH. Set PYTHONS to the versions you have, e.g. `make test-pythons PYTHONS=3.12`.
PYTHONS ?= 3.11 3.12 3.13
test-pythons:
	@for v in $(PYTHONS); do \
		echo "== Python $$v"; \
		py=""; \
		if command -v pyenv >/dev/null && full=$$(pyenv latest $$v 2>/dev/null); then \
			py="$$(pyenv root)/versions/$$full/bin/python$$v"; fi; \
		[ -x "$$py" ] || py=python$$v; \
		$$py --version >/dev/null 2>&1 || { echo "Python $$v not found (PATH or pyenv)"; exit 1; }; \
		[ -x .venv-$$v/bin/python ] || $$py -m venv .venv-$$v || exit 1; \
		.venv-$$v/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]" || exit 1; \
		.venv-$$v/bin/python -m pytest tests/unit -q -p no:cacheprovider || exit 1; \
	done

# The home-screen icons: PNGs drawn by Chromium from the committed icon.svg.
icons: $(VENV)/.installed-test $(VENV)/.browser
	$(BIN)/python tools/render_icons.py

# Rebuilds the page script (frontend/ -> share/.../static/page/) from the pinned npm
# packages. The built files are committed, so only a change in frontend/ needs Node.
frontend:
	cd frontend && npm ci --no-audit --no-fund && node build.mjs

# For educators reviewing the drawings in poses.toml; not linked from the app.
gallery: $(VENV)/.installed-app
	$(BIN)/python -m rollbook.pictures.gallery artifacts/gallery.html

clean:
	rm -rf $(VENV) .venv-3.* artifacts .pytest_cache .hypothesis

# Translations (docs/translating.md): every string passed to rollbook.i18n's _(), N_()
# or ngettext() goes into build/rollbook.pot; each language's rollbook.po under
# src/rollbook/locale/ is compiled to the rollbook.mo the app reads.
messages: $(VENV)/.installed-test
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg --project rollbook --sort-by-file -o build/rollbook.pot \
		src/rollbook share/jupyter/voila/templates/rollbook
	@for po in src/rollbook/locale/*/LC_MESSAGES/rollbook.po; do \
		[ -e "$$po" ] || continue; \
		$(BIN)/pybabel compile --statistics -i "$$po" -o "$${po%.po}.mo"; \
	done
