# The project's entry points. `make serve` and `make test` work on a fresh machine:
# they create .venv, install what they need, then run.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint validate bench bench-validate system-deps clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

serve: $(BIN)/.installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(BIN)/.installed
	$(BIN)/mkdocs build --strict

validate: $(BIN)/.installed
	$(BIN)/factcheck validate

# Debian packages the browser tests use (Chromium driven by Playwright, Java for the HTML checker,
# Node/npm for axe-core and vnu-jar); installed only when missing.
DEBIAN_PACKAGES := $(if $(wildcard /usr/bin/chromium),,chromium) $(if $(wildcard /usr/bin/java),,default-jre-headless) \
	$(if $(shell command -v npm),,nodejs npm)
system-deps:
	@if [ -n "$(strip $(DEBIAN_PACKAGES))" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null; \
	fi

# npm packages the tests use (exact versions in package-lock.json); no install scripts: the system Java runs vnu.jar.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Lint: ruff (rules and format, configured in pyproject.toml) and mypy over plugins/.
# `make test` is to run it first once the tree has had its one formatting commit; until then:
#   test: lint $(BIN)/.installed system-deps node_modules/.installed
# is the line to switch to (lint runs without pytest, so it also stands alone in CI).
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(BIN)/.installed system-deps node_modules/.installed
	$(BIN)/python -m pytest

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench.py

bench-validate: $(BIN)/.installed
	$(BIN)/python benchmarks/validate_bench.py

clean:
	rm -rf site .pytest_cache
