# rollbook — two commands for newcomers: `make app` and `make test`.
# Both create .venv when it is missing and reinstall only when pyproject.toml changed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8866

.PHONY: app test unit notebooks browser lab bench clean help

help:
	@echo "make app    - install and serve the workbook at http://127.0.0.1:$(PORT)/"
	@echo "make test   - install test tools and run unit, notebook and browser tests"
	@echo "make lab    - open the notebooks in JupyterLab for editing"
	@echo "make bench  - print speed and memory figures"

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

app: $(VENV)/.installed-app
	$(BIN)/rollbook app --port $(PORT)

test: $(VENV)/.installed-test $(VENV)/.browser
	$(BIN)/python -m pytest

unit: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit

notebooks: $(VENV)/.installed-test
	$(BIN)/python -m pytest notebooks

browser: $(VENV)/.installed-test $(VENV)/.browser
	$(BIN)/python -m pytest tests/browser

lab: $(VENV)/.installed-app
	MPLBACKEND=module://matplotlib_inline.backend_inline $(BIN)/jupyter lab notebooks/

bench: $(VENV)/.installed-test $(VENV)/.browser
	@for script in benchmarks/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script || exit 1; \
	done

clean:
	rm -rf $(VENV) artifacts .pytest_cache .hypothesis
