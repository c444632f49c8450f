# The project's entry points. `make serve` and `make test` work on a fresh machine:
# they create .venv, install what they need, then run.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

# Every Python dependency, runtime and test, at the exact version and hashes in the lock file
# (`make lock` regenerates it); then the project itself, editable, without resolving again.
LOCK := requirements/lock.txt

.PHONY: serve build test test-latest test-deps lock lint validate messages bench bench-validate system-deps clean

$(BIN)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

serve: $(BIN)/.installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(BIN)/.installed
	$(BIN)/mkdocs build --strict

validate: $(BIN)/.installed
	$(BIN)/factcheck validate

# Our messages: merge what the templates and code use into every shipped catalogue
# (plugins/factcheck/core/i18n/catalogues/), then list what each language still lacks.
messages: $(BIN)/.installed
	$(BIN)/factcheck messages --update
	@for lang in $$(ls plugins/factcheck/core/i18n/catalogues); do $(BIN)/factcheck messages --missing $$lang 2>/dev/null | sed "s/^/$$lang: /" || true; done

# Debian packages the browser tests use (Chromium driven by Playwright, Java for the HTML checker,
# Node/npm for axe-core and vnu-jar, pngquant for Material's optimize plugin in tests/test_compat.py);
# installed only when missing.
DEBIAN_PACKAGES := $(if $(wildcard /usr/bin/chromium),,chromium) $(if $(wildcard /usr/bin/java),,default-jre-headless) \
	$(if $(shell command -v npm),,nodejs npm) $(if $(shell command -v pngquant),,pngquant)
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
# `make test` runs it first: a lint finding fails the suite like a failing test.
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint system-deps node_modules/.installed
	$(BIN)/python -m pytest

# The newest releases of everything pyproject.toml allows, not the lock: what a team installing
# the plugin today gets. A fresh venv each time; the package installed as a wheel, not editable.
test-latest: system-deps node_modules/.installed
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade '.[test]'
	.venv-latest/bin/python -m pip list
	.venv-latest/bin/python -m pytest -p no:cacheprovider

# The YAML tests once per PyYAML release teams have (each bundles a different libyaml), each in a
# throw-away venv holding the lock with only PyYAML changed.
PYYAML_RELEASES := 6.0.1 6.0.2 6.0.3 6.0.4
YAML_TESTS := tests/test_yamllines.py tests/test_yamlread_fast.py tests/test_errors.py tests/test_hostile.py tests/test_reading_robustness.py
test-deps:
	set -e; for version in $(PYYAML_RELEASES); do \
	  rm -rf .venv-deps && $(PYTHON) -m venv .venv-deps; \
	  .venv-deps/bin/python -m pip install --quiet --require-hashes -r $(LOCK); \
	  .venv-deps/bin/python -m pip install --quiet "PyYAML==$$version"; \
	  .venv-deps/bin/python -m pip install --quiet --no-deps .; \
	  echo "== PyYAML $$version"; \
	  .venv-deps/bin/python -m pytest -q -p no:cacheprovider $(YAML_TESTS); \
	done; rm -rf .venv-deps

# Regenerates the lock from pyproject.toml with the newest versions that fit its ranges, for every
# platform and Python 3.11 onwards. Commit the result after `make test` passes.
lock: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet 'uv>=0.5'
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --universal \
	  --python-version 3.11 --upgrade --custom-compile-command 'make lock' --quiet -o $(LOCK)
	$(BIN)/uv pip compile requirements/build.in --generate-hashes --universal \
	  --python-version 3.11 --upgrade --custom-compile-command 'make lock' --quiet -o requirements/build.txt

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench.py

bench-validate: $(BIN)/.installed
	$(BIN)/python benchmarks/validate_bench.py

clean:
	rm -rf site .pytest_cache
