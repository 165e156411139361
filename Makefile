# Two commands for a fresh machine: `make serve` and `make test`.
# Every target installs what it needs into .venv from requirements.txt.
PYTHON ?= python3
# Material prints an end-of-life notice on every build; README covers it.
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)

.PHONY: venv validate check-sources build serve preview test bench lint browser clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

validate: venv
	$(PY) -m scripts.validate

# Numbers and close paraphrases checked against the source texts (scripts/check_sources.py);
# fails when a number is not in the document a record cites.
SOURCES ?= ../shared/seeds
check-sources: venv
	$(PY) -m scripts.check_sources $(SOURCES)

# Builds into a temporary folder and replaces site/ only when complete: a failed
# or interrupted build leaves the last good site in place (scripts/build.py).
build: venv
	@test -n "$(SITE_URL)$(PREVIEW)" || { echo "请设置网站的正式地址，例如：make build SITE_URL=https://example.org/casebook/（只生成预览用 make build PREVIEW=1，本机预览用 make serve）" >&2; exit 2; }
	$(PY) -m scripts.build

serve: venv
	$(PY) -m mkdocs serve --strict -a 127.0.0.1:8000

# Fast preview of a few records and their neighbours (see CONTRIBUTING.md):
#   make preview ONLY=content/cases/<id>.yml [ADDR=127.0.0.1:8001]
ADDR ?= 127.0.0.1:8000
preview: venv
	@test -n "$(ONLY)" || { echo "用法：make preview ONLY=content/cases/<编号>.yml" >&2; exit 2; }
	$(PY) -m scripts.preview --addr $(ADDR) $(ONLY)

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
