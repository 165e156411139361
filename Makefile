# Two commands for a fresh machine: `make serve` and `make test`.
# Every target installs what it needs into .venv from requirements.txt.
PYTHON ?= python3
# Material prints an end-of-life notice on every build; README covers it.
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)

.PHONY: venv validate build serve preview test bench lint browser clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

validate: venv
	$(PY) -m scripts.validate

# Builds into a temporary folder and replaces site/ only when complete: a failed
# or interrupted build leaves the last good site in place (scripts/build.py).
build: venv
	$(PY) -m scripts.build

serve: venv
	$(PY) -m mkdocs serve --strict -a 127.0.0.1:8000

# Fast preview of a few records and their neighbours (see CONTRIBUTING.md):
#   make preview ONLY=content/cases/<id>.yml
preview: venv
	@test -n "$(ONLY)" || { echo "用法：make preview ONLY=content/cases/<编号>.yml" >&2; exit 2; }
	$(PY) -m scripts.preview $(ONLY)

browser:
	bash scripts/ensure_browser.sh

# axe-core for the accessibility tests, pinned in package-lock.json.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(AXE)

test: venv browser $(AXE)
	$(PY) -m pytest

bench: venv browser
	$(PY) -m scripts.bench

lint: venv
	$(PY) -m ruff check .

clean:
	rm -rf site .pytest_cache
